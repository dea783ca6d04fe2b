package io.blastwall.core.rollout;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One progressive rollout of one approved change revision, as persisted: the plan, where each wave is, and the
 * rollout's state. Every change to it is written (compare-and-set on {@link #version}) with a ledger entry before the
 * engine acts on it.
 *
 * @param id            unique id ({@code ro_…})
 * @param changeId      the change
 * @param revision      the approved revision being applied
 * @param contentHash   that revision's content hash: executors apply exactly this
 * @param policy        the rollout policy in force for it (the verdict's requirement already folded in)
 * @param plan          the waves, numbered from 1
 * @param waves         one status per wave, same order
 * @param state         where the rollout is
 * @param currentWave   the wave being applied, baked or judged (1-based); during a rollback, the last wave reached
 * @param reversing     a rollback has begun: resuming continues the rollback, never the rollout
 * @param reason        why it is in its state, for people ({@code wave 1 failed canary analysis: …})
 * @param promoteRoles  roles that may promote a wave by hand (the roles of the change's approval requirements); empty
 *                      means any human who is not the author
 * @param startedBy     who started it
 * @param version       optimistic-lock counter, +1 per write
 * @param createdAt     when it started
 * @param updatedAt     when it was last written
 *
 * <p>Immutable.
 */
public record Rollout(String id, String changeId, int revision, String contentHash, RolloutPolicy policy,
                      List<Wave> plan, List<WaveStatus> waves, RolloutState state, int currentWave, boolean reversing,
                      String reason, List<String> promoteRoles, String startedBy, long version, Instant createdAt,
                      Instant updatedAt) {

    public Rollout {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(changeId, "changeId");
        if (revision < 1) throw new IllegalArgumentException("revision must be >= 1");
        Objects.requireNonNull(contentHash, "contentHash");
        Objects.requireNonNull(policy, "policy");
        plan = List.copyOf(plan);
        waves = List.copyOf(waves);
        if (plan.isEmpty()) throw new IllegalArgumentException("a rollout needs at least one wave");
        if (plan.size() != waves.size()) throw new IllegalArgumentException("one status per wave is needed");
        for (int i = 0; i < plan.size(); i++) {
            if (plan.get(i).number() != i + 1 || waves.get(i).number() != i + 1) {
                throw new IllegalArgumentException("waves must be numbered 1.." + plan.size() + " in order");
            }
        }
        Objects.requireNonNull(state, "state");
        if (currentWave < 1 || currentWave > plan.size()) throw new IllegalArgumentException("currentWave out of range");
        reason = reason == null ? "" : reason;
        promoteRoles = List.copyOf(promoteRoles);
        startedBy = startedBy == null ? "" : startedBy;
        createdAt = Instant.ofEpochMilli(createdAt.toEpochMilli());
        updatedAt = Instant.ofEpochMilli(updatedAt.toEpochMilli());
    }

    public Wave wave() {
        return plan.get(currentWave - 1);
    }

    public WaveStatus status() {
        return waves.get(currentWave - 1);
    }

    public boolean lastWave() {
        return currentWave == plan.size();
    }

    /** This rollout with wave {@code number}'s status replaced. */
    public Rollout withWave(WaveStatus s) {
        List<WaveStatus> next = new ArrayList<>(waves);
        next.set(s.number() - 1, s);
        return new Rollout(id, changeId, revision, contentHash, policy, plan, next, state, currentWave, reversing, reason,
                promoteRoles, startedBy, version, createdAt, updatedAt);
    }

    public Rollout withState(RolloutState s, String why) {
        return new Rollout(id, changeId, revision, contentHash, policy, plan, waves, s, currentWave,
                reversing || s == RolloutState.ROLLING_BACK, why, promoteRoles, startedBy, version, createdAt, updatedAt);
    }

    public Rollout withCurrentWave(int n) {
        return new Rollout(id, changeId, revision, contentHash, policy, plan, waves, state, n, reversing, reason,
                promoteRoles, startedBy, version, createdAt, updatedAt);
    }

    /** As written: the next version, stamped {@code at}. */
    public Rollout written(Instant at) {
        return new Rollout(id, changeId, revision, contentHash, policy, plan, waves, state, currentWave, reversing, reason,
                promoteRoles, startedBy, version + 1, createdAt, at);
    }
}
