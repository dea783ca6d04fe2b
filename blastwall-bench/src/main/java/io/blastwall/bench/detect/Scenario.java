package io.blastwall.bench.detect;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One seeded simulated rollout: which components the change touches, what it does, when in the day it runs (so at
 * which load), and the simulation's seed. Immutable.
 *
 * @param index   position in the run, also the change id's suffix
 * @param nodeIds the components changed: one component kind in one region or in both
 * @param fault   what the change does ({@link Fault.Good} for a good change)
 * @param start   simulated start, a random time of day (the load follows the day curve)
 * @param seed    the simulation's seed
 */
public record Scenario(int index, List<String> nodeIds, Fault fault, Instant start, long seed) {

    /** Components of the shop estate spread over three zones per region, so every wave has comparable peers. */
    static final List<String> COMPONENTS = List.of("web", "checkout-api", "payments-api", "catalog-api",
            "recommendations", "search", "orders-db", "payments-db", "catalog-db", "session-cache", "edge-lb",
            "order-events", "fulfilment-worker");
    static final List<String> REGIONS = List.of("eu-west-1", "us-east-1");
    /** A Wednesday, so nothing in the scenario depends on weekend rules. */
    static final Instant DAY = Instant.parse("2026-05-06T00:00:00Z");

    public Scenario {
        nodeIds = List.copyOf(nodeIds);
    }

    /** The canary's component: the first target in wave order (region, zone, id). */
    public String canaryNode() {
        return nodeIds.stream().sorted().findFirst().orElseThrow();
    }

    /**
     * {@code n} scenarios from {@code seed}: even indices carry the bad changes of {@link Fault#badChanges()} in turn,
     * odd ones a good change; components, regions, time of day and simulation seeds are drawn at random.
     */
    public static List<Scenario> generate(int n, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<Fault> bad = Fault.badChanges();
        List<Scenario> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Fault fault = i % 2 == 0 ? bad.get((i / 2) % bad.size()) : new Fault.Good();
            String component = COMPONENTS.get(rnd.nextInt(COMPONENTS.size()));
            int scope = rnd.nextInt(3); // 0: eu-west-1, 1: us-east-1, 2: both
            List<String> nodes = new ArrayList<>();
            for (int r = 0; r < REGIONS.size(); r++) if (scope == 2 || scope == r) nodes.add(component + "-" + REGIONS.get(r));
            Instant start = DAY.plus(Duration.ofSeconds(rnd.nextLong(86_400)));
            out.add(new Scenario(i, nodes, fault, start, rnd.nextLong()));
        }
        return out;
    }
}
