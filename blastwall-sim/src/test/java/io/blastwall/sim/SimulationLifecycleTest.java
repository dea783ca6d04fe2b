package io.blastwall.sim;

import io.blastwall.core.time.ManualClock;
import io.blastwall.core.SourceLocation;
import io.blastwall.core.estate.EdgeType;
import io.blastwall.core.estate.Estate;
import io.blastwall.core.estate.EstateBuilder;
import io.blastwall.core.estate.NodeKind;
import io.blastwall.core.estate.NodeSpec;
import io.blastwall.core.rollout.RolloutTarget;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Determinism, time, crash loops and delayed failures, bad input, and the real-time driver. */
class SimulationLifecycleTest {

    private static final RolloutTarget ORDERS_A = new RolloutTarget("orders-db-us-east-1", "us-east-1", "us-east-1a");

    @Test
    void theSameSeedGivesTheSameNumbersAndAnotherSeedOthers() {
        String a = run(42), b = run(42), c = run(43);
        assertThat(a).isEqualTo(b);
        assertThat(a).isNotEqualTo(c);
    }

    private static String run(long seed) {
        Simulation sim = Simulation.create(Shop.estate(), SimConfig.defaults(), seed);
        sim.advance(Duration.ofMinutes(3));
        sim.deploy("chg", List.of(ORDERS_A), ChangeBehaviour.latencyTimes(2));
        sim.advance(Duration.ofMinutes(3));
        return sim.metricsText();
    }

    @Test
    void virtualTimeAdvancesByWholeTicksAndCarriesFractions() {
        Instant start = Instant.parse("2026-11-28T12:00:00Z");
        Simulation sim = Simulation.create(Shop.estate(), SimConfig.defaults().withTick(Duration.ofSeconds(2)), 1, start);
        sim.advance(Duration.ofMillis(2500));
        assertThat(sim.now()).isEqualTo(start.plusSeconds(2));
        sim.advance(Duration.ofMillis(1500));
        assertThat(sim.now()).isEqualTo(start.plusSeconds(4));
        sim.advanceTo(start.plusSeconds(60));
        assertThat(sim.clock().instant()).isEqualTo(start.plusSeconds(60));
        sim.advanceTo(start);
        assertThat(sim.now()).isEqualTo(start.plusSeconds(60));
    }

    @Test
    void aCrashLoopingZoneShedsItsTrafficToTheHealthyZones() {
        Simulation sim = Simulation.create(Shop.estate(), SimConfig.defaults(), 8);
        List<RolloutTarget> orders = sim.targetsOf("orders-db-us-east-1");
        sim.advance(Duration.ofMinutes(5));
        sim.deploy("crash", List.of(ORDERS_A), ChangeBehaviour.crashLooping());
        sim.advance(Duration.ofMinutes(1));
        CellWindow w = CellWindow.open(sim);
        sim.advance(Duration.ofMinutes(10));
        double total = w.requests(sim, "orders-db-us-east-1");
        double shareA = w.requests(sim, ORDERS_A) / total;
        System.out.printf("crash-looping zone share %.3f, its error rate %.3f, others %.4f%n", shareA, w.errorRate(sim, ORDERS_A),
                w.errorRate(sim, orders.get(1)));
        assertThat(shareA).isLessThan(0.1);
        assertThat(w.errorRate(sim, ORDERS_A)).isGreaterThan(0.2);
        assertThat(w.errorRate(sim, orders.get(1))).isLessThan(0.01);
    }

    @Test
    void aDelayedFailureStaysHiddenUntilItsTimeComes() {
        Simulation sim = Simulation.create(Shop.estate(), SimConfig.defaults(), 4);
        sim.deploy("leak", List.of(ORDERS_A), ChangeBehaviour.addedErrors(0.05).after(Duration.ofMinutes(30)));
        CellWindow early = CellWindow.open(sim);
        sim.advance(Duration.ofMinutes(29));
        assertThat(sim.firstEffect("leak")).isEmpty();
        double before = early.errorRate(sim, ORDERS_A);
        CellWindow late = CellWindow.open(sim);
        sim.advance(Duration.ofMinutes(1).plusSeconds(1));
        sim.advance(Duration.ofMinutes(10));
        double after = late.errorRate(sim, ORDERS_A);
        assertThat(before).isLessThan(0.005);
        assertThat(after).isGreaterThan(0.04);
        assertThat(sim.firstEffect("leak")).contains(Instant.EPOCH.plus(Duration.ofMinutes(30)));
        assertThat(sim.targetsRunning("leak")).containsExactly(ORDERS_A);
        assertThat(sim.targetsRunning(Simulation.BASE_VERSION)).hasSize(sim.targets().size() - 1);
        assertThat(sim.firstEffect("never-deployed")).isEmpty();
    }

