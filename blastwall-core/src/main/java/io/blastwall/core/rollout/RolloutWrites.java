package io.blastwall.core.rollout;

import io.blastwall.core.lifecycle.ChangeState;
import io.blastwall.core.lifecycle.Trigger;
import io.blastwall.core.store.RecordNotFoundException;
import io.blastwall.core.store.StoredChange;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a rollout step is written: the rollout row (compare-and-set on its version), the change's lifecycle transition
 * when the rollout's state maps to another change state, and the ledger entries — all in one transaction, before the
 * engine acts on it. Stateless.
 */
final class RolloutWrites {

    static final String SYSTEM = "system";

    private RolloutWrites() {
    }

    /**
     * Writes {@code next} over {@code before} and records {@code action}. Returns the rollout as written.
     *
     * @param forward a step that moves the rollout towards more of the estate: refused while the emergency stop is on
     *                (when it leaves the rollout running; rollbacks and halts always go through)
     */
    static Rollout save(RolloutTransaction tx, Rollout before, Rollout next, String actor, String action,
                        Map<String, Object> payload, boolean forward, Instant now) {
        if (forward && next.state() == RolloutState.RUNNING) {
            tx.emergencyStop().ifPresent(s -> {
                throw new RolloutRefusedException("emergency-stop", "the emergency stop is on (" + s.by()
                        + (s.reason().isEmpty() ? "" : ": " + s.reason()) + "); no wave is applied or promoted until an admin clears it");
            });
        }
        Rollout written = next.written(now);
        tx.updateRollout(written, before.version());
        transitionChange(tx, before.state(), written, actor, now);
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("rolloutId", written.id());
        p.put("revision", (long) written.revision());
        p.put("contentHash", written.contentHash());
        p.put("wave", (long) written.currentWave());
        p.put("state", written.state().externalName());
        p.putAll(payload);
        tx.appendLedger(actor, action, written.changeId(), p, now);
        return written;
    }

    /** Moves the change to the state the rollout's new state maps to, with its own ledger entry. */
    static void transitionChange(RolloutTransaction tx, RolloutState from, Rollout r, String actor, Instant now) {
        ChangeState target = r.state().changeState();
        StoredChange c = tx.findChange(r.changeId()).orElseThrow(() -> new RecordNotFoundException("change", r.changeId()));
        if (c.state() == target) return;
        Trigger trigger = switch (target) {
            case ROLLING_OUT -> Trigger.RESUME;
            case HALTED -> Trigger.HALT;
            case ROLLING_BACK -> Trigger.ROLL_BACK;
            case COMPLETED -> Trigger.COMPLETE;
            case ROLLED_BACK -> Trigger.FINISH_ROLL_BACK;
            case ABORTED -> Trigger.ABORT;
            case PROPOSED, ANALYSED, AWAITING_APPROVAL, APPROVED, REJECTED, WITHDRAWN, SCHEDULED ->
                    throw new IllegalStateException("a rollout never moves its change to " + target.externalName());
        };
        transition(tx, c, trigger, target, actor, r, "rollout " + r.id() + " is " + r.state().externalName()
                + (r.reason().isEmpty() ? "" : ": " + r.reason()), now);
    }

    static StoredChange transition(RolloutTransaction tx, StoredChange c, Trigger trigger, ChangeState to, String actor,
                                   Rollout r, String reason, Instant now) {
        StoredChange next = tx.transition(c.id(), trigger, c.state(), to, c.version());
        tx.appendLedger(actor, "change.transition", c.id(), ordered(
                "from", c.state().externalName(), "to", to.externalName(), "trigger", trigger.externalName(),
                "revision", (long) r.revision(), "contentHash", r.contentHash(), "reason", reason,
                "rolloutId", r.id()), now);
        return next;
    }

    /** A wave as the ledger records it. */
    static Map<String, Object> wave(Wave w) {
        List<Object> targets = new ArrayList<>();
        for (RolloutTarget t : w.targets()) targets.add(t.key());
        return ordered("wave", (long) w.number(), "label", w.label(), "targets", targets,
                "bakeSeconds", w.bake().toSeconds());
    }

    /** A verdict as the ledger records it (finite numbers only: the ledger is canonical JSON). */
    static Map<String, Object> verdict(WaveVerdict v) {
        List<Object> metrics = new ArrayList<>();
        for (WaveVerdict.MetricVerdict m : v.metrics()) {
            metrics.add(ordered("name", m.name(), "outcome", m.outcome(), "critical", m.critical(),
                    "baselineCount", (long) m.baselineCount(), "canaryCount", (long) m.canaryCount(),
                    "effect", finite(m.effect()), "pValue", finite(m.pValue()), "detail", m.detail()));
        }
        return ordered("outcome", v.outcome().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'),
                "score", finite(v.score()), "reasons", List.copyOf(v.reasons()), "metrics", metrics);
    }

    private static Object finite(double d) {
        return Double.isFinite(d) ? (Object) d : null;
    }

    static Map<String, Object> ordered(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }
}
