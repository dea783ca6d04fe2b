package io.blastwall.core.rollout;

import io.blastwall.core.canary.CanaryConfig;
import io.blastwall.core.canary.CanaryJudge;
import io.blastwall.core.canary.CanaryMetric;
import io.blastwall.core.canary.CanaryVerdict;
import io.blastwall.core.canary.MetricResult;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The statistical {@link CanaryJudge} (Mann–Whitney U with the Hodges–Lehmann shift, tolerances, SLO gates, critical
 * metrics) as the rollout engine's {@link WaveJudge}: the metrics fetched are the configured ones, and each metric's
 * result is kept for the wave's record.
 *
 * <p>Immutable and thread-safe.
 */
public final class CanaryWaveJudge implements WaveJudge {

    private final CanaryJudge judge;
    private final List<String> metrics;

    public CanaryWaveJudge(CanaryConfig config) {
        this.judge = new CanaryJudge(Objects.requireNonNull(config, "config"));
        this.metrics = config.metrics().stream().map(CanaryMetric::name).toList();
    }

    /** The judge with {@link CanaryConfig#defaults()}. */
    public static CanaryWaveJudge defaults() {
        return new CanaryWaveJudge(CanaryConfig.defaults());
    }

    @Override
    public List<String> metrics() {
        return metrics;
    }

    @Override
    public WaveVerdict judge(Map<String, double[]> baseline, Map<String, double[]> canary) {
        CanaryVerdict v = judge.judge(baseline, canary);
        List<WaveVerdict.MetricVerdict> results = v.metrics().stream().map(CanaryWaveJudge::metric).toList();
        return new WaveVerdict(switch (v.outcome()) {
            case PASS -> WaveVerdict.Outcome.PASS;
            case MARGINAL -> WaveVerdict.Outcome.MARGINAL;
            case FAIL -> WaveVerdict.Outcome.FAIL;
            case INSUFFICIENT_DATA -> WaveVerdict.Outcome.INSUFFICIENT_DATA;
        }, v.score(), results, v.reasons());
    }

    private static WaveVerdict.MetricVerdict metric(MetricResult m) {
        return new WaveVerdict.MetricVerdict(m.metric(), m.outcome().name().toLowerCase(Locale.ROOT).replace('_', '-'),
                m.critical(), m.baselineCount(), m.canaryCount(), m.shift(), m.pValue(), m.reason());
    }
}