    @Test
    void freshlyDeployedInstancesWarmUpWhenConfiguredTo() {
        SimConfig config = SimConfig.defaults().withWarmUp(new SimConfig.WarmUp(Duration.ofMinutes(5), 3));
        Simulation sim = Simulation.create(Shop.estate(), config, 2);
        RolloutTarget db = ORDERS_A;
        sim.advance(Duration.ofMinutes(5));
        double before = sim.snapshot(db).medianLatencyMs();
        sim.deploy("good", List.of(db), ChangeBehaviour.GOOD);
        sim.advance(Duration.ofSeconds(30));
        double cold = sim.snapshot(db).medianLatencyMs();
        sim.advance(Duration.ofMinutes(6));
        double warm = sim.snapshot(db).medianLatencyMs();
        System.out.printf("warm-up: before %.2f ms, 30 s after deploy %.2f ms, 6.5 min after %.2f ms%n", before, cold, warm);
        assertThat(cold).isGreaterThan(2 * before);
        assertThat(warm).isLessThan(1.3 * before);
    }

    @Test
    void badInputNamesWhatIsWrong() {
        Simulation sim = Simulation.create(Shop.estate(), SimConfig.defaults(), 1);
        assertThatThrownBy(() -> sim.deploy("c", List.of(new RolloutTarget("no-such-node", "", "")), ChangeBehaviour.GOOD))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no-such-node");
        assertThatThrownBy(() -> sim.deploy("base", List.of(ORDERS_A), ChangeBehaviour.GOOD)).hasMessageContaining("base");
        assertThatThrownBy(() -> sim.setZoneDown("mars-1a", true)).hasMessageContaining("mars-1a");
        assertThatThrownBy(() -> SimConfig.defaults().withSeries(Duration.ofMillis(1500), Duration.ofHours(1)))
                .hasMessageContaining("seriesResolution");
        assertThatThrownBy(() -> ChangeBehaviour.addedErrors(1.5)).hasMessageContaining("addedErrorRate");
        assertThatThrownBy(() -> sim.advance(Duration.ofSeconds(-1))).hasMessageContaining("negative");
        sim.close();
        assertThatThrownBy(() -> sim.advance(Duration.ofSeconds(1))).hasMessageContaining("closed");
    }

    @Test
    void estatesWithCyclesAndWithoutCapacitiesStillRun() {
        EstateBuilder b = new EstateBuilder();
        SourceLocation here = SourceLocation.of("test");
        b.addNode(new NodeSpec("front", NodeKind.LOAD_BALANCER, 0, "", "", "r", List.of("z1", "z2"), "", "", false,
                Double.NaN, Double.NaN, 0, 1, Map.of(), List.of()), here);
        b.addNode(NodeSpec.of("a", NodeKind.SERVICE), here);
        b.addNode(NodeSpec.of("b", NodeKind.SERVICE), here);
        b.addEdge("front", "a", EdgeType.HARD, here);
        b.addEdge("a", "b", EdgeType.SOFT, here);
        b.addEdge("b", "a", EdgeType.ASYNC, here);
        Estate estate = b.build();
        Simulation sim = Simulation.create(estate, SimConfig.defaults().withUserRate(100), 1);
        sim.advance(Duration.ofMinutes(5));
        double front = sim.targetsOf("front").stream().mapToDouble(t -> sim.snapshot(t).requests()).sum();
        assertThat(front).isBetween(0.6 * 100 * 300 * 0.9, 0.6 * 100 * 300 * 1.1);
        assertThat(sim.snapshot(new RolloutTarget("b", "", "")).requests()).isPositive();
        assertThat(sim.snapshot(new RolloutTarget("a", "", "")).utilisation()).isZero();
    }

    @Test
    void theRealTimeDriverFollowsTheWallClockAtItsSpeed() {
        ManualClock wall = new ManualClock(Instant.parse("2026-11-28T10:00:00Z"));
        Simulation sim = Simulation.create(Shop.estate(), SimConfig.defaults(), 1, wall.instant());
        // the driver's scheduler is kept busy, so only the test's own steps run: the scheduled first run could
        // otherwise land after the clock jump on a loaded machine and catch up a second time
        java.util.concurrent.ScheduledExecutorService busy = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        busy.execute(() -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try (RealTimeDriver driver = new RealTimeDriver(sim, wall, 60, Duration.ofHours(1), busy).start()) {
            wall.advance(java.time.Duration.ofSeconds(2));
            driver.step();
            assertThat(sim.now()).isEqualTo(Instant.parse("2026-11-28T10:02:00Z"));
            wall.advance(java.time.Duration.ofHours(1));   // a suspended laptop: catch-up is capped per run
            driver.step();
            assertThat(sim.now()).isEqualTo(Instant.parse("2026-11-28T10:07:00Z"));
            assertThat(driver.failure()).isNull();
        } finally {
            release.countDown();
            busy.shutdownNow();
        }
    }

}
