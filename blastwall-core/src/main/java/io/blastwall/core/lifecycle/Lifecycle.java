package io.blastwall.core.lifecycle;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import static io.blastwall.core.lifecycle.ChangeState.*;
import static io.blastwall.core.lifecycle.Trigger.*;

/**
 * The change lifecycle as an explicit transition table: every legal move is listed with the trigger that makes it;
 * anything else is an {@link IllegalTransitionException}. Amending (a new revision) restarts the analysis from
 * {@code proposed} and voids approvals; a re-check that finds the change or its verdict different sends an approved
 * or scheduled change back to {@code awaiting-approval}.
 *
 * <pre>
 * proposed ─analyse→ analysed ─require-approval→ awaiting-approval ─approve→ approved ─schedule→ scheduled
 *    analysed ─approve→ approved (nothing to approve)      analysed | awaiting-approval ─reject→ rejected
 *    scheduled ─start-rollout→ rolling-out ─complete→ completed | ─halt→ halted | ─roll-back→ rolling-back
 *    halted ─resume→ rolling-out | ─roll-back→ rolling-back | ─complete→ completed (last wave promoted by hand)
 *    rolling-back ─finish-roll-back→ rolled-back | ─halt→ halted (a rollback step failed, or the emergency stop)
 *    scheduled | rolling-out | halted ─abort→ aborted (waves applied so far stay applied)
 *    proposed | analysed | awaiting-approval | approved | scheduled ─withdraw→ withdrawn
 *    analysed | awaiting-approval | approved ─amend→ proposed;   approved | scheduled ─invalidate→ awaiting-approval
 * </pre>
 *
 * <p>Stateless and thread-safe.
 */
public final class Lifecycle {

    /** One legal move. */
    public record Transition(ChangeState from, Trigger trigger, ChangeState to) {
    }

    private static final List<Transition> TABLE = List.of(
            new Transition(PROPOSED, ANALYSE, ANALYSED),
            new Transition(PROPOSED, WITHDRAW, WITHDRAWN),
            new Transition(ANALYSED, REQUIRE_APPROVAL, AWAITING_APPROVAL),
            new Transition(ANALYSED, APPROVE, APPROVED),
            new Transition(ANALYSED, REJECT, REJECTED),
            new Transition(ANALYSED, WITHDRAW, WITHDRAWN),
            new Transition(ANALYSED, AMEND, PROPOSED),
            new Transition(AWAITING_APPROVAL, APPROVE, APPROVED),
            new Transition(AWAITING_APPROVAL, REJECT, REJECTED),
            new Transition(AWAITING_APPROVAL, WITHDRAW, WITHDRAWN),
            new Transition(AWAITING_APPROVAL, AMEND, PROPOSED),
            new Transition(APPROVED, SCHEDULE, SCHEDULED),
            new Transition(APPROVED, WITHDRAW, WITHDRAWN),
            new Transition(APPROVED, AMEND, PROPOSED),
            new Transition(APPROVED, INVALIDATE, AWAITING_APPROVAL),
            new Transition(SCHEDULED, START_ROLLOUT, ROLLING_OUT),
            new Transition(SCHEDULED, WITHDRAW, WITHDRAWN),
            new Transition(SCHEDULED, INVALIDATE, AWAITING_APPROVAL),
            new Transition(ROLLING_OUT, COMPLETE, COMPLETED),
            new Transition(ROLLING_OUT, HALT, HALTED),
            new Transition(ROLLING_OUT, ROLL_BACK, ROLLING_BACK),
            new Transition(ROLLING_OUT, ABORT, ABORTED),
            new Transition(SCHEDULED, ABORT, ABORTED),
            new Transition(HALTED, RESUME, ROLLING_OUT),
            new Transition(HALTED, ROLL_BACK, ROLLING_BACK),
            new Transition(HALTED, ABORT, ABORTED),
            new Transition(HALTED, COMPLETE, COMPLETED),
            new Transition(ROLLING_BACK, FINISH_ROLL_BACK, ROLLED_BACK),
            new Transition(ROLLING_BACK, HALT, HALTED));

    private static final Map<ChangeState, Map<Trigger, ChangeState>> BY_FROM = new EnumMap<>(ChangeState.class);

    static {
        for (Transition t : TABLE) {
            ChangeState previous = BY_FROM.computeIfAbsent(t.from(), k -> new EnumMap<>(Trigger.class)).put(t.trigger(), t.to());
            if (previous != null) throw new ExceptionInInitializerError("two transitions from " + t.from() + " on " + t.trigger());
        }
    }

    private Lifecycle() {
    }

    /** The whole table, for documentation and tests. */
    public static List<Transition> table() {
        return TABLE;
    }

    /** The state {@code trigger} leads to from {@code from}; throws when the table has no such move. */
    public static ChangeState next(ChangeState from, Trigger trigger) {
        ChangeState to = BY_FROM.getOrDefault(from, Map.of()).get(trigger);
        if (to == null) throw new IllegalTransitionException(from, null, trigger);
        return to;
    }

    /** Checks that moving from {@code from} to {@code to} by {@code trigger} is legal. */
    public static Transition check(ChangeState from, Trigger trigger, ChangeState to) {
        ChangeState legal = BY_FROM.getOrDefault(from, Map.of()).get(trigger);
        if (legal != to) throw new IllegalTransitionException(from, to, trigger);
        return new Transition(from, trigger, to);
    }

    static String describeAllowed(ChangeState from) {
        Map<Trigger, ChangeState> moves = BY_FROM.getOrDefault(from, Map.of());
        if (moves.isEmpty()) return "nothing (" + from.externalName() + " is final)";
        List<String> out = new ArrayList<>();
        moves.forEach((t, s) -> out.add(t.externalName() + " → " + s.externalName()));
        return String.join(", ", out);
    }
}
