package io.blastwall.sim;

import io.blastwall.core.rollout.RolloutTarget;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Capacity loss, overload cascades and retry storms, as they happen in real incidents. */
class OverloadTest {

    @Test
    void capacityLossInZonesOverloadsTheRestAndCascadesUpThroughHardDependencies() {
        Simulation sim = Simulation.create(Shop.estate(), SimConfig.defaults(), 21);
        sim.setLoadFactor(1.0);
        sim.advance(Duration.ofMinutes(5));
        CellWindow before = CellWindow.open(sim);
        sim.advance(Duration.ofMinutes(10));
        List<RolloutTarget> payments = sim.targetsOf("payments-api-eu-west-1");
        RolloutTarget survivor = payments.get(2);
        double survivorShareBefore = before.requests(sim, survivor) / before.requests(sim, "payments-api-eu-west-1");
        double[] baseline = rates(sim, before);

        // two of three zones lose their capacity: their traffic fails over to the third, which cannot carry it
        sim.deploy("lose-zones", payments.subList(0, 2), ChangeBehaviour.capacityLost(1.0));
        sim.advance(Duration.ofMinutes(2));
        CellWindow during = CellWindow.open(sim);
        sim.advance(Duration.ofMinutes(10));
        double survivorShare = during.requests(sim, survivor) / during.requests(sim, "payments-api-eu-west-1");
        double[] hit = rates(sim, during);
        System.out.printf("survivor share %.2f -> %.2f, utilisation %.2f%n", survivorShareBefore, survivorShare,
                sim.snapshot(survivor).utilisation());
        System.out.printf("error rates before/after: payments %.4f/%.4f checkout %.4f/%.4f edge %.4f/%.4f us-edge %.4f/%.4f%n",
                baseline[0], hit[0], baseline[1], hit[1], baseline[2], hit[2], baseline[3], hit[3]);
        assertThat(survivorShareBefore).isBetween(0.3, 0.37);
        assertThat(survivorShare).isGreaterThan(0.99);
        assertThat(sim.snapshot(survivor).utilisation()).isGreaterThan(1.0);
        assertThat(hit[0]).as("payments-api overloaded").isGreaterThan(0.05);
        assertThat(hit[1]).as("checkout-api, a hard dependent").isGreaterThan(0.05);
        assertThat(hit[2]).as("the edge load balancer above it").isGreaterThan(baseline[2] + 0.01);
        assertThat(hit[3]).as("the other region").isLessThan(baseline[3] + 0.002);
    }

    @Test
    void retriesWithoutBackoffAmplifyLoadOnAStrugglingDependencyMoreThanWithBackoff() {
        double immediate = loadOnShrunkDatabase(RetryPolicy.immediate(3));
        double backoff = loadOnShrunkDatabase(RetryPolicy.exponentialBackoff(3));
        double none = loadOnShrunkDatabase(RetryPolicy.none());
        System.out.printf("payments-db load while shrunk, relative to no retries: immediate %.2f, backoff %.2f%n",
                immediate / none, backoff / none);
        assertThat(immediate).isGreaterThan(2 * none);
        assertThat(backoff).as("a 10 %% budget per layer, three layers").isLessThan(1.5 * none);
        assertThat(immediate).isGreaterThan(1.5 * backoff);
    }

    /** Requests payments-db in eu-west-1 receives in 5 minutes after losing 70 % of its capacity. */
    private static double loadOnShrunkDatabase(RetryPolicy retry) {
        Simulation sim = Simulation.create(Shop.estate(), SimConfig.defaults().withRetry(retry), 33);
        sim.setLoadFactor(1.0);
        sim.advance(Duration.ofMinutes(2));
        sim.deploy("shrink-db", sim.targetsOf("payments-db-eu-west-1"), ChangeBehaviour.capacityLost(0.7));
        CellWindow w = CellWindow.open(sim);
        sim.advance(Duration.ofMinutes(5));
        return w.requests(sim, "payments-db-eu-west-1");
    }

    private static double[] rates(Simulation sim, CellWindow w) {
        return new double[] {w.errorRate(sim, "payments-api-eu-west-1"), w.errorRate(sim, "checkout-api-eu-west-1"),
                w.errorRate(sim, "edge-lb-eu-west-1"), w.errorRate(sim, "edge-lb-us-east-1")};
    }
}
