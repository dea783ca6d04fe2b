package io.blastwall.core.rollout;

import io.blastwall.core.approval.ApprovalRules;
import io.blastwall.core.approval.Approver;
import io.blastwall.core.lifecycle.ChangeState;
import io.blastwall.core.lifecycle.Trigger;
import io.blastwall.core.store.Principal;
import io.blastwall.core.store.RecordNotFoundException;
import io.blastwall.core.store.StoredChange;
import io.blastwall.core.store.StoredRevision;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

import static io.blastwall.core.rollout.RolloutWrites.ordered;
import static io.blastwall.core.rollout.RolloutWrites.save;

/**
 * What people (and agents, where allowed) ask of rollouts: start one for an approved change, pause, resume, abort,
 * promote a wave by hand, fast rollback, and the emergency stop. Each command is one transaction that checks the
 * rollout is still as read (compare-and-set), moves the change's lifecycle and writes the ledger; a refused command
 * writes nothing ({@link RolloutRefusedException}).
 *
 * <p>Who may do what: anyone authenticated may pause, roll back or pull the emergency stop (they only make things
 * safer); resuming and aborting need a human; promoting by hand follows the approval rules (no agent, not the author
 * nor the human an agent author acts for, and a role the change's approvals required, or admin); clearing the
 * emergency stop needs the admin role.
 *
 * <p>Thread-safe.
 */
public final class RolloutCommands {

    /** The role that may clear the emergency stop. */
    public static final String ADMIN = "admin";

    /**
     * What to start.
     *
     * @param changeId     the change, which must be approved at this revision and content hash
     * @param targets      the change's rollout targets (see {@link WavePlanner#targets})
     * @param everywhere   the change declares "everywhere at once"
     * @param policy       the rollout policy, with the verdict's requirement folded in
     * @param promoteRoles roles that may promote a wave by hand
     */
    public record StartRequest(String changeId, int revision, String contentHash, List<RolloutTarget> targets,
                               boolean everywhere, RolloutPolicy policy, List<String> promoteRoles) {
        public StartRequest {
            Objects.requireNonNull(changeId, "changeId");
            Objects.requireNonNull(contentHash, "contentHash");
            targets = List.copyOf(targets);
            Objects.requireNonNull(policy, "policy");
            promoteRoles = List.copyOf(promoteRoles);
        }
    }

    private final RolloutStore store;
    private final Clock clock;
    private final Supplier<String> ids;

    /** @param ids new rollout ids ({@code ro_…}); unique */
    public RolloutCommands(RolloutStore store, Clock clock, Supplier<String> ids) {
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.ids = Objects.requireNonNull(ids, "ids");
    }

    /**
     * Plans and starts a rollout: the change goes approved → scheduled → rolling-out, and the rollout is stored with
     * its plan, all in one transaction. The first wave is applied by the engine's next tick.
     */
    public Rollout start(Principal actor, StartRequest req) {
        List<Wave> plan = WavePlanner.plan(req.targets(), req.policy(), req.everywhere());
        Instant now = clock.instant();
        String id = ids.get();
        return store.inTransaction(tx -> {
            tx.emergencyStop().ifPresent(s -> {
                throw new RolloutRefusedException("emergency-stop", "the emergency stop is on (" + s.by() + ": "
                        + s.reason() + "); no rollout starts until an admin clears it");
            });
            StoredChange c = tx.findChange(req.changeId()).orElseThrow(() -> new RecordNotFoundException("change", req.changeId()));
            if (c.state() != ChangeState.APPROVED) {
                throw new RolloutRefusedException("not-approved", "change " + c.id() + " is " + c.state().externalName()
                        + "; only an approved change is rolled out");
            }
            StoredRevision rev = tx.findRevision(c.id(), c.currentRevision())
                    .orElseThrow(() -> new RecordNotFoundException("revision", c.id() + "#" + c.currentRevision()));
            if (rev.revision() != req.revision() || !rev.contentHash().equals(req.contentHash())) {
                throw new RolloutRefusedException("stale-revision", "change " + c.id() + " is at revision "
                        + rev.revision() + " (content " + rev.contentHash() + "), not the revision " + req.revision()
                        + " that was planned; plan again");
            }
            tx.activeRolloutOf(c.id()).ifPresent(r -> {
                throw new RolloutRefusedException("already-rolling-out", "change " + c.id() + " already has rollout "
                        + r.id() + " (" + r.state().externalName() + ")");
            });
            List<WaveStatus> waves = new ArrayList<>();
            for (Wave w : plan) waves.add(WaveStatus.pending(w.number()));
            Rollout r = new Rollout(id, c.id(), rev.revision(), rev.contentHash(), req.policy(), plan, waves,
                    RolloutState.RUNNING, 1, false, "", req.promoteRoles(), actor.id(), 1, now, now);
            StoredChange scheduled = RolloutWrites.transition(tx, c, Trigger.SCHEDULE, ChangeState.SCHEDULED, actor.id(),
                    r, "rollout " + id + " planned in " + plan.size() + " waves", now);
            RolloutWrites.transition(tx, scheduled, Trigger.START_ROLLOUT, ChangeState.ROLLING_OUT, actor.id(), r,
                    "rollout " + id + " started", now);
            tx.insertRollout(r);
            List<Object> waveList = new ArrayList<>();
            for (Wave w : plan) waveList.add(RolloutWrites.wave(w));
            RolloutPolicy p = req.policy();
            tx.appendLedger(actor.id(), "rollout.started", c.id(), ordered("rolloutId", id, "revision", (long) r.revision(),
                    "contentHash", r.contentHash(), "targets", (long) req.targets().size(), "everywhere", req.everywhere(),
                    "plan", waveList, "policy", ordered("minWaves", (long) p.minWaves(), "bakeSeconds", p.bake().toSeconds(),
                            "maxShareAtOnce", p.maxShareAtOnce(), "growthFactor", p.growthFactor(),
                            "everywhere", p.everywhere().name().toLowerCase(java.util.Locale.ROOT),
                            "autoRollback", p.autoRollback())), now);
            return r;
        });
    }

