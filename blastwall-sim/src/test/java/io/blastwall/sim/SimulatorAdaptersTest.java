package io.blastwall.sim;

import io.blastwall.core.rollout.ExecutionStep;
import io.blastwall.core.rollout.MetricQuery;
import io.blastwall.core.rollout.MetricsUnavailableException;
import io.blastwall.core.rollout.RolloutTarget;
import io.blastwall.core.rollout.StepOutcome;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The rollout executor and metrics source ports over the simulation. */
class SimulatorAdaptersTest {

    private static final RolloutTarget WEB_A = new RolloutTarget("web-eu-west-1", "eu-west-1", "eu-west-1a");
    private static final RolloutTarget WEB_B = new RolloutTarget("web-eu-west-1", "eu-west-1", "eu-west-1b");
    private static final RolloutTarget WEB_C = new RolloutTarget("web-eu-west-1", "eu-west-1", "eu-west-1c");

    private static ExecutionStep step(String change, List<RolloutTarget> targets, String key) {
        return new ExecutionStep(change, 1, "sha256:" + change, 1, targets, key, Duration.ofSeconds(5));
    }

    @Test
    void applyIsIdempotentOnItsKeyAndRollBackRestoresThePreviousVersion() {
        Simulation sim = Simulation.create(Shop.estate(), SimConfig.defaults(), 1);
        SimulatedChanges changes = new SimulatedChanges().register("chg-1", ChangeBehaviour.errorRateTimes(3));
        SimulatorExecutor exec = new SimulatorExecutor(sim, changes);

        StepOutcome first = exec.apply(step("chg-1", List.of(WEB_A), "chg-1/r1/w1/apply"));
        assertThat(first.succeeded()).isTrue();
        assertThat(first.replayed()).isFalse();
        assertThat(sim.versionOf(WEB_A)).isEqualTo("chg-1-r1");

        // the operator moved the cell on by hand; a replayed step must not touch it again
        sim.rollback("chg-1-r1", List.of(WEB_A));
        StepOutcome again = exec.apply(step("chg-1", List.of(WEB_A), "chg-1/r1/w1/apply"));
        assertThat(again.succeeded()).isTrue();
        assertThat(again.replayed()).isTrue();
        assertThat(again.detail()).isEqualTo(first.detail());
        assertThat(sim.versionOf(WEB_A)).isEqualTo(Simulation.BASE_VERSION);

        exec.apply(step("chg-1", List.of(WEB_A, WEB_B), "chg-1/r1/w2/apply"));
        assertThat(sim.versionOf(WEB_B)).isEqualTo("chg-1-r1");
        StepOutcome back = exec.rollBack(step("chg-1", List.of(WEB_A, WEB_B, WEB_C), "chg-1/r1/rollback"));
        assertThat(back.succeeded()).isTrue();
        assertThat(back.detail()).contains("2 of 3");
        assertThat(List.of(sim.versionOf(WEB_A), sim.versionOf(WEB_B), sim.versionOf(WEB_C))).containsOnly(Simulation.BASE_VERSION);
        assertThat(exec.rollBack(step("chg-1", List.of(WEB_A), "chg-1/r1/rollback")).replayed()).isTrue();
    }

    @Test
    void badTargetsFaultsAndAClosedSimulationFailTheStep() {
        Simulation sim = Simulation.create(Shop.estate(), SimConfig.defaults(), 1);
        SimulatedChanges changes = new SimulatedChanges()
                .fault("broken", SimulatedChanges.ExecutorFault.FAIL)
                .fault("stuck", SimulatedChanges.ExecutorFault.HANG);
        SimulatorExecutor exec = new SimulatorExecutor(sim, changes);

        StepOutcome unknown = exec.apply(step("chg-2", List.of(new RolloutTarget("web-eu-west-1", "eu-west-1", "mars-1a")), "k1"));
        assertThat(unknown.succeeded()).isFalse();
        assertThat(unknown.detail()).contains("web-eu-west-1").contains("mars-1a").contains("eu-west-1a");

        assertThat(exec.apply(step("broken", List.of(WEB_A), "k2")).succeeded()).isFalse();
        assertThat(sim.versionOf(WEB_A)).isEqualTo(Simulation.BASE_VERSION);

        ExecutionStep stuck = new ExecutionStep("stuck", 1, "h", 1, List.of(WEB_A), "k3", Duration.ofMillis(50));
        StepOutcome hung = exec.apply(stuck);
        assertThat(hung.succeeded()).isFalse();
        assertThat(hung.detail()).contains("timed out after 50 ms");

        sim.close();
        assertThat(exec.apply(step("chg-3", List.of(WEB_A), "k4")).detail()).contains("not running");
    }

