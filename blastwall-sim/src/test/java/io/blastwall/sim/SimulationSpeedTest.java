package io.blastwall.sim;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;

/**
 * Measures how fast the shop estate simulates (numbers for docs/simulator.md; no assertions on time). Runs only with
 * {@code -Dsim.speed=true}:
 * {@code mvn -o -q -B -pl blastwall-sim -am verify -Dtest=SimulationSpeedTest -Dsurefire.failIfNoSpecifiedTests=false -Dsim.speed=true}
 */
@EnabledIfSystemProperty(named = "sim.speed", matches = "true")
class SimulationSpeedTest {

    @Test
    void twoHoursOfTheShopEstate() {
        measure("1 s ticks, histograms on (defaults)", SimConfig.defaults());
        measure("1 s ticks, histograms off", SimConfig.defaults().withHistograms(false));
        measure("5 s ticks, histograms off", SimConfig.defaults().withHistograms(false).withTick(Duration.ofSeconds(5)));
    }

    private static void measure(String label, SimConfig config) {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        for (int warm = 0; warm < 3; warm++) Simulation.create(Shop.estate(), config, warm).advance(Duration.ofHours(2));
        int runs = 5;
        long cpu0 = mx.getCurrentThreadCpuTime(), wall0 = System.nanoTime();
        for (int r = 0; r < runs; r++) Simulation.create(Shop.estate(), config, 100 + r).advance(Duration.ofHours(2));
        double cpuMs = (mx.getCurrentThreadCpuTime() - cpu0) / 1e6 / runs;
        double wallMs = (System.nanoTime() - wall0) / 1e6 / runs;
        System.out.printf("sim-speed: 2 h of shop (31 nodes, 87 cells), %s: %.0f ms CPU, %.0f ms wall per run (mean of %d)%n",
                label, cpuMs, wallMs, runs);
    }
}
