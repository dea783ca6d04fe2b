package io.blastwall.sim;

import io.blastwall.core.estate.Estate;
import io.blastwall.core.rollout.RolloutTarget;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * No request appears or vanishes: every request a node receives came from users, its own background work, a caller's
 * call or a caller's retry, and is answered exactly once, with or without an error — also through overload, ejection
 * and backoff.
 */
class ConservationTest {

    @Test
    void everyRequestIsAccountedForThroughAnOverloadWithBackoffRetries() {
        Simulation sim = Simulation.create(Shop.estate(), SimConfig.defaults().withRetry(RetryPolicy.exponentialBackoff(3)), 5);
        sim.setLoadFactor(1.0);
        sim.advance(Duration.ofMinutes(5));
        // payments-db in eu-west-1 loses most of its capacity: rejections, retries, ejections upstream
        List<RolloutTarget> db = sim.targetsOf("payments-db-eu-west-1");
        sim.deploy("shrink-db", db, ChangeBehaviour.capacityLost(0.8));
        sim.advance(Duration.ofMinutes(10));
        sim.rollback("shrink-db", db);
        sim.advance(Duration.ofMinutes(5));
        assertBalanced(sim);
        assertThat(sim.snapshots().stream().mapToDouble(CellSnapshot::retries).sum()).isPositive();
    }

    @Test
    void everyRequestIsAccountedForWithImmediateRetriesAndAZoneOutage() {
        Simulation sim = Simulation.create(Shop.estate(), SimConfig.defaults().withRetry(RetryPolicy.immediate(2)), 6);
        sim.advance(Duration.ofMinutes(3));
        sim.setZoneDown("us-east-1b", true);
        sim.advance(Duration.ofMinutes(5));
        assertBalanced(sim);
    }

    private static void assertBalanced(Simulation sim) {
        TickEngine e = sim.engine();
        Topology topo = sim.topology();
        Estate estate = sim.estate();
        double[] received = new double[topo.nodes];
        for (CellSnapshot s : sim.snapshots()) {
            assertThat(s.errors()).as("errors of %s", s.target()).isBetween(0.0, s.requests());
            assertThat(s.successes() + s.errors()).isEqualTo(s.requests());
            assertThat(s.retries()).isBetween(0.0, s.requests());
            received[estate.indexOf(s.target().nodeId())] += s.requests();
        }
        double deliveredRetries = 0;
        for (int n = 0; n < topo.nodes; n++) {
            double calls = 0;
            for (int a = 0; a < topo.nodes; a++) {
                for (int k = topo.depStart[a]; k < topo.depStart[a + 1]; k++) if (topo.depTarget[k] == n) calls += e.edgeCalls[k];
            }
            double retries = e.retriesDelivered[n];
            deliveredRetries += retries;
            assertThat(received[n]).as("requests received by %s", estate.id(n)).isEqualTo(e.external[n] + calls + retries);
        }
        double retriedByCells = sim.snapshots().stream().mapToDouble(CellSnapshot::retries).sum();
        assertThat(retriedByCells).isCloseTo(deliveredRetries, within(1e-6));
        assertThat(e.retries.scheduled).isCloseTo(deliveredRetries + e.pendingRetries(), within(1e-6));
    }
}
