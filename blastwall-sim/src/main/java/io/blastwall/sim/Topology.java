package io.blastwall.sim;

import io.blastwall.core.estate.EdgeType;
import io.blastwall.core.estate.Estate;
import io.blastwall.core.estate.NodeKind;

import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The estate compiled for simulation: cells (one per node and zone, one for a node without zones), per-edge call
 * ratios calibrated so that the declared peak loads come out at load factor 1, service times, and the order in which
 * a tick visits nodes.
 *
 * <p>Call ratio of an edge A→B: when B declares a peakLoad and its callers' nominal loads are known, every caller
 * makes {@code peakLoad(B) / Σ nominal(callers of B)} calls to B per request (a load balancer splits its requests
 * over its backends, a fan-out service may call a store twice); otherwise one call per request. Nominal load of an
 * entry point is its share of the user rate, of a node nobody calls its declared peakLoad (a background worker), of
 * the rest the calls it receives.
 *
 * <p>Immutable after construction; shared by the simulation's tick loop only.
 */
final class Topology {

    final Estate estate;
    final int nodes;
    final int cells;
    final int[] cellStart;     // cells of node n: cellStart[n] .. cellStart[n+1]
    final int[] cellNode;
    final String[] cellZone;   // "" for a node without zones
    final double[] cellCapacity; // requests/s, +Inf when the estate does not say
    final double[] serviceTime;  // seconds, per node
    final double[] sigma;        // lognormal shape of the node's latency
    final int[] depStart;
    final int[] depTarget;
    final byte[] depType;        // EdgeType ordinal
    final double[] ratio;        // calls per request on each edge
    final int[] order;           // callers before their dependencies (cycles broken by index)
    final double[] entryRate;    // user requests/s at load factor 1
    final double[] backgroundRate; // own requests/s at load factor 1 of nodes nobody calls
    final double[] nominal;      // requests/s each node receives at load factor 1
    final double userRate;
    private final Map<String, Integer> cellByKey = new HashMap<>();

    static final int HARD = EdgeType.HARD.ordinal();
    static final int SOFT = EdgeType.SOFT.ordinal();
    static final int ASYNC = EdgeType.ASYNC.ordinal();

    Topology(Estate estate, SimConfig config) {
        this.estate = estate;
        this.nodes = estate.nodeCount();
        this.cellStart = new int[nodes + 1];
        for (int i = 0; i < nodes; i++) cellStart[i + 1] = cellStart[i] + Math.max(1, estate.zoneCount(i));
        this.cells = cellStart[nodes];
        this.cellNode = new int[cells];
        this.cellZone = new String[cells];
        this.cellCapacity = new double[cells];
        this.serviceTime = new double[nodes];
        this.sigma = new double[nodes];
        for (int i = 0; i < nodes; i++) {
            int zc = estate.zoneCount(i);
            double cap = estate.capacity(i);
            double perCell = Double.isNaN(cap) || cap <= 0 ? Double.POSITIVE_INFINITY : cap / Math.max(1, zc);
            for (int c = cellStart[i]; c < cellStart[i + 1]; c++) {
                cellNode[c] = i;
                cellZone[c] = zc == 0 ? "" : estate.zone(i, c - cellStart[i]);
                cellCapacity[c] = perCell;
                cellByKey.put(estate.id(i) + "@" + cellZone[c], c);
            }
            Duration own = config.serviceTimes().get(estate.id(i));
            serviceTime[i] = own != null ? own.toNanos() / 1e9 : defaultServiceTime(estate.kind(i));
            sigma[i] = latencySpread(estate.kind(i));
        }
        int edges = estate.edgeCount();
        this.depStart = new int[nodes + 1];
        this.depTarget = new int[edges];
        this.depType = new byte[edges];
        for (int i = 0; i < nodes; i++) {
            depStart[i + 1] = estate.dependenciesEnd(i);
            for (int k = estate.dependenciesStart(i); k < estate.dependenciesEnd(i); k++) {
                depTarget[k] = estate.dependencyAt(k);
                depType[k] = (byte) estate.dependencyTypeAt(k).ordinal();
            }
        }
        this.order = topologicalOrder();
        double declaredEntry = 0;
        boolean allDeclared = true;
        for (int i = 0; i < nodes; i++) {
            if (estate.trafficWeight(i) > 0) {
                double p = estate.peakLoad(i);
                if (Double.isNaN(p)) allDeclared = false; else declaredEntry += p;
            }
        }
        double total = estate.totalTrafficWeight();
        this.userRate = !Double.isNaN(config.userRate()) ? config.userRate()
                : total > 0 && allDeclared && declaredEntry > 0 ? declaredEntry : 1000.0;
        this.entryRate = new double[nodes];
        this.backgroundRate = new double[nodes];
        this.nominal = new double[nodes];
        this.ratio = new double[edges];
        calibrate(total);
    }

