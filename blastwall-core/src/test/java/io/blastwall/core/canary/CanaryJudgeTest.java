package io.blastwall.core.canary;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The judge's rules, one edge case at a time: the cases that make other judges pass bad canaries first. */
class CanaryJudgeTest {

    static final CanaryJudge DEFAULTS = new CanaryJudge(CanaryConfig.defaults());

    static double[] normal(long seed, int n, double mean, double sd) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = mean + sd * r.nextGaussian();
        return v;
    }

    static double[] constant(int n, double value) {
        double[] v = new double[n];
        Arrays.fill(v, value);
        return v;
    }

    static Map<String, double[]> sides(double[] errors, double[] latency) {
        Map<String, double[]> m = new HashMap<>();
        if (errors != null) m.put("error_rate", errors);
        if (latency != null) m.put("latency_p50_ms", latency);
        return m;
    }

    @Test
    void healthyCanaryPasses() {
        CanaryVerdict v = DEFAULTS.judge(sides(normal(1, 40, 0.01, 0.002), normal(2, 40, 80, 6)),
                sides(normal(3, 40, 0.01, 0.002), normal(4, 40, 80, 6)));
        assertThat(v.outcome()).isEqualTo(Outcome.PASS);
        assertThat(v.score()).isEqualTo(1.0);
        assertThat(v.reasons().getFirst()).startsWith("2 of 2 metrics passed");
        MetricResult lat = v.metric("latency_p50_ms").orElseThrow();
        assertThat(lat.baselineCount()).isEqualTo(40);
        assertThat(lat.confLevel()).isEqualTo(0.99);
        assertThat(lat.confLow()).isLessThan(lat.shift()).isLessThan(lat.confHigh());
        assertThat(lat.reason()).startsWith("no significant increase");
    }

    @Test
    void doubledErrorRateFailsTheVerdictAloneBecauseItIsCritical() {
        CanaryVerdict v = DEFAULTS.judge(sides(normal(1, 40, 0.01, 0.002), normal(2, 40, 80, 6)),
                sides(normal(3, 40, 0.02, 0.003), normal(4, 40, 80, 6)));
        assertThat(v.outcome()).isEqualTo(Outcome.FAIL);
        assertThat(v.reasons().getFirst()).startsWith("critical metric failed: error_rate: canary shift +0.009895 (+104.5% of the baseline median 0.009466;");
        MetricResult e = v.metric("error_rate").orElseThrow();
        assertThat(e.outcome()).isEqualTo(Outcome.FAIL);
        assertThat(e.relativeEffect()).isBetween(0.7, 1.3);
        assertThat(e.pValue()).isLessThan(1e-6);
    }

    @Test
    void slowerMedianFailsThroughTheScore() {
        CanaryVerdict v = DEFAULTS.judge(sides(normal(1, 40, 0.01, 0.002), normal(2, 40, 80, 6)),
                sides(normal(3, 40, 0.01, 0.002), normal(4, 40, 96, 6)));
        assertThat(v.outcome()).isEqualTo(Outcome.FAIL);
        assertThat(v.score()).isEqualTo(0.5);
        assertThat(v.metric("latency_p50_ms").orElseThrow().reason()).contains("beyond the tolerance");
    }

    @Test
    void significantButSmallShiftPassesWithinTolerance() {
        CanaryVerdict v = DEFAULTS.judge(sides(normal(1, 100, 0.01, 0.001), normal(2, 100, 80, 1)),
                sides(normal(3, 100, 0.01, 0.001), normal(4, 100, 82, 1)));
        MetricResult lat = v.metric("latency_p50_ms").orElseThrow();
        assertThat(lat.pValue()).isLessThan(1e-6);
        assertThat(lat.outcome()).isEqualTo(Outcome.PASS);
        assertThat(lat.reason()).contains("significant but within the tolerance");
        assertThat(v.outcome()).isEqualTo(Outcome.PASS);
    }

    @Test
    void zeroBaselineIsJudgedOnTheAbsoluteDifferenceNeverAsNoChange() {
        // baseline: no errors at all; canary: errors in 40 % of the samples, so the shift estimate stays at 0
        double[] canaryErrors = constant(30, 0);
        for (int i = 0; i < 12; i++) canaryErrors[i * 2] = 0.01;
        CanaryVerdict v = DEFAULTS.judge(sides(constant(30, 0), normal(2, 30, 80, 6)),
                sides(canaryErrors, normal(4, 30, 80, 6)));
        MetricResult e = v.metric("error_rate").orElseThrow();
        assertThat(e.outcome()).isEqualTo(Outcome.FAIL);
        assertThat(e.relativeEffect()).isNaN();
        assertThat(e.allowedShift()).isEqualTo(0.0001);
        assertThat(e.reason()).contains("baseline median 0");
        assertThat(v.outcome()).isEqualTo(Outcome.FAIL);
    }

    @Test
    void tooFewPointsAreInsufficientNeverPass() {
        CanaryVerdict v = DEFAULTS.judge(sides(normal(1, 40, 0.01, 0.002), normal(2, 40, 80, 6)),
                sides(normal(3, 19, 0.01, 0.002), normal(4, 40, 80, 6)));
        assertThat(v.outcome()).isEqualTo(Outcome.INSUFFICIENT_DATA);
        assertThat(v.metric("error_rate").orElseThrow().reason()).isEqualTo("only 19 usable canary samples, need 20");
        assertThat(v.reasons().getFirst()).contains("never promote on missing data");
        assertThat(v.passed()).isFalse();
    }

    @Test
    void emptyOrMissingSidesAreInsufficient() {
        CanaryVerdict empty = DEFAULTS.judge(sides(new double[0], new double[0]),
                sides(normal(3, 40, 0.01, 0.002), normal(4, 40, 80, 6)));
        assertThat(empty.outcome()).isEqualTo(Outcome.INSUFFICIENT_DATA);
        assertThat(empty.metric("error_rate").orElseThrow().reason()).isEqualTo("no baseline samples");
        CanaryVerdict missing = DEFAULTS.judge(Map.of(), Map.of());
        assertThat(missing.outcome()).isEqualTo(Outcome.INSUFFICIENT_DATA);
        assertThat(missing.score()).isZero();
    }

    @Test
    void criticalFailureWinsOverMissingDataElsewhere() {
        CanaryVerdict v = DEFAULTS.judge(sides(normal(1, 40, 0.01, 0.002), null),
                sides(normal(3, 40, 0.03, 0.002), null));
        assertThat(v.outcome()).isEqualTo(Outcome.FAIL);
        assertThat(v.metric("latency_p50_ms").orElseThrow().outcome()).isEqualTo(Outcome.INSUFFICIENT_DATA);
    }

    @Test
    void nonCriticalFailurePlusMissingDataFailsWhenEvenTheBestCaseIsBelowMarginal() {
        CanaryConfig config = new CanaryConfig(List.of(
                new CanaryMetric("a", Direction.INCREASE_IS_BAD, 0.1, false, Double.NaN, 10),
                new CanaryMetric("b", Direction.INCREASE_IS_BAD, 0.1, false, Double.NaN, 10),
                new CanaryMetric("c", Direction.INCREASE_IS_BAD, 0.1, false, Double.NaN, 10)), 0.01, 0.95, 0.75);
        Map<String, double[]> base = Map.of("a", normal(1, 30, 10, 1), "b", normal(2, 30, 10, 1));
        Map<String, double[]> can = Map.of("a", normal(3, 30, 20, 1), "b", normal(4, 30, 10, 1));
        CanaryVerdict v = new CanaryJudge(config).judge(base, can);
        assertThat(v.outcome()).isEqualTo(Outcome.FAIL);
        assertThat(v.reasons().getFirst()).contains("even if the metrics without data passed");
    }

    @Test
    void oneNonCriticalFailureAmongFourIsMarginal() {
        CanaryMetric[] ms = new CanaryMetric[4];
        Map<String, double[]> base = new HashMap<>(), can = new HashMap<>();
        for (int i = 0; i < 4; i++) {
            ms[i] = new CanaryMetric("m" + i, Direction.INCREASE_IS_BAD, 0.1, false, Double.NaN, 10);
            base.put("m" + i, normal(i, 30, 10, 1));
            can.put("m" + i, normal(10 + i, 30, i == 0 ? 20 : 10, 1));
        }
        CanaryVerdict v = new CanaryJudge(new CanaryConfig(List.of(ms), 0.01, 0.95, 0.75)).judge(base, can);
        assertThat(v.outcome()).isEqualTo(Outcome.MARGINAL);
        assertThat(v.score()).isEqualTo(0.75);
    }

    @Test
    void constantSeries() {
        CanaryVerdict same = DEFAULTS.judge(sides(constant(30, 0), constant(30, 80)), sides(constant(30, 0), constant(30, 80)));
        assertThat(same.outcome()).isEqualTo(Outcome.PASS);
        assertThat(same.metric("latency_p50_ms").orElseThrow().reason()).isEqualTo("baseline and canary are the same constant 80");
        CanaryVerdict higher = DEFAULTS.judge(sides(constant(30, 0), constant(30, 80)), sides(constant(30, 0), constant(30, 100)));
        MetricResult lat = higher.metric("latency_p50_ms").orElseThrow();
        assertThat(lat.outcome()).isEqualTo(Outcome.FAIL);
        assertThat(lat.shift()).isEqualTo(20.0);
        CanaryVerdict slightlyHigher = DEFAULTS.judge(sides(constant(30, 0), constant(30, 80)), sides(constant(30, 0), constant(30, 81)));
        assertThat(slightlyHigher.metric("latency_p50_ms").orElseThrow().outcome()).isEqualTo(Outcome.PASS);
        CanaryVerdict lower = DEFAULTS.judge(sides(constant(30, 0), constant(30, 80)), sides(constant(30, 0), constant(30, 60)));
        assertThat(lower.outcome()).isEqualTo(Outcome.PASS);
    }

    @Test
    void nanAreDroppedAndCountedAndTooManyMakeTheDataInsufficient() {
        double[] lat = normal(4, 40, 80, 6);
        lat[0] = Double.NaN;
        lat[5] = Double.NaN;
        CanaryVerdict few = DEFAULTS.judge(sides(normal(1, 40, 0.01, 0.002), normal(2, 40, 80, 6)),
                sides(normal(3, 40, 0.01, 0.002), lat));
        MetricResult r = few.metric("latency_p50_ms").orElseThrow();
        assertThat(r.canaryDropped()).isEqualTo(2);
        assertThat(r.canaryCount()).isEqualTo(38);
        assertThat(few.outcome()).isEqualTo(Outcome.PASS);
        for (int i = 0; i < 11; i++) lat[i * 3] = Double.NaN;
        CanaryVerdict many = DEFAULTS.judge(sides(normal(1, 40, 0.01, 0.002), normal(2, 40, 80, 6)),
                sides(normal(3, 40, 0.01, 0.002), lat));
        assertThat(many.outcome()).isEqualTo(Outcome.INSUFFICIENT_DATA);
        assertThat(many.metric("latency_p50_ms").orElseThrow().reason())
                .startsWith("12 of 40 canary samples are NaN or infinite").contains("broken canary");
    }

    @Test
    void infiniteValuesInTheBadDirectionFailInTheOtherAreDropped() {
        double[] lat = normal(4, 40, 80, 6);
        lat[3] = Double.POSITIVE_INFINITY;
        CanaryVerdict v = DEFAULTS.judge(sides(normal(1, 40, 0.01, 0.002), normal(2, 40, 80, 6)),
                sides(normal(3, 40, 0.01, 0.002), lat));
        assertThat(v.metric("latency_p50_ms").orElseThrow().outcome()).isEqualTo(Outcome.FAIL);
        assertThat(v.metric("latency_p50_ms").orElseThrow().reason()).startsWith("canary reported 1 infinite value of 40");
        lat[3] = Double.NEGATIVE_INFINITY;
        CanaryVerdict down = DEFAULTS.judge(sides(normal(1, 40, 0.01, 0.002), normal(2, 40, 80, 6)),
                sides(normal(3, 40, 0.01, 0.002), lat));
        assertThat(down.metric("latency_p50_ms").orElseThrow().outcome()).isEqualTo(Outcome.PASS);
        assertThat(down.metric("latency_p50_ms").orElseThrow().canaryDropped()).isEqualTo(1);
    }

    @Test
    void sloGateFailsEvenWithoutABaseline() {
        CanaryConfig config = new CanaryConfig(List.of(
                new CanaryMetric("latency_p50_ms", Direction.INCREASE_IS_BAD, 0.1, true, 100, 20, 1)), 0.005, 0.95, 0.75);
        CanaryVerdict v = new CanaryJudge(config).judge(Map.of(), Map.of("latency_p50_ms", normal(1, 30, 120, 5)));
        assertThat(v.outcome()).isEqualTo(Outcome.FAIL);
        assertThat(v.metric("latency_p50_ms").orElseThrow().reason()).startsWith("canary median 119.6").endsWith("breaches the SLO limit 100");
    }

    @Test
    void decreaseIsBadAndEitherIsBad() {
        CanaryConfig config = new CanaryConfig(List.of(
                new CanaryMetric("throughput", Direction.DECREASE_IS_BAD, 0.1, false, Double.NaN, 10),
                new CanaryMetric("queue_depth", Direction.EITHER_IS_BAD, 0.1, false, Double.NaN, 10)), 0.01, 0.95, 0.4);
        CanaryJudge judge = new CanaryJudge(config);
        Map<String, double[]> base = Map.of("throughput", normal(1, 30, 100, 3), "queue_depth", normal(2, 30, 50, 2));
        CanaryVerdict down = judge.judge(base, Map.of("throughput", normal(3, 30, 70, 3), "queue_depth", normal(4, 30, 35, 2)));
        assertThat(down.metric("throughput").orElseThrow().outcome()).isEqualTo(Outcome.FAIL);
        assertThat(down.metric("queue_depth").orElseThrow().outcome()).isEqualTo(Outcome.FAIL);
        assertThat(down.metric("queue_depth").orElseThrow().confLevel()).isEqualTo(0.99);
        CanaryVerdict up = judge.judge(base, Map.of("throughput", normal(3, 30, 130, 3), "queue_depth", normal(4, 30, 65, 2)));
        assertThat(up.metric("throughput").orElseThrow().outcome()).isEqualTo(Outcome.PASS);
        assertThat(up.metric("queue_depth").orElseThrow().outcome()).isEqualTo(Outcome.FAIL);
    }

    @Test
    void unconfiguredMetricsAreIgnoredAndSaidSo() {
        Map<String, double[]> base = sides(normal(1, 40, 0.01, 0.002), normal(2, 40, 80, 6));
        base.put("cpu", normal(5, 40, 1, 0.1));
        CanaryVerdict v = DEFAULTS.judge(base, sides(normal(3, 40, 0.01, 0.002), normal(4, 40, 80, 6)));
        assertThat(v.outcome()).isEqualTo(Outcome.PASS);
        assertThat(v.reasons()).contains("samples of metric 'cpu' ignored: it is not configured");
    }

    @Test
    void configurationRejectsNonsense() {
        assertThatThrownBy(() -> new CanaryConfig(List.of(), 0.01, 0.9, 0.5)).hasMessageContaining("at least one metric");
        CanaryMetric m = new CanaryMetric("a", Direction.INCREASE_IS_BAD, 0.1, false, Double.NaN, 10);
        assertThatThrownBy(() -> new CanaryConfig(List.of(m, m), 0.01, 0.9, 0.5)).hasMessageContaining("configured twice");
        assertThatThrownBy(() -> new CanaryConfig(List.of(m), 0.7, 0.9, 0.5)).hasMessageContaining("alpha");
        assertThatThrownBy(() -> new CanaryConfig(List.of(m), 0.01, 0.5, 0.9)).hasMessageContaining("marginalScore");
        assertThatThrownBy(() -> new CanaryMetric("a", Direction.INCREASE_IS_BAD, -1, false, Double.NaN, 10)).hasMessageContaining("tolerance");
        assertThatThrownBy(() -> new CanaryMetric("a", Direction.INCREASE_IS_BAD, 0.1, false, Double.NaN, 1)).hasMessageContaining("minSamples");
        assertThatThrownBy(() -> new CanaryMetric(" ", Direction.INCREASE_IS_BAD, 0.1, false, Double.NaN, 10)).hasMessageContaining("blank");
        assertThat(CanaryConfig.defaults().metric("error_rate").orElseThrow().critical()).isTrue();
    }
}
