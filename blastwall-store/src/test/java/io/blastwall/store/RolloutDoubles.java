package io.blastwall.store;

import io.blastwall.core.lifecycle.ChangeState;
import io.blastwall.core.lifecycle.Trigger;
import io.blastwall.core.rollout.ExecutionStep;
import io.blastwall.core.rollout.MetricQuery;
import io.blastwall.core.rollout.MetricsSource;
import io.blastwall.core.rollout.RolloutExecutor;
import io.blastwall.core.rollout.RolloutTarget;
import io.blastwall.core.rollout.StepOutcome;
import io.blastwall.core.rollout.WaveJudge;
import io.blastwall.core.rollout.WaveVerdict;
import io.blastwall.core.store.ControlPlaneStore;
import io.blastwall.core.store.StoredChange;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * TEST DOUBLES for running the rollout engine on the real JDBC store: a hand-moved clock, an "estate" that records
 * every real apply per idempotency key (shared by the executors of several replicas, as a real estate is), an
 * executor per replica that can be made to hang right after applying (to kill its replica mid-wave), steady metrics
 * and a judge that passes equal samples. The real adapters (simulator, Kubernetes, command, Prometheus, CanaryJudge)
 * live elsewhere.
 */
final class RolloutDoubles {

    private RolloutDoubles() {
    }


    /** What the estate saw: real applies per idempotency key. */
    static final class Estate {
        final Map<String, AtomicInteger> applies = new ConcurrentHashMap<>();
        final Map<String, StepOutcome> done = new ConcurrentHashMap<>();

        int maxAppliesOfOneKey() {
            return applies.values().stream().mapToInt(AtomicInteger::get).max().orElse(0);
        }

        int appliedWaves() {
            return (int) applies.keySet().stream().map(k -> k.replaceAll("/apply/.*", "")).distinct().count();
        }
    }

    /** An executor of one replica. {@link #hangAfterApplyOfWave} makes it apply, then never return. */
    static final class Executor implements RolloutExecutor {
        final Estate estate;
        volatile int hangAfterApplyOfWave = -1;
        final CountDownLatch hanging = new CountDownLatch(1);

        Executor(Estate estate) {
            this.estate = estate;
        }

        @Override
        public String name() {
            return "estate-test-double";
        }

        @Override
        public StepOutcome apply(ExecutionStep step) {
            StepOutcome earlier = estate.done.get(step.idempotencyKey());
            if (earlier != null) return new StepOutcome(true, true, earlier.detail(), "");
            estate.applies.computeIfAbsent(step.idempotencyKey(), k -> new AtomicInteger()).incrementAndGet();
            StepOutcome out = StepOutcome.ok("applied " + step.targets().size());
            estate.done.put(step.idempotencyKey(), out);
            if (step.wave() == hangAfterApplyOfWave) {
                hanging.countDown();
                try {
                    new CountDownLatch(1).await(); // the replica dies here, after the estate changed
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return StepOutcome.failed("killed", "");
            }
            return out;
        }

        @Override
        public StepOutcome rollBack(ExecutionStep step) {
            return StepOutcome.ok("rolled back");
        }
    }

    static final class SteadyMetrics implements MetricsSource {
        @Override
        public String describe() {
            return "steady-test-double";
        }

        @Override
        public double[] fetch(MetricQuery q) {
            double[] out = new double[20];
            for (int i = 0; i < out.length; i++) out[i] = 0.01 + 0.001 * (i % 3);
            return out;
        }
    }

    /** Passes when the canary mean is at most 1.5× the baseline mean. */
    static final class MeanJudge implements WaveJudge {
        @Override
        public List<String> metrics() {
            return List.of("error_rate");
        }

        @Override
        public WaveVerdict judge(Map<String, double[]> baseline, Map<String, double[]> canary) {
            double b = java.util.Arrays.stream(baseline.get("error_rate")).average().orElse(Double.NaN);
            double c = java.util.Arrays.stream(canary.get("error_rate")).average().orElse(Double.NaN);
            boolean ok = c <= 1.5 * b;
            return new WaveVerdict(ok ? WaveVerdict.Outcome.PASS : WaveVerdict.Outcome.FAIL, ok ? 100 : 0,
                    List.of(new WaveVerdict.MetricVerdict("error_rate", ok ? "pass" : "fail", true, 20, 20, c - b,
                            Double.NaN, "")), List.of());
        }
    }

    static List<RolloutTarget> targets() {
        List<RolloutTarget> out = new ArrayList<>();
        for (String r : List.of("eu-1", "us-1")) for (String z : List.of("a", "b")) out.add(new RolloutTarget("api", r, r + z));
        return out;
    }

    /** Inserts a change and moves it to approved. */
    static StoredChange approved(ControlPlaneStore store, String id) {
        return store.inTransaction(tx -> {
            StoredChange c = tx.insertChange(Fixtures.change(id, TestClock.T0), Fixtures.revision(id, 1, TestClock.T0));
            c = tx.transition(id, Trigger.ANALYSE, ChangeState.PROPOSED, ChangeState.ANALYSED, c.version());
            return tx.transition(id, Trigger.APPROVE, ChangeState.ANALYSED, ChangeState.APPROVED, c.version());
        });
    }
}
