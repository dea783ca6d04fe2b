package io.blastwall.core.rollout;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A request for the samples of one metric over one window, for one side of a canary comparison.
 *
 * @param metric  the metric name as configured ({@code error_rate}, {@code latency_p50_ms} …)
 * @param role    which side: the targets running the change, or the comparable targets that are not
 * @param targets the targets whose series are wanted
 * @param from    window start (inclusive)
 * @param to      window end (exclusive)
 * @param step    sampling resolution: one value per step per target series
 *
 * <p>Immutable.
 */
public record MetricQuery(String metric, Role role, List<RolloutTarget> targets, Instant from, Instant to, Duration step) {

    /** The side of the comparison. */
    public enum Role { CANARY, BASELINE }

    public MetricQuery {
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(role, "role");
        targets = List.copyOf(targets);
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (!to.isAfter(from)) throw new IllegalArgumentException("the window must end after it starts");
        Objects.requireNonNull(step, "step");
        if (step.isNegative() || step.isZero()) throw new IllegalArgumentException("step must be positive");
    }
}
