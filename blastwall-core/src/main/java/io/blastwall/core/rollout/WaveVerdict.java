package io.blastwall.core.rollout;

import java.util.List;
import java.util.Objects;

/**
 * The canary analysis of one wave: canary targets against baseline targets, per metric and overall.
 *
 * @param outcome what the wave's numbers say
 * @param score   the judge's score (for {@link CanaryWaveJudge}: the share of metrics that passed, 0..1)
 * @param metrics one result per configured metric
 * @param reasons one line per thing that made the outcome what it is, for people and the ledger
 *
 * <p>Immutable.
 */
public record WaveVerdict(Outcome outcome, double score, List<MetricVerdict> metrics, List<String> reasons) {

    /** Only {@link #PASS} promotes; missing data is never a pass. */
    public enum Outcome { PASS, MARGINAL, FAIL, INSUFFICIENT_DATA }

    /**
     * One metric's comparison.
     *
     * @param name           the metric
     * @param outcome        this metric's own result ({@code pass}, {@code fail}, {@code insufficient-data} …)
     * @param critical       whether failing it fails the wave alone
     * @param baselineCount  samples on the baseline side
     * @param canaryCount    samples on the canary side
     * @param effect         estimated shift canary − baseline (Hodges–Lehmann), NaN when not computed
     * @param pValue         the test's p-value, NaN when not computed
     * @param detail         one line for people
     */
    public record MetricVerdict(String name, String outcome, boolean critical, int baselineCount, int canaryCount,
                                double effect, double pValue, String detail) {
        public MetricVerdict {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(outcome, "outcome");
            detail = detail == null ? "" : detail;
        }
    }

    public WaveVerdict {
        Objects.requireNonNull(outcome, "outcome");
        metrics = List.copyOf(metrics);
        reasons = List.copyOf(reasons);
    }
}
