package io.blastwall.bench.detect;

import io.blastwall.bench.detect.RolloutRun.Result;
import io.blastwall.core.canary.CanaryConfig;
import io.blastwall.core.canary.CanaryMetric;
import io.blastwall.core.estate.Estate;
import io.blastwall.core.rollout.CanaryWaveJudge;
import io.blastwall.core.rollout.RolloutPolicy;
import io.blastwall.core.rollout.WaveJudge;
import io.blastwall.formats.estate.EstateFileReader;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The detection-quality harness: {@code N} seeded simulated rollouts on the shop estate, half carrying a bad change of
 * varied kind and size, half good, each driven by the real rollout engine and canary judge in virtual time; prints
 * precision, recall, false halts, stop waves and detection times as Markdown (docs/BENCHMARKS.md, "Detection
 * quality").
 *
 * <pre>bin/bench detection [N [SEED]] [--bake MINUTES] [--threads T] [--estate FILE]
 *                     [--error-tolerance X] [--latency-tolerance X] [--latency-floor MS] [--alpha X]
 *                     [--min-samples N] [--metric-step SECONDS]</pre>
 *
 * It measures what {@code blastwall serve} runs with: {@link CanaryConfig#forWaves()} and {@link RolloutPolicy#forWaves()}.
 * The tolerance, floor, alpha and min-samples options override the first, bake and metric step the second (to measure
 * a proposed setting before adopting it).
 *
 * Exit code 0 after a run, 2 on bad arguments. The numbers depend only on N, SEED and the options (not on threads).
 */
public final class DetectionQuality {

    private DetectionQuality() {
    }

    public static void main(String[] args) throws Exception {
        int n = 200;
        long seed = 1;
        int threads = Math.min(2, Runtime.getRuntime().availableProcessors());
        RolloutPolicy policy = RolloutPolicy.forWaves();
        Path estateFile = Path.of("examples/estate/shop.yaml");
        CanaryConfig canary = CanaryConfig.forWaves();
        List<String> positional = new ArrayList<>();
        try {
            for (int i = 0; i < args.length; i++) {
                String opt = args[i];
                switch (opt) {
                    case "--bake" -> policy = policy.withBake(Duration.ofMinutes(positive(value(args, ++i, "--bake"), "--bake")));
                    case "--threads" -> threads = (int) positive(value(args, ++i, "--threads"), "--threads");
                    case "--estate" -> estateFile = Path.of(value(args, ++i, "--estate"));
                    case "--error-tolerance" -> canary = tolerance(canary, "error_rate", fraction(value(args, ++i, opt), opt));
                    case "--latency-tolerance" -> canary = tolerance(canary, "latency_p50_ms", fraction(value(args, ++i, opt), opt));
                    case "--metric-step" -> {
                        RolloutPolicy p = policy;
                        policy = new RolloutPolicy(p.minWaves(), p.bake(), p.maxShareAtOnce(), p.growthFactor(), p.everywhere(),
                                p.autoRollback(), p.stepTimeout(), p.maxWaitForData(),
                                Duration.ofSeconds(positive(value(args, ++i, opt), opt)));
                    }
                    case "--min-samples" -> {
                        int min = (int) positive(value(args, ++i, opt), opt);
                        canary = new CanaryConfig(canary.metrics().stream().map(m -> new CanaryMetric(m.name(), m.direction(),
                                m.tolerance(), m.critical(), m.sloLimit(), min, m.absoluteFloor())).toList(),
                                canary.alpha(), canary.passScore(), canary.marginalScore());
                    }
                    case "--latency-floor" -> canary = floor(canary, "latency_p50_ms", fraction(value(args, ++i, opt), opt));
                    case "--alpha" -> {
                        CanaryConfig c = canary;
                        canary = new CanaryConfig(c.metrics(), fraction(value(args, ++i, "--alpha"), "--alpha"), c.passScore(), c.marginalScore());
                    }
                    default -> {
                        if (args[i].startsWith("-")) throw new IllegalArgumentException("unknown option " + args[i]
                                + "; expected --bake MINUTES, --threads T, --estate FILE, --error-tolerance X, "
                                + "--latency-tolerance X, --latency-floor MS, --alpha X, --min-samples N or --metric-step SECONDS");
                        positional.add(args[i]);
                    }
                }
            }
            if (positional.size() > 2) throw new IllegalArgumentException("expected at most N and SEED, got " + positional);
            if (!positional.isEmpty()) n = (int) positive(positional.get(0), "N");
            if (positional.size() > 1) seed = number(positional.get(1), "SEED");
            if (!Files.isRegularFile(estateFile)) throw new IllegalArgumentException("estate file " + estateFile + " not found");
        } catch (IllegalArgumentException e) {
            System.err.println("bench detection: " + e.getMessage());
            System.exit(2);
            return;
        }
        Estate estate = new EstateFileReader().loadStrict(List.of(estateFile));
        System.out.printf("detection quality: %d rollouts, seed %d, bake %d min, metric step %d s, %d thread(s), estate %s%n",
                n, seed, policy.bake().toMinutes(), policy.metricStep().toSeconds(), threads, estateFile);
        System.out.printf("canary: alpha %s, %s%n%n", canary.alpha(), String.join(", ", canary.metrics().stream()
                .map(m -> m.name() + " tolerance " + m.tolerance() + " floor " + m.absoluteFloor() + " min samples " + m.minSamples())
                .toList()));
        long t0 = System.nanoTime();
        DetectionReport report = run(estate, Scenario.generate(n, seed), policy, new CanaryWaveJudge(canary), threads);
        Duration runtime = Duration.ofNanos(System.nanoTime() - t0);
        System.out.print(report.markdown(runtime));
    }

    /** Runs every scenario on {@code threads} threads (each rollout has its own simulation and store). */
    public static DetectionReport run(Estate estate, List<Scenario> scenarios, RolloutPolicy policy, WaveJudge judge,
                                      int threads) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Result>> futures = new ArrayList<>();
            for (Scenario s : scenarios) futures.add(pool.submit(() -> RolloutRun.run(estate, s, policy, judge)));
            List<Result> results = new ArrayList<>();
            for (Future<Result> f : futures) {
                try {
                    results.add(f.get());
                } catch (ExecutionException e) {
                    throw new IllegalStateException("a simulated rollout failed: " + e.getCause(), e.getCause());
                }
            }
            return DetectionReport.of(results);
        } finally {
            pool.shutdownNow();
        }
    }

    private static CanaryConfig tolerance(CanaryConfig c, String metric, double tolerance) {
        List<CanaryMetric> ms = c.metrics().stream().map(m -> !m.name().equals(metric) ? m : new CanaryMetric(m.name(),
                m.direction(), tolerance, m.critical(), m.sloLimit(), m.minSamples(), m.absoluteFloor())).toList();
        return new CanaryConfig(ms, c.alpha(), c.passScore(), c.marginalScore());
    }

    private static CanaryConfig floor(CanaryConfig c, String metric, double floor) {
        List<CanaryMetric> ms = c.metrics().stream().map(m -> !m.name().equals(metric) ? m : new CanaryMetric(m.name(),
                m.direction(), m.tolerance(), m.critical(), m.sloLimit(), m.minSamples(), floor)).toList();
        return new CanaryConfig(ms, c.alpha(), c.passScore(), c.marginalScore());
    }

    private static double fraction(String s, String what) {
        try {
            double d = Double.parseDouble(s);
            if (!(d > 0 && d < 10)) throw new IllegalArgumentException(what + " must be a number in (0, 10), was " + s);
            return d;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " must be a number, was '" + s + "'");
        }
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) throw new IllegalArgumentException(option + " needs a value");
        return args[i];
    }

    private static long positive(String s, String what) {
        long v = number(s, what);
        if (v < 1) throw new IllegalArgumentException(what + " must be at least 1, was " + s);
        return v;
    }

    private static long number(String s, String what) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " must be a whole number, was '" + s + "'");
        }
    }
}
