package io.blastwall.core.canary;

import java.util.Objects;

/**
 * The judgment of one metric, with the statistics behind it. Statistics that could not be computed (too few points)
 * are {@code NaN}.
 *
 * @param metric           the metric name
 * @param outcome          PASS, FAIL or INSUFFICIENT_DATA (MARGINAL is a verdict-level outcome only)
 * @param critical         whether the metric is critical
 * @param baselineCount    usable (finite) baseline points
 * @param canaryCount      usable (finite) canary points
 * @param baselineDropped  baseline points dropped as NaN or infinite
 * @param canaryDropped    canary points dropped as NaN or infinite
 * @param baselineMedian   median of the usable baseline points
 * @param canaryMedian     median of the usable canary points
 * @param baselineMean     mean of the usable baseline points
 * @param canaryMean       mean of the usable canary points
 * @param u                Mann–Whitney U of the canary against the baseline (R's W; ties count half)
 * @param pValue           of the test in the metric's bad direction (two-sided for EITHER_IS_BAD)
 * @param shift            Hodges–Lehmann estimate of canary − baseline
 * @param confLow          lower bound of the two-sided confidence interval of the shift
 * @param confHigh         upper bound
 * @param confLevel        level of that interval (1 − 2α, or 1 − α for EITHER_IS_BAD)
 * @param relativeEffect   shift ÷ |baseline median|; NaN when the baseline median is 0 (judged on the absolute shift)
 * @param meanShift        canary mean − baseline mean
 * @param allowedShift     the largest shift the tolerance allows: max(tolerance × |baseline median|, absolute floor)
 * @param reason           one sentence a person can act on
 *
 * <p>Immutable.
 */
public record MetricResult(String metric, Outcome outcome, boolean critical, int baselineCount, int canaryCount,
                           int baselineDropped, int canaryDropped, double baselineMedian, double canaryMedian,
                           double baselineMean, double canaryMean, double u, double pValue, double shift,
                           double confLow, double confHigh, double confLevel, double relativeEffect, double meanShift,
                           double allowedShift, String reason) {

    public MetricResult {
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(reason, "reason");
        if (outcome == Outcome.MARGINAL) throw new IllegalArgumentException("MARGINAL is an outcome of the verdict, not of a metric");
    }
}