    private void calibrate(double totalWeight) {
        double[] incoming = new double[nodes];   // Σ nominal load of callers (one call per request)
        boolean[] called = new boolean[nodes];
        for (int k = 0; k < depTarget.length; k++) called[depTarget[k]] = true;
        for (int i = 0; i < nodes; i++) {
            if (totalWeight > 0 && estate.trafficWeight(i) > 0) entryRate[i] = userRate * estate.trafficWeight(i) / totalWeight;
            else if (!called[i] && !Double.isNaN(estate.peakLoad(i))) backgroundRate[i] = estate.peakLoad(i);
        }
        // callers come first in `order`, so every caller's nominal load is final before its dependencies' scale
        double[] scale = new double[nodes];
        for (int idx = 0; idx < nodes; idx++) {
            int b = order[idx];
            double declared = estate.peakLoad(b);
            scale[b] = called[b] && !Double.isNaN(declared) && incoming[b] > 0 ? declared / incoming[b] : 1;
            nominal[b] = entryRate[b] + backgroundRate[b] + incoming[b] * scale[b];
            for (int k = depStart[b]; k < depStart[b + 1]; k++) incoming[depTarget[k]] += nominal[b];
        }
        for (int k = 0; k < depTarget.length; k++) ratio[k] = scale[depTarget[k]];
    }

    private int[] topologicalOrder() {
        int[] indeg = new int[nodes];
        for (int t : depTarget) indeg[t]++;
        int[] out = new int[nodes];
        boolean[] done = new boolean[nodes];
        int head = 0, tail = 0;
        for (int i = 0; i < nodes; i++) if (indeg[i] == 0) out[tail++] = i;
        while (tail < nodes) {
            while (head < tail) {
                int a = out[head++];
                done[a] = true;
                for (int k = depStart[a]; k < depStart[a + 1]; k++) if (--indeg[depTarget[k]] == 0) out[tail++] = depTarget[k];
            }
            if (tail < nodes) {
                // a cycle: break it at its lowest-index node; that edge then reads the previous tick's values
                for (int i = 0; i < nodes; i++) {
                    if (!done[i] && indeg[i] > 0) {
                        indeg[i] = 0;
                        out[tail++] = i;
                        break;
                    }
                }
            }
        }
        return out;
    }

    /** The cell of a node in a zone ("" for a node without zones), or -1. */
    int cellOf(String nodeId, String zone) {
        Integer c = cellByKey.get(nodeId + "@" + (zone == null ? "" : zone));
        return c == null ? -1 : c;
    }

    String cellKey(int c) {
        String z = cellZone[c];
        return z.isEmpty() ? estate.id(cellNode[c]) : estate.id(cellNode[c]) + "@" + z;
    }

    static double defaultServiceTime(NodeKind kind) {
        return switch (kind) {
            case SERVICE -> 0.020;
            case FUNCTION -> 0.030;
            case DATASTORE -> 0.004;
            case QUEUE -> 0.003;
            case CACHE -> 0.001;
            case LOAD_BALANCER, CDN -> 0.001;
            case DNS, SECRET -> 0.0005;
            case NETWORK -> 0.0002;
            case STORAGE -> 0.010;
            case GATEWAY -> 0.080;
            case CLUSTER, OTHER -> 0.010;
        };
    }

    static double latencySpread(NodeKind kind) {
        return switch (kind) {
            case DATASTORE, STORAGE -> 0.6;
            case SERVICE, FUNCTION, CLUSTER, OTHER, QUEUE -> 0.5;
            case GATEWAY -> 0.4;
            case CACHE, LOAD_BALANCER, CDN, DNS, SECRET, NETWORK -> 0.3;
        };
    }

    @Override
    public String toString() {
        return "Topology[" + nodes + " nodes, " + cells + " cells, ratios " + Arrays.toString(ratio) + "]";
    }
}
