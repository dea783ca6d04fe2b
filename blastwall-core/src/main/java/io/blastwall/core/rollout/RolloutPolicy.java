package io.blastwall.core.rollout;

import io.blastwall.core.verdict.RolloutRequirement;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How a change is rolled out: the shape of its waves and what happens when a wave goes wrong.
 *
 * @param minWaves          at least this many waves (fewer only when there are fewer targets than that)
 * @param bake              how long each wave is watched before it is judged
 * @param maxShareAtOnce    at most this share (0..1] of the targets in one wave (at least one target)
 * @param growthFactor      after the canary, zone and region waves, each wave is this many times the previous (> 1)
 * @param everywhere        what to do with a change whose scope says "everywhere at once"
 * @param autoRollback      a failed wave (bad canary verdict, executor failure) is rolled back at once; when false
 *                          the rollout halts and waits for an operator
 * @param stepTimeout       how long one executor step may take
 * @param maxWaitForData    how long after the bake a wave may wait for enough samples before it halts
 * @param metricStep        sampling resolution asked of the metrics source
 *
 * <p>Immutable.
 */
public record RolloutPolicy(int minWaves, Duration bake, double maxShareAtOnce, double growthFactor,
                            Everywhere everywhere, boolean autoRollback, Duration stepTimeout, Duration maxWaitForData,
                            Duration metricStep) {

    /** A change declared "everywhere at once": turned into waves anyway, or refused. */
    public enum Everywhere { SPLIT, REFUSE }

    public RolloutPolicy {
        if (minWaves < 1) throw new IllegalArgumentException("minWaves must be >= 1, was " + minWaves);
        Objects.requireNonNull(bake, "bake");
        if (bake.isNegative()) throw new IllegalArgumentException("bake must not be negative");
        if (!(maxShareAtOnce > 0 && maxShareAtOnce <= 1)) {
            throw new IllegalArgumentException("maxShareAtOnce must be in (0, 1], was " + maxShareAtOnce);
        }
        if (!(growthFactor > 1) || Double.isInfinite(growthFactor)) {
            throw new IllegalArgumentException("growthFactor must be a finite number > 1, was " + growthFactor);
        }
        Objects.requireNonNull(everywhere, "everywhere");
        Objects.requireNonNull(stepTimeout, "stepTimeout");
        if (stepTimeout.isNegative() || stepTimeout.isZero()) throw new IllegalArgumentException("stepTimeout must be positive");
        Objects.requireNonNull(maxWaitForData, "maxWaitForData");
        if (maxWaitForData.isNegative()) throw new IllegalArgumentException("maxWaitForData must not be negative");
        Objects.requireNonNull(metricStep, "metricStep");
        if (metricStep.isNegative() || metricStep.isZero()) throw new IllegalArgumentException("metricStep must be positive");
    }

    /**
     * Three waves at least (canary, zone, the rest), 5 minutes of bake, at most half the targets at once, doubling,
     * "everywhere" split into waves, automatic rollback, 2-minute steps, up to one bake of waiting for data.
     */
    public static RolloutPolicy defaults() {
        return new RolloutPolicy(3, Duration.ofMinutes(5), 0.5, 2.0, Everywhere.SPLIT, true, Duration.ofMinutes(2),
                Duration.ofMinutes(5), Duration.ofSeconds(10));
    }

    /**
     * This policy tightened by what the verdict requires: the larger minimum of waves, the longer bake and the
     * smaller share. A requirement never loosens the policy.
     */
    public RolloutPolicy strictest(Optional<RolloutRequirement> requirement) {
        if (requirement.isEmpty()) return this;
        RolloutRequirement r = requirement.get();
        return new RolloutPolicy(Math.max(minWaves, r.minWaves()), r.bakeTime().compareTo(bake) > 0 ? r.bakeTime() : bake,
                Math.min(maxShareAtOnce, r.maxShareAtOnce()), growthFactor, everywhere, autoRollback, stepTimeout,
                maxWaitForData, metricStep);
    }

    public RolloutPolicy withBake(Duration b) {
        return new RolloutPolicy(minWaves, b, maxShareAtOnce, growthFactor, everywhere, autoRollback, stepTimeout,
                maxWaitForData, metricStep);
    }

    public RolloutPolicy withEverywhere(Everywhere e) {
        return new RolloutPolicy(minWaves, bake, maxShareAtOnce, growthFactor, e, autoRollback, stepTimeout,
                maxWaitForData, metricStep);
    }

    public RolloutPolicy withAutoRollback(boolean b) {
        return new RolloutPolicy(minWaves, bake, maxShareAtOnce, growthFactor, everywhere, b, stepTimeout,
                maxWaitForData, metricStep);
    }

    public RolloutPolicy withShape(int waves, double maxShare, double growth) {
        return new RolloutPolicy(waves, bake, maxShare, growth, everywhere, autoRollback, stepTimeout,
                maxWaitForData, metricStep);
    }
}
