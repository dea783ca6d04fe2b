package io.blastwall.bench;

import io.blastwall.core.estate.EdgeType;
import io.blastwall.core.estate.NodeKind;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Generates realistic synthetic estates for benchmarks: the same seed always gives the same estate.
 *
 * <p>Shape, bottom-up in creation order so that dependencies point "downwards" (to older nodes) and hard edges are
 * acyclic except for a few deliberate cross edges:
 * <ol>
 *   <li>foundations: one global secret store, per region a network and a secret store, per cell a cluster;</li>
 *   <li>stores (≈5.5% of nodes): datastores, caches, queues and object storage, some datastores deployed in 2–3
 *       regions as one redundancy group (active-active peers whose capacities add up);</li>
 *   <li>platform services (≈1%): auth, config, mesh …, on the stores;</li>
 *   <li>the bulk: services (and ≈3% functions) spread over {@value #REGIONS} regions, {@value #ZONES} zones and
 *       {@value #CELLS} cells per region, each depending on its cell's cluster and on ≈4 older nodes picked by
 *       preferential attachment per (region, category) — which gives the power-law fan-in of real estates: a few
 *       shared datastores, caches, queues and platform services that very many depend on;</li>
 *   <li>the entry: load balancers and gateways on the newest (front-end) services of their region, CDNs, and DNS
 *       names with traffic weights failing over softly between the regions' load balancers;</li>
 *   <li>≈0.2% cross edges from platform services back up to product services (70% soft, 30% hard: a few cycles).</li>
 * </ol>
 * Edge types follow the target: caches mostly soft, datastores and platform services mostly hard, services 70% hard
 * and 30% soft, queues and object storage asynchronous (90% and 40%). Asynchronous edges lead only to queues and
 * storage, the sinks of asynchronous work, and to the global secret store; so the failure of anything above those
 * reaches its dependents along hard and soft edges only, and Blastwall's blast radius of such a node is exactly its
 * reverse-reachable set — which lets the benchmark compare equal work.
 * Tiers are skewed (few tier 0, mostly tier 2–3); services carry capacity, peak load and replicas.
 * About five dependency edges per node.
 *
 * <p>Stateless; {@link #generate} is thread-safe.
 */
public final class EstateGenerator {

    public static final int REGIONS = 6;
    public static final int ZONES = 3;
    public static final int CELLS = 4;

    // categories for preferential attachment urns
    static final int C_SERVICE = 0, C_DATASTORE = 1, C_CACHE = 2, C_QUEUE = 3, C_PLATFORM = 4, C_STORAGE = 5,
            C_FUNCTION = 6, C_LB = 7, CATEGORIES = 8;

    private EstateGenerator() {
    }

    /** Generates an estate of exactly {@code nodes} nodes (at least 200) from {@code seed}. */
    public static GeneratedEstate generate(int nodes, long seed) {
        if (nodes < 200) throw new IllegalArgumentException("nodes must be >= 200, was " + nodes);
        return new Run(nodes, new SplittableRandom(seed)).run();
    }

    /** One generation: mutable state, used once. */
    private static final class Run {
        final int n;
        final SplittableRandom rnd;
        final GeneratedEstate.Builder out;
        final IntList[][] urn = new IntList[REGIONS][CATEGORIES];
        final IntList[] servicesOf = new IntList[REGIONS];
        final IntList[] lbsOf = new IntList[REGIONS];
        final int[] network = new int[REGIONS];
        final int[] secret = new int[REGIONS];
        final int[][] cluster = new int[REGIONS][CELLS];
        final int teams;
        int globalSecret;
        final int[] picked = new int[32];
        int pickedCount;

        Run(int n, SplittableRandom rnd) {
            this.n = n;
            this.rnd = rnd;
            this.out = new GeneratedEstate.Builder(n);
            for (int r = 0; r < REGIONS; r++) {
                for (int c = 0; c < CATEGORIES; c++) urn[r][c] = new IntList();
                servicesOf[r] = new IntList();
                lbsOf[r] = new IntList();
            }
            teams = Math.max(5, n / 40);
        }

        GeneratedEstate run() {
            int dns = Math.max(2, n / 5000);
            int lbs = Math.max(2 * REGIONS, n / 500);
            int cdns = Math.max(1, n / 100_000);
            int foundations = 1 + 2 * REGIONS + REGIONS * CELLS;
            int stores = n * 55 / 1000;
            int platform = Math.max(REGIONS, n / 100);
            int bulk = n - foundations - stores - platform - lbs - cdns - dns;
            if (bulk < REGIONS) throw new IllegalArgumentException("too few nodes for the estate's fixed parts");

            foundations();
            stores(stores);
            platform(platform);
            bulk(bulk);
            loadBalancers(lbs);
            cdns(cdns);
            dns(dns);
            crossEdges(n / 500);
            return out.finish();
        }

        private void foundations() {
            globalSecret = node(NodeKind.SECRET, "secret", 0, -1, false, false, -1);
            for (int r = 0; r < REGIONS; r++) {
                network[r] = node(NodeKind.NETWORK, "net", 0, r, true, false, -1);
                secret[r] = node(NodeKind.SECRET, "secret", 0, r, true, false, -1);
                edge(secret[r], network[r], EdgeType.HARD);
                edge(secret[r], globalSecret, EdgeType.ASYNC); // replicated from the global store
                for (int c = 0; c < CELLS; c++) {
                    int k = node(NodeKind.CLUSTER, "cluster", rnd.nextInt(2), r, true, false, c);
                    cluster[r][c] = k;
                    edge(k, network[r], EdgeType.HARD);
                    edge(k, secret[r], EdgeType.HARD);
                }
            }
        }

        private void stores(int count) {
            int made = 0;
            while (made < count) {
                double x = rnd.nextDouble();
                int cat = x < 0.38 ? C_DATASTORE : x < 0.65 ? C_CACHE : x < 0.92 ? C_QUEUE : C_STORAGE;
                NodeKind kind = switch (cat) {
                    case C_DATASTORE -> NodeKind.DATASTORE;
                    case C_CACHE -> NodeKind.CACHE;
                    case C_QUEUE -> NodeKind.QUEUE;
                    default -> NodeKind.STORAGE;
                };
                String prefix = switch (cat) {
                    case C_DATASTORE -> "db";
                    case C_CACHE -> "cache";
                    case C_QUEUE -> "queue";
                    default -> "store";
                };
                // a logical store lives in 1 region, sometimes 2 or 3 (replicas in one redundancy group)
                int copies = Math.min(count - made, x < 0.38 ? (rnd.nextInt(10) < 3 ? 2 + rnd.nextInt(2) : 1) : 1);
                int tier = skewedTier(0.10, 0.35, 0.35);
                int firstRegion = rnd.nextInt(REGIONS);
                int group = copies > 1 ? out.newGroup(prefix) : -1;
                for (int k = 0; k < copies; k++) {
                    int r = (firstRegion + k) % REGIONS;
                    boolean stateful = cat != C_CACHE;
                    int v = node(kind, prefix, tier, r, rnd.nextInt(10) < 8, stateful, -1);
                    out.group(v, group);
                    sized(v, 1 + rnd.nextInt(3), 2000 + rnd.nextInt(20_000));
                    edge(v, network[r], EdgeType.HARD);
                    if (cat != C_CACHE) edge(v, secret[r], EdgeType.HARD); // encryption keys
                    urn[r][cat].add(v);
                    made++;
                }
            }
        }

        private void platform(int count) {
            for (int i = 0; i < count; i++) {
                int r = i % REGIONS;
                int v = node(NodeKind.SERVICE, "plat", skewedTier(0.3, 0.5, 0.15), r, true, false, rnd.nextInt(CELLS));
                sized(v, 3 + rnd.nextInt(10), 500 + rnd.nextInt(3000));
                edge(v, cluster[r][out.cellOf(v)], EdgeType.HARD);
                edge(v, secret[r], EdgeType.HARD);
                pick(v, r, C_DATASTORE, EdgeType.HARD);
                if (rnd.nextBoolean()) pick(v, r, C_CACHE, EdgeType.SOFT);
                if (rnd.nextInt(3) == 0) pick(v, r, C_QUEUE, EdgeType.ASYNC);
                if (i >= REGIONS && rnd.nextBoolean()) pick(v, r, C_PLATFORM, EdgeType.HARD);
                urn[r][C_PLATFORM].add(v);
            }
        }

        private void bulk(int count) {
            for (int i = 0; i < count; i++) {
                int r = rnd.nextInt(REGIONS);
                boolean function = rnd.nextInt(100) < 3;
                int v;
                int deps;
                if (function) {
                    v = node(NodeKind.FUNCTION, "fn", skewedTier(0.01, 0.05, 0.30), r, rnd.nextBoolean(), false, -1);
                    deps = 1 + rnd.nextInt(5);
                } else {
                    v = node(NodeKind.SERVICE, "svc", skewedTier(0.02, 0.10, 0.38), r, rnd.nextInt(10) < 9,
                            rnd.nextInt(50) == 0, rnd.nextInt(CELLS));
                    sized(v, 2 + rnd.nextInt(11), 100 + rnd.nextInt(900));
                    edge(v, cluster[r][out.cellOf(v)], EdgeType.HARD);
                    deps = rnd.nextInt(10);
                }
                for (int d = 0; d < deps; d++) {
                    // a few dependencies cross regions (global services, remote reads)
                    int region = rnd.nextInt(100) < 3 ? rnd.nextInt(REGIONS) : r;
                    double x = rnd.nextDouble();
                    if (x < 0.40) pick(v, region, C_SERVICE, typeOf(0.70, 0.30));
                    else if (x < 0.60) pick(v, region, C_DATASTORE, typeOf(0.90, 0.10));
                    else if (x < 0.72) pick(v, region, C_CACHE, typeOf(0.20, 0.80));
                    else if (x < 0.80) pick(v, region, C_QUEUE, typeOf(0.10, 0.0));
                    else if (x < 0.90) pick(v, region, C_PLATFORM, typeOf(0.85, 0.15));
                    else if (x < 0.95) pick(v, region, C_STORAGE, typeOf(0.60, 0.0));
                    else pick(v, region, C_FUNCTION, typeOf(0.60, 0.40));
                }
                if (function) urn[r][C_FUNCTION].add(v);
                else {
                    urn[r][C_SERVICE].add(v);
                    servicesOf[r].add(v);
                }
            }
        }

        private void loadBalancers(int count) {
            for (int i = 0; i < count; i++) {
                int r = i % REGIONS;
                boolean gateway = rnd.nextInt(5) == 0;
                int v = node(gateway ? NodeKind.GATEWAY : NodeKind.LOAD_BALANCER, gateway ? "gw" : "lb",
                        rnd.nextInt(2), r, true, false, -1);
                sized(v, 0, 5000 + rnd.nextInt(50_000));
                edge(v, network[r], EdgeType.HARD);
                // front ends: the newest services of the region (the top of the layering)
                IntList svc = servicesOf[r];
                int front = Math.max(1, svc.size() / 20);
                int targets = 1 + rnd.nextInt(4);
                for (int t = 0; t < targets && svc.size() > 0; t++) {
                    int s = svc.get(svc.size() - 1 - rnd.nextInt(Math.min(front, svc.size())));
                    addPicked(v, s, EdgeType.HARD);
                }
                lbsOf[r].add(v);
                urn[r][C_LB].add(v);
            }
        }

        private void cdns(int count) {
            for (int i = 0; i < count; i++) {
                int v = node(NodeKind.CDN, "cdn", 0, -1, false, false, -1);
                for (int r = 0; r < REGIONS; r++) {
                    if (urn[r][C_STORAGE].size() > 0 && rnd.nextBoolean()) pick(v, r, C_STORAGE, EdgeType.SOFT);
                }
                int r = rnd.nextInt(REGIONS);
                addPicked(v, lbsOf[r].get(rnd.nextInt(lbsOf[r].size())), EdgeType.SOFT);
            }
        }

        private void dns(int count) {
            for (int i = 0; i < count; i++) {
                int v = node(NodeKind.DNS, "dns", i < 3 ? 0 : rnd.nextInt(2), -1, false, false, -1);
                // traffic weights fall off like a power law: a few names take most user traffic
                out.traffic(v, Math.round(1000.0 / (i + 1)) / 1000.0);
                int regions = 2 + rnd.nextInt(REGIONS - 1);
                int first = rnd.nextInt(REGIONS);
                for (int k = 0; k < regions; k++) {
                    int r = (first + k) % REGIONS;
                    addPicked(v, lbsOf[r].get(rnd.nextInt(lbsOf[r].size())), EdgeType.SOFT); // fail over between regions
                }
            }
        }

        private void crossEdges(int count) {
            for (int i = 0; i < count; i++) {
                int r = rnd.nextInt(REGIONS);
                IntList plat = urn[r][C_PLATFORM];
                IntList svc = servicesOf[r];
                if (svc.size() == 0) continue;
                // a platform service calling back up into a product service (an audit sink, a user lookup …)
                int from = plat.get(rnd.nextInt(plat.size()));
                int to = svc.get(rnd.nextInt(svc.size()));
                out.crossEdge(from, to, rnd.nextInt(10) < 3 ? EdgeType.HARD : EdgeType.SOFT);
            }
        }

        /** P(hard) = hard, P(soft) = soft, otherwise async. */
        private EdgeType typeOf(double hard, double soft) {
            double x = rnd.nextDouble();
            return x < hard ? EdgeType.HARD : x < hard + soft ? EdgeType.SOFT : EdgeType.ASYNC;
        }

        private int skewedTier(double p0, double p1, double p2) {
            double x = rnd.nextDouble();
            return x < p0 ? 0 : x < p0 + p1 ? 1 : x < p0 + p1 + p2 ? 2 : 3;
        }

        private void sized(int v, int replicas, int perReplica) {
            double capacity = replicas > 0 ? (double) replicas * perReplica : perReplica;
            double peak = Math.round(capacity * (0.3 + 0.45 * rnd.nextDouble()));
            out.capacity(v, replicas, capacity, peak);
        }

        /** Adds a node with a random owner (teams own a few systems each) and zones; starts its dependency picks. */
        private int node(NodeKind kind, String prefix, int tier, int region, boolean allZones, boolean stateful, int cell) {
            int zones = region < 0 ? GeneratedEstate.NO_ZONES : allZones ? GeneratedEstate.ALL_ZONES : rnd.nextInt(ZONES);
            int team = rnd.nextInt(teams);
            pickedCount = 0;
            return out.node(kind, prefix, tier, region, zones, cell, stateful, team, team / 4);
        }

        /** Picks a target of a category in a region with probability proportional to its fan-in + 1. */
        private void pick(int v, int region, int category, EdgeType type) {
            IntList u = urn[region][category];
            if (u.size() == 0) return;
            for (int attempt = 0; attempt < 4; attempt++) {
                int t = u.get(rnd.nextInt(u.size()));
                if (t == v || alreadyPicked(t)) continue;
                addPicked(v, t, type);
                u.add(t); // preferential attachment: every dependent adds a ticket
                return;
            }
        }

        private boolean alreadyPicked(int t) {
            for (int k = 0; k < pickedCount; k++) if (picked[k] == t) return true;
            return false;
        }

        private void addPicked(int v, int t, EdgeType type) {
            if (alreadyPicked(t) || pickedCount == picked.length) return;
            picked[pickedCount++] = t;
            out.edge(v, t, type);
        }

        private void edge(int v, int t, EdgeType type) {
            addPicked(v, t, type);
        }
    }

    /** A growable int list without boxing. */
    static final class IntList {
        int[] a = new int[16];
        int size;

        void add(int v) {
            if (size == a.length) a = Arrays.copyOf(a, size * 2);
            a[size++] = v;
        }

        int get(int i) { return a[i]; }

        int size() { return size; }
    }
}
