package io.blastwall.bench.canary;

import io.blastwall.core.canary.CanaryConfig;
import io.blastwall.core.canary.CanaryJudge;
import io.blastwall.core.canary.RankSum;
import org.apache.commons.math3.stat.inference.MannWhitneyUTest;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * One canary comparison of n points per side: the whole judge (two metrics), Blastwall's rank-sum test with the
 * Hodges–Lehmann interval on one metric, the peer (commons-math3's MannWhitneyUTest: asymptotic p-value only, no
 * interval, no tie or continuity correction), and the floor (copying and sorting both arrays, which any rank test
 * must at least do).
 *
 * <p>Data: log-normal latencies around 80 ms (no ties) and Poisson error counts (heavy ties), seeded. Setup checks
 * once that both implementations find the same U statistic.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class CanaryJudgeBenchmark {

    /** Points per side. */
    @Param({"30", "120", "1000"})
    public int n;

    private double[] baseLatency, canaryLatency;
    private Map<String, double[]> baseline, canary;
    private final CanaryJudge judge = new CanaryJudge(CanaryConfig.defaults());
    private final MannWhitneyUTest peer = new MannWhitneyUTest();

    @Setup
    public void setup() {
        SplittableRandom r = new SplittableRandom(42);
        baseLatency = latency(r, 1.0);
        canaryLatency = latency(r, 1.1);
        baseline = Map.of("error_rate", errors(r, 10), "latency_p50_ms", baseLatency);
        canary = Map.of("error_rate", errors(r, 12), "latency_p50_ms", canaryLatency);
        double ours = RankSum.test(canaryLatency, baseLatency, RankSum.Alternative.TWO_SIDED, 0.95).statistic();
        double theirs = new MannWhitneyUTest().mannWhitneyU(canaryLatency, baseLatency);
        double product = (double) n * n;
        if (Math.max(ours, product - ours) != theirs) {
            throw new IllegalStateException("U differs: " + ours + " vs commons-math3 " + theirs);
        }
    }

    private double[] latency(SplittableRandom r, double factor) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = 80 * factor * Math.exp(0.15 * r.nextGaussian());
        return v;
    }

    private double[] errors(SplittableRandom r, double lambda) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            double l = Math.exp(-lambda), p = 1;
            int k = -1;
            do {
                k++;
                p *= r.nextDouble();
            } while (p > l);
            v[i] = k / 1000.0;
        }
        return v;
    }

    @Benchmark
    public Object judgeTwoMetrics() {
        return judge.judge(baseline, canary);
    }

    @Benchmark
    public Object rankSumWithInterval() {
        return RankSum.test(canaryLatency, baseLatency, RankSum.Alternative.TWO_SIDED, 0.95);
    }

    @Benchmark
    public double commonsMath3PValue() {
        return peer.mannWhitneyUTest(canaryLatency, baseLatency);
    }

    @Benchmark
    public double floorSortBoth() {
        double[] a = canaryLatency.clone(), b = baseLatency.clone();
        Arrays.sort(a);
        Arrays.sort(b);
        return a[0] + b[0];
    }
}