    @Test
    void anExecutorTimesOutWhenTheSimulationIsBusy() throws Exception {
        Simulation sim = Simulation.create(Shop.estate(), SimConfig.defaults(), 1);
        SimulatorExecutor exec = new SimulatorExecutor(sim, new SimulatedChanges());
        Thread holder = Thread.ofPlatform().start(() -> {
            sim.lock();
            try {
                Thread.sleep(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                sim.unlock();
            }
        });
        while (!sim.isLockedForTest()) Thread.onSpinWait();
        StepOutcome o = exec.apply(new ExecutionStep("chg", 1, "h", 1, List.of(WEB_A), "k", Duration.ofMillis(30)));
        holder.interrupt();
        holder.join();
        assertThat(o.succeeded()).isFalse();
        assertThat(o.detail()).contains("timed out");
    }

    @Test
    void metricsSourceReturnsPerStepSamplesOfTheTargetsAndSeesTheCanary() {
        Simulation sim = Simulation.create(Shop.estate(), SimConfig.defaults(), 3);
        sim.advance(Duration.ofMinutes(10));
        sim.deploy("slow-and-bad", List.of(WEB_A), ChangeBehaviour.errorRateTimes(4).withLatencyTimes(1.5));
        Instant from = sim.now();
        sim.advance(Duration.ofMinutes(10));
        Instant to = sim.now();
        SimulatorMetricsSource source = new SimulatorMetricsSource(sim);
        double[] canaryErrors = source.fetch(new MetricQuery("error_rate", MetricQuery.Role.CANARY, List.of(WEB_A), from, to, Duration.ofMinutes(1)));
        double[] baseErrors = source.fetch(new MetricQuery("error_rate", MetricQuery.Role.BASELINE, List.of(WEB_B, WEB_C), from, to, Duration.ofMinutes(1)));
        double[] canaryP50 = source.fetch(new MetricQuery("latency_p50_ms", MetricQuery.Role.CANARY, List.of(WEB_A), from, to, Duration.ofMinutes(1)));
        double[] baseP50 = source.fetch(new MetricQuery("latency_p50_ms", MetricQuery.Role.BASELINE, List.of(WEB_B, WEB_C), from, to, Duration.ofMinutes(1)));
        System.out.printf("canary errors %s%nbaseline errors %s%ncanary p50 %s%nbaseline p50 %s%n", Arrays.toString(canaryErrors),
                Arrays.toString(baseErrors), Arrays.toString(canaryP50), Arrays.toString(baseP50));
        assertThat(canaryErrors).hasSize(10);
        assertThat(baseErrors).hasSize(20);
        assertThat(mean(canaryErrors)).isGreaterThan(2.5 * mean(baseErrors));
        assertThat(mean(canaryP50)).isGreaterThan(1.1 * mean(baseP50));

        // a window in the future, or before the start, has no samples; a step shorter than the resolution has gaps
        assertThat(source.fetch(new MetricQuery("error_rate", MetricQuery.Role.CANARY, List.of(WEB_A), to, to.plusSeconds(600), Duration.ofMinutes(1)))).isEmpty();
        assertThat(source.fetch(new MetricQuery("error_rate", MetricQuery.Role.CANARY, List.of(WEB_A), from, from.plusSeconds(60), Duration.ofSeconds(5)))).hasSize(6);

        assertThatThrownBy(() -> source.fetch(new MetricQuery("cpu", MetricQuery.Role.CANARY, List.of(WEB_A), from, to, Duration.ofMinutes(1))))
                .isInstanceOf(MetricsUnavailableException.class).hasMessageContaining("cpu").hasMessageContaining("error_rate");
        assertThatThrownBy(() -> source.fetch(new MetricQuery("error_rate", MetricQuery.Role.CANARY, List.of(new RolloutTarget("nope", "", "")), from, to, Duration.ofMinutes(1))))
                .isInstanceOf(MetricsUnavailableException.class).hasMessageContaining("nope");
        sim.close();
        assertThatThrownBy(() -> source.fetch(new MetricQuery("error_rate", MetricQuery.Role.CANARY, List.of(WEB_A), from, to, Duration.ofMinutes(1))))
                .isInstanceOf(MetricsUnavailableException.class).hasMessageContaining("not running");
    }

    @Test
    void addingAShareOfTheNominalLatencyMovesTheMeasuredMedianByThatShare() {
        Simulation sim = Simulation.create(Shop.estate(), SimConfig.defaults(), 5);
        Duration nominal = sim.nominalLatency("checkout-api-us-east-1");
        List<RolloutTarget> checkout = sim.targetsOf("checkout-api-us-east-1");
        sim.advance(Duration.ofMinutes(5));
        sim.deploy("slower", checkout.subList(0, 1), ChangeBehaviour.addedLatency(nominal.multipliedBy(2).dividedBy(10)));
        Instant from = sim.now();
        sim.advance(Duration.ofMinutes(30));
        SimulatorMetricsSource source = new SimulatorMetricsSource(sim);
        double canary = mean(source.fetch(new MetricQuery("latency_p50_ms", MetricQuery.Role.CANARY, checkout.subList(0, 1), from, sim.now(), Duration.ofMinutes(1))));
        double base = mean(source.fetch(new MetricQuery("latency_p50_ms", MetricQuery.Role.BASELINE, checkout.subList(1, 3), from, sim.now(), Duration.ofMinutes(1))));
        System.out.printf("nominal %s, canary p50 %.1f ms, baseline %.1f ms, ratio %.3f%n", nominal, canary, base, canary / base);
        assertThat(canary / base).isBetween(1.12, 1.28);
    }

    private static double mean(double[] xs) {
        return Arrays.stream(xs).average().orElseThrow();
    }
}
