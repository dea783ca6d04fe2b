package io.blastwall.core.rollout;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What an executor is asked to do: apply (or roll back) one wave of one approved change revision.
 *
 * @param changeId       the change
 * @param revision       the approved revision being applied
 * @param contentHash    that revision's content hash: executors apply exactly this content, nothing else
 * @param wave           the wave number
 * @param targets        the wave's targets
 * @param idempotencyKey unique per (change, revision, wave, direction, attempt chain): an executor that has already
 *                       completed a step with this key must not apply it again, and reports the earlier outcome
 * @param timeout        how long the executor may take before the step counts as failed
 *
 * <p>Immutable.
 */
public record ExecutionStep(String changeId, int revision, String contentHash, int wave, List<RolloutTarget> targets,
                            String idempotencyKey, Duration timeout) {
    public ExecutionStep {
        Objects.requireNonNull(changeId, "changeId");
        if (revision < 1) throw new IllegalArgumentException("revision must be >= 1");
        Objects.requireNonNull(contentHash, "contentHash");
        if (wave < 1) throw new IllegalArgumentException("wave must be >= 1");
        targets = List.copyOf(targets);
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        if (idempotencyKey.isBlank()) throw new IllegalArgumentException("a step needs an idempotency key");
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) throw new IllegalArgumentException("timeout must be positive");
    }
}
