package io.blastwall.core.canary;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What a canary judgment checks and how strictly.
 *
 * @param metrics       the metrics to judge, at least one, names unique
 * @param alpha         significance level of each metric's one-sided test in its bad direction (two-sided for
 *                      {@link Direction#EITHER_IS_BAD}); also sets the confidence level 1 − 2α of the reported interval
 * @param passScore     a score at or above this passes
 * @param marginalScore a score at or above this (and below {@code passScore}) is marginal; below it fails
 *
 * <p>Immutable. See docs/canary.md for why the defaults are what they are.
 */
public record CanaryConfig(List<CanaryMetric> metrics, double alpha, double passScore, double marginalScore) {

    /** Default significance level: one-sided, per metric, per judgment. */
    public static final double DEFAULT_ALPHA = 0.005;
    public static final double DEFAULT_PASS_SCORE = 0.95;
    public static final double DEFAULT_MARGINAL_SCORE = 0.75;

    public CanaryConfig {
        metrics = List.copyOf(metrics);
        if (metrics.isEmpty()) throw new IllegalArgumentException("a canary configuration needs at least one metric");
        Set<String> names = new HashSet<>();
        for (CanaryMetric m : metrics) {
            if (!names.add(m.name())) throw new IllegalArgumentException("metric '" + m.name() + "' is configured twice");
        }
        if (!(alpha > 0 && alpha < 0.5)) throw new IllegalArgumentException("alpha must lie in (0, 0.5), found " + alpha);
        if (!(marginalScore >= 0 && marginalScore <= passScore && passScore <= 1)) {
            throw new IllegalArgumentException("expected 0 ≤ marginalScore ≤ passScore ≤ 1, found marginal "
                    + marginalScore + ", pass " + passScore);
        }
    }

    /**
     * Error rate (a fraction of requests, 0–1; higher is bad; critical; 25 % tolerance, floor 0.0001) and median latency
     * in milliseconds (higher is bad; 10 % tolerance, floor 1 ms), each needing 20 points per side; α = 0.005; pass at
     * 0.95, marginal at 0.75 — with two metrics, either failing fails the verdict.
     */
    public static CanaryConfig defaults() {
        return new CanaryConfig(List.of(
                new CanaryMetric("error_rate", Direction.INCREASE_IS_BAD, 0.25, true, Double.NaN, 20, 0.0001),
                new CanaryMetric("latency_p50_ms", Direction.INCREASE_IS_BAD, 0.10, false, Double.NaN, 20, 1.0)),
                DEFAULT_ALPHA, DEFAULT_PASS_SCORE, DEFAULT_MARGINAL_SCORE);
    }

    /**
     * What a rollout wave is judged with when its samples are one-minute blocks (a rollout policy with a 60 s metric
     * step): error rate critical with 50 % tolerance (floor 0.0001), median latency with 15 % tolerance (floor 0.2 ms),
     * 5 points per side. Per-second or 10-second samples of one cell are strongly autocorrelated, which makes the rank
     * test's p-values far too small; one-minute blocks are close to independent. Chosen with the detection harness
     * ({@code bin/bench detection}, docs/BENCHMARKS.md "Detection quality"): on 1000 seeded rollouts of the simulated
     * shop estate (seeds 1, 2, 3), 1.0 %, 1.0 % and 0.6 % false halts and 100 % recall of bad changes that double the
     * error rate or add 20 % to median latency, against 9 % and 96.8 % with {@link #defaults()} on 10-second samples.
     */
    public static CanaryConfig forWaves() {
        return new CanaryConfig(List.of(
                new CanaryMetric("error_rate", Direction.INCREASE_IS_BAD, 0.50, true, Double.NaN, 5, 0.0001),
                new CanaryMetric("latency_p50_ms", Direction.INCREASE_IS_BAD, 0.15, false, Double.NaN, 5, 0.2)),
                DEFAULT_ALPHA, DEFAULT_PASS_SCORE, DEFAULT_MARGINAL_SCORE);
    }

    /** The metric of that name, if configured. */
    public Optional<CanaryMetric> metric(String name) {
        Objects.requireNonNull(name, "name");
        return metrics.stream().filter(m -> m.name().equals(name)).findFirst();
    }
}
