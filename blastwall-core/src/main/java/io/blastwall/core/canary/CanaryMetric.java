package io.blastwall.core.canary;

import java.util.Objects;

/**
 * How one metric is judged.
 *
 * @param name          the metric name as the metrics source knows it ({@code error_rate}, {@code latency_p50_ms})
 * @param direction     which way a change hurts
 * @param tolerance     the allowed shift of the canary relative to the baseline's centre (0.10 = 10 %): a
 *                      significant shift no larger than this passes
 * @param critical      a failure of this metric fails the whole verdict on its own
 * @param sloLimit      an absolute gate on the canary's median, in the metric's unit (an upper limit unless the
 *                      direction is {@link Direction#DECREASE_IS_BAD}); {@code NaN} for none. Breached = the metric fails,
 *                      whatever the baseline does
 * @param minSamples    fewer usable points than this on either side make the metric {@link Outcome#INSUFFICIENT_DATA}
 * @param absoluteFloor the allowed shift never falls below this absolute amount, in the metric's unit, so that a
 *                      baseline at (or near) zero is judged on the absolute difference rather than on a ratio; 0
 *                      means any significant shift away from a zero baseline fails
 *
 * <p>Immutable; the constructor rejects nonsense (negative tolerance, blank name, minSamples below 2).
 */
public record CanaryMetric(String name, Direction direction, double tolerance, boolean critical, double sloLimit,
                           int minSamples, double absoluteFloor) {

    public CanaryMetric {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) throw new IllegalArgumentException("metric name must not be blank");
        Objects.requireNonNull(direction, "direction");
        if (!(tolerance >= 0) || Double.isInfinite(tolerance)) {
            throw new IllegalArgumentException(name + ": tolerance must be a finite number ≥ 0, found " + tolerance);
        }
        if (Double.isInfinite(sloLimit)) throw new IllegalArgumentException(name + ": sloLimit must be finite or NaN (none)");
        if (minSamples < 2) throw new IllegalArgumentException(name + ": minSamples must be at least 2, found " + minSamples);
        if (!(absoluteFloor >= 0) || Double.isInfinite(absoluteFloor)) {
            throw new IllegalArgumentException(name + ": absoluteFloor must be a finite number ≥ 0, found " + absoluteFloor);
        }
    }

    /** A metric without an absolute floor: any significant shift away from a zero baseline fails. */
    public CanaryMetric(String name, Direction direction, double tolerance, boolean critical, double sloLimit, int minSamples) {
        this(name, direction, tolerance, critical, sloLimit, minSamples, 0.0);
    }

    /** Whether an SLO gate is set. */
    public boolean hasSlo() {
        return !Double.isNaN(sloLimit);
    }

    /** Whether a canary median of {@code value} breaches the SLO gate. */
    public boolean breachesSlo(double value) {
        if (!hasSlo()) return false;
        return direction == Direction.DECREASE_IS_BAD ? value < sloLimit : value > sloLimit;
    }
}