    /** Stops applying waves until resumed (a rollback in progress pauses too). */
    public Rollout pause(Principal actor, String id, String reason) {
        return command(id, actor, r -> {
            need(r, r.state() == RolloutState.RUNNING || r.state() == RolloutState.ROLLING_BACK, "pause");
            return r.withState(RolloutState.PAUSED, "paused by " + actor.id() + suffix(reason));
        }, "rollout.paused", ordered("reason", text(reason)), false);
    }

    /**
     * Continues a paused or halted rollout: a wave being baked is watched for another full bake, a failed apply is
     * tried again (new idempotency key), a rollback continues. A wave that failed its canary analysis is not resumed:
     * promote it by hand or roll back.
     */
    public Rollout resume(Principal actor, String id) {
        requireHuman(actor, "resume a rollout");
        Instant now = clock.instant();
        return command(id, actor, r -> {
            need(r, r.state() == RolloutState.PAUSED || r.state() == RolloutState.HALTED, "resume");
            if (r.reversing()) return r.withState(RolloutState.ROLLING_BACK, "resumed by " + actor.id());
            WaveStatus w = r.status();
            WaveStatus next = switch (w.phase()) {
                case BAKING -> w.rebake(now.plus(r.wave().bake()));
                case FAILED -> {
                    if (w.verdict() != null) {
                        throw new RolloutRefusedException("wave-failed-analysis", "wave " + w.number() + " of rollout "
                                + r.id() + " failed its canary analysis; promote it by hand or roll back");
                    }
                    yield w.retry(WaveStatus.Phase.PENDING);
                }
                case PENDING, APPLYING, PASSED, ROLLING_BACK, ROLLED_BACK -> w;
            };
            return r.withWave(next).withState(RolloutState.RUNNING, "resumed by " + actor.id());
        }, "rollout.resumed", Map.of(), true);
    }

    /** Ends the rollout for good, leaving the waves applied so far as they are. */
    public Rollout abort(Principal actor, String id, String reason) {
        requireHuman(actor, "abort a rollout");
        return command(id, actor, r -> {
            need(r, r.state() != RolloutState.ROLLING_BACK, "abort (pause the rollback first)");
            return r.withState(RolloutState.ABORTED, "aborted by " + actor.id() + suffix(reason)
                    + "; waves applied so far stay applied");
        }, "rollout.aborted", ordered("reason", text(reason)), false);
    }

    /**
     * Fast rollback: reverses every applied wave, newest first, at once — without waiting for or consulting the canary
     * analysis. Audited as such in the ledger.
     */
    public Rollout rollback(Principal actor, String id, String reason) {
        return command(id, actor, r -> {
            need(r, r.state() != RolloutState.ROLLING_BACK, "roll back (it is rolling back already)");
            return r.withState(RolloutState.ROLLING_BACK, "fast rollback by " + actor.id() + suffix(reason));
        }, "rollout.rollback-requested", ordered("fast", true, "analysis", "skipped", "reason", text(reason)), false);
    }

    /**
     * Declares the current wave good by hand and moves on (skipping the rest of its bake and its analysis), or
     * completes the rollout after the last wave. Follows the approval rules; refused for a wave that failed its
     * analysis or was not applied yet, and while the emergency stop is on.
     */
    public Rollout promote(Principal actor, String id, String comment) {
        return command(id, actor, r -> {
            need(r, !r.reversing() && (r.state() == RolloutState.RUNNING || r.state() == RolloutState.HALTED
                    || r.state() == RolloutState.PAUSED), "promote");
            WaveStatus w = r.status();
            if (w.phase() != WaveStatus.Phase.BAKING) {
                throw new RolloutRefusedException("wave-not-promotable", "wave " + w.number() + " of rollout " + r.id()
                        + " is " + w.phase().externalName() + "; only a wave that was applied and is being watched can be promoted");
            }
            Rollout next = r.withWave(w.with(WaveStatus.Phase.PASSED, "promoted by hand by " + actor.id() + suffix(comment)));
            return r.lastWave()
                    ? next.withState(RolloutState.COMPLETED, "every wave passed (the last promoted by " + actor.id() + ")")
                    : next.withCurrentWave(r.currentWave() + 1).withState(RolloutState.RUNNING, "");
        }, "rollout.wave.promoted", ordered("manual", true, "comment", text(comment)), true, this::checkPromoter);
    }

