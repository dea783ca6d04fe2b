package io.blastwall.sim;

import io.blastwall.core.rollout.RolloutTarget;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The failure modes the simulator exists for, each on the bundled shop estate with a fixed seed. */
class SimulationBehaviourTest {

    private static final RolloutTarget CHECKOUT_A = new RolloutTarget("checkout-api-eu-west-1", "eu-west-1", "eu-west-1a");
    private static final RolloutTarget CHECKOUT_B = new RolloutTarget("checkout-api-eu-west-1", "eu-west-1", "eu-west-1b");
    private static final RolloutTarget CHECKOUT_C = new RolloutTarget("checkout-api-eu-west-1", "eu-west-1", "eu-west-1c");

    @Test
    void aBadVersionRaisesItsTargetsErrorRateButNotTheUntouchedZones() {
        Simulation sim = Simulation.create(Shop.estate(), SimConfig.defaults(), 11);
        sim.advance(Duration.ofMinutes(10));
        CellWindow before = CellWindow.open(sim);
        sim.advance(Duration.ofMinutes(20));
        double baseA = before.errorRate(sim, CHECKOUT_A), baseB = before.errorRate(sim, CHECKOUT_B);

        sim.deploy("bad", List.of(CHECKOUT_A), ChangeBehaviour.errorRateTimes(2).withAdded(0.01));
        CellWindow during = CellWindow.open(sim);
        sim.advance(Duration.ofMinutes(20));
        double badA = during.errorRate(sim, CHECKOUT_A), badB = during.errorRate(sim, CHECKOUT_B), badC = during.errorRate(sim, CHECKOUT_C);
        System.out.printf("bad version: a %.4f -> %.4f, b %.4f -> %.4f, c %.4f%n", baseA, badA, baseB, badB, badC);
        assertThat(sim.versionOf(CHECKOUT_A)).isEqualTo("bad");
        assertThat(sim.versionOf(CHECKOUT_B)).isEqualTo(Simulation.BASE_VERSION);
        assertThat(badA).isGreaterThan(baseA + 0.008);
        assertThat(badB).isLessThan(baseB + 0.002);
        assertThat(badC).isLessThan(baseB + 0.002);

        assertThat(sim.rollback("bad", List.of(CHECKOUT_A, CHECKOUT_B))).isEqualTo(1);
        assertThat(sim.versionOf(CHECKOUT_A)).isEqualTo(Simulation.BASE_VERSION);
        CellWindow after = CellWindow.open(sim);
        sim.advance(Duration.ofMinutes(20));
        double restored = after.errorRate(sim, CHECKOUT_A);
        System.out.printf("after rollback: a %.4f%n", restored);
        assertThat(restored).isLessThan(baseA + 0.002);
    }

    @Test
    void coarseTicksForHarnessesShowTheSameBadCanary() {
        Simulation sim = Simulation.create(Shop.estate(), SimConfig.defaults().withTick(Duration.ofSeconds(5)).withHistograms(false), 11);
        sim.advance(Duration.ofMinutes(10));
        sim.deploy("bad", List.of(CHECKOUT_A), ChangeBehaviour.errorRateTimes(2).withAdded(0.01));
        CellWindow during = CellWindow.open(sim);
        sim.advance(Duration.ofMinutes(20));
        assertThat(during.errorRate(sim, CHECKOUT_A)).isGreaterThan(0.009);
        assertThat(during.errorRate(sim, CHECKOUT_B)).isLessThan(0.003);
    }

    @Test
    void aFailingSoftDependencyDegradesItsCallerWhileAFailingHardOneFailsIt() {
        Simulation sim = Simulation.create(Shop.estate(), SimConfig.defaults(), 12);
        sim.advance(Duration.ofMinutes(5));
        // recommendations is a soft dependency of web, catalog-api a hard one; both break in us-east-1
        sim.deploy("recs-broken", sim.targetsOf("recommendations-us-east-1"), ChangeBehaviour.addedErrors(0.9));
        CellWindow w = CellWindow.open(sim);
        double degradedBefore = degraded(sim, "web-us-east-1");
        sim.advance(Duration.ofMinutes(10));
        double webRequests = w.requests(sim, "web-us-east-1");
        double degradedShare = (degraded(sim, "web-us-east-1") - degradedBefore) / webRequests;
        double webErrors = w.errorRate(sim, "web-us-east-1");
        System.out.printf("recommendations broken: web degraded %.3f, errors %.4f%n", degradedShare, webErrors);
        assertThat(degradedShare).isGreaterThan(0.1);
        assertThat(webErrors).isLessThan(0.005);

        sim.deploy("catalog-broken", sim.targetsOf("catalog-api-us-east-1"), ChangeBehaviour.addedErrors(0.9));
        CellWindow w2 = CellWindow.open(sim);
        sim.advance(Duration.ofMinutes(10));
        System.out.printf("catalog-api broken: web errors %.3f%n", w2.errorRate(sim, "web-us-east-1"));
        assertThat(w2.errorRate(sim, "web-us-east-1")).isGreaterThan(0.3);
    }

    private static double degraded(Simulation sim, String node) {
        return sim.targetsOf(node).stream().mapToDouble(t -> sim.snapshot(t).degraded()).sum();
    }
}
