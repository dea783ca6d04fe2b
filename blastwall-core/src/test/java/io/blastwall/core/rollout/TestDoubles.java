package io.blastwall.core.rollout;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * TEST DOUBLES for the rollout engine: a clock moved by hand (virtual time), an executor that counts real applies per
 * idempotency key and replays finished keys as the port's contract demands, a metrics source that serves scripted
 * samples, and a simple threshold judge. None of them is used outside tests; the real ones are the simulator,
 * Kubernetes and command executors, Prometheus, and {@code io.blastwall.core.canary.CanaryJudge}.
 */
final class TestDoubles {

    private TestDoubles() {
    }


    /** Counts applies and rollbacks per key; a finished key is replayed, never applied again. Fails on request. */
    static final class CountingExecutor implements RolloutExecutor {
        final Map<String, AtomicInteger> applied = new ConcurrentHashMap<>();
        final Map<String, StepOutcome> done = new ConcurrentHashMap<>();
        final List<ExecutionStep> rollbacks = new ArrayList<>();
        final Set<Integer> failWaves = new HashSet<>();
        volatile boolean failRollback;
        volatile CountDownLatch hang;

        @Override
        public String name() {
            return "counting-test-double";
        }

        @Override
        public StepOutcome apply(ExecutionStep step) {
            StepOutcome earlier = done.get(step.idempotencyKey());
            if (earlier != null) return new StepOutcome(earlier.succeeded(), true, earlier.detail(), "");
            if (hang != null) {
                try {
                    hang.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return StepOutcome.failed("interrupted", "");
                }
            }
            applied.computeIfAbsent(step.idempotencyKey(), k -> new AtomicInteger()).incrementAndGet();
            StepOutcome out = failWaves.contains(step.wave()) ? StepOutcome.failed("exit 1", "boom")
                    : StepOutcome.ok("applied to " + step.targets().size() + " targets");
            done.put(step.idempotencyKey(), out);
            return out;
        }

        @Override
        public synchronized StepOutcome rollBack(ExecutionStep step) {
            rollbacks.add(step);
            return failRollback ? StepOutcome.failed("rollback exit 1", "") : StepOutcome.ok("rolled back");
        }

        int appliesOfWave(int wave) {
            return applied.entrySet().stream().filter(e -> e.getKey().contains("/wave-" + wave + "/apply/"))
                    .mapToInt(e -> e.getValue().get()).sum();
        }

        int totalApplies() {
            return applied.values().stream().mapToInt(AtomicInteger::get).sum();
        }
    }

    /** Serves {@code error_rate} samples: the canary side's level can be set per test; can fail or return nothing. */
    static final class ScriptedMetrics implements MetricsSource {
        volatile double baselineLevel = 0.01;
        volatile double canaryLevel = 0.01;
        volatile int samples = 30;
        volatile boolean unreachable;
        final List<MetricQuery> queries = new ArrayList<>();

        @Override
        public String describe() {
            return "scripted-test-double";
        }

        @Override
        public synchronized double[] fetch(MetricQuery q) {
            queries.add(q);
            if (unreachable) throw new MetricsUnavailableException("connection refused (test double)");
            double level = q.role() == MetricQuery.Role.CANARY ? canaryLevel : baselineLevel;
            double[] out = new double[samples];
            for (int i = 0; i < samples; i++) out[i] = level * (1 + 0.01 * ((i * 7) % 5)); // small deterministic spread
            return out;
        }
    }

    /** Fails a wave whose canary mean is over twice the baseline mean; too few samples is insufficient data. */
    static final class ThresholdJudge implements WaveJudge {
        @Override
        public List<String> metrics() {
            return List.of("error_rate");
        }

        @Override
        public WaveVerdict judge(Map<String, double[]> baseline, Map<String, double[]> canary) {
            double[] b = baseline.get("error_rate");
            double[] c = canary.get("error_rate");
            if (b.length < 10 || c.length < 10) {
                return new WaveVerdict(WaveVerdict.Outcome.INSUFFICIENT_DATA, 0, List.of(new WaveVerdict.MetricVerdict(
                        "error_rate", "insufficient-data", true, b.length, c.length, Double.NaN, Double.NaN, "")),
                        List.of("error_rate: fewer than 10 samples"));
            }
            double mb = Arrays.stream(b).average().orElse(0);
            double mc = Arrays.stream(c).average().orElse(0);
            boolean bad = mc > 2 * mb;
            boolean marginal = !bad && mc > 1.5 * mb;
            WaveVerdict.Outcome o = bad ? WaveVerdict.Outcome.FAIL : marginal ? WaveVerdict.Outcome.MARGINAL : WaveVerdict.Outcome.PASS;
            return new WaveVerdict(o, bad ? 0 : marginal ? 60 : 100, List.of(new WaveVerdict.MetricVerdict("error_rate",
                    o.name().toLowerCase(), true, b.length, c.length, mc - mb, Double.NaN, "mean " + mc + " vs " + mb)),
                    bad ? List.of("error_rate doubled") : List.of());
        }
    }

    static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }
}