    /** Halts every running rollout at once and keeps them from applying anything until an admin clears it. */
    public List<Rollout> emergencyStop(Principal actor, String reason) {
        Instant now = clock.instant();
        return store.inTransaction(tx -> {
            tx.setEmergencyStop(new EmergencyStop(actor.id(), text(reason), now));
            List<Rollout> halted = new ArrayList<>();
            for (Rollout r : tx.activeRollouts()) {
                if (r.state() != RolloutState.RUNNING) continue;
                halted.add(save(tx, r, r.withState(RolloutState.HALTED, "emergency stop by " + actor.id() + suffix(reason)),
                        actor.id(), "rollout.halted", ordered("reason", "emergency stop"), false, now));
            }
            List<Object> ids = new ArrayList<>();
            for (Rollout r : halted) ids.add(r.id());
            tx.appendLedger(actor.id(), "rollout.emergency-stop", null, ordered("reason", text(reason), "halted", ids), now);
            return halted;
        });
    }

    /** Clears the emergency stop (admin only). Halted rollouts stay halted until resumed one by one. */
    public void clearEmergencyStop(Principal actor, String reason) {
        if (!actor.roles().contains(ADMIN)) {
            throw new RolloutRefusedException("admin-only", "only an admin may clear the emergency stop; " + actor.id()
                    + " holds " + (actor.roles().isEmpty() ? "no roles" : String.join(", ", actor.roles())));
        }
        Instant now = clock.instant();
        store.inTransaction(tx -> {
            Optional<EmergencyStop> s = tx.emergencyStop();
            if (s.isEmpty()) throw new RolloutRefusedException("no-emergency-stop", "the emergency stop is not on");
            tx.setEmergencyStop(null);
            tx.appendLedger(actor.id(), "rollout.emergency-stop-cleared", null, ordered("reason", text(reason),
                    "stoppedBy", s.get().by(), "stoppedAt", s.get().at().toString()), now);
            return null;
        });
    }

    // ---------------------------------------------------------------- internals

    private interface Change {
        Rollout apply(Rollout r);
    }

    private interface Check {
        void check(Principal actor, Rollout r, StoredChange c);
    }

    private Rollout command(String id, Principal actor, Change change, String action, Map<String, Object> payload,
                            boolean forward) {
        return command(id, actor, change, action, payload, forward, (a, r, c) -> { });
    }

    private Rollout command(String id, Principal actor, Change change, String action, Map<String, Object> payload,
                            boolean forward, Check check) {
        Instant now = clock.instant();
        return store.inTransaction(tx -> {
            Rollout r = tx.findRollout(id).orElseThrow(() -> new RecordNotFoundException("rollout", id));
            StoredChange c = tx.findChange(r.changeId()).orElseThrow(() -> new RecordNotFoundException("change", r.changeId()));
            check.check(actor, r, c);
            return save(tx, r, change.apply(r), actor.id(), action, payload, forward, now);
        });
    }

    private void checkPromoter(Principal actor, Rollout r, StoredChange c) {
        Optional<String> refusal = ApprovalRules.refusal(new Approver(actor.id(), actor.isAgent(), actor.roles()), c.author());
        if (refusal.isPresent()) throw new RolloutRefusedException("promoter-may-not-approve", refusal.get());
        boolean admin = actor.roles().contains(ADMIN);
        if (!admin && !r.promoteRoles().isEmpty() && actor.roles().stream().noneMatch(r.promoteRoles()::contains)) {
            throw new RolloutRefusedException("promoter-lacks-role", actor.id() + " may not promote a wave of change "
                    + c.id() + " by hand: its approvals required one of the roles " + String.join(", ", r.promoteRoles()));
        }
    }

    private static void need(Rollout r, boolean ok, String what) {
        if (!ok) {
            throw new RolloutRefusedException("illegal-in-state", "rollout " + r.id() + " is " + r.state().externalName()
                    + (r.reversing() && r.state() != RolloutState.ROLLING_BACK ? " (in a rollback)" : "")
                    + "; it cannot " + what);
        }
        if (r.state().terminal()) {
            throw new RolloutRefusedException("illegal-in-state", "rollout " + r.id() + " is " + r.state().externalName()
                    + ", which is final");
        }
    }

    private static void requireHuman(Principal actor, String what) {
        if (actor.isAgent()) {
            throw new RolloutRefusedException("agents-may-not", "agent " + actor.id() + " may not " + what
                    + "; a human operator decides that");
        }
    }

    private static String text(String s) {
        return s == null ? "" : s.strip();
    }

    private static String suffix(String s) {
        return text(s).isEmpty() ? "" : ": " + text(s);
    }
}
