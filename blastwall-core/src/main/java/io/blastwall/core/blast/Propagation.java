package io.blastwall.core.blast;

import io.blastwall.core.estate.Estate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * The raw result of spreading failures from seed nodes to everything that depends on them.
 *
 * <p>Each affected node gets the worst severity any seed can cause it, its distance along a shortest explaining
 * path and the index of the seed's cause (an action); the path itself is rebuilt on demand by walking back along
 * dependencies that explain each step (no parent pointer is written during the search: that random write per node
 * was a sizeable share of its cost). An explaining path is one on which every node's
 * final severity, propagated over the next edge, gives the next node's severity: the path shows each step with the
 * severity the report states for it, never a milder intermediate one.
 * The search is a bucketed breadth-first search over the estate's reverse CSR rows: severity levels from worst to
 * mildest, each a multi-source BFS by distance layers that expands the level's nodes one hop and then settles the
 * level's candidates (dependents of worse nodes, reached over edges that make them milder) at that distance. Because
 * {@link Severity#propagate} never worsens, a node settled at a worse level is final; within a level, layers in
 * distance order keep paths shortest. Cost O(V + E) plus sorting candidates by distance.
 *
 * <p>Immutable after {@link #run} and safe to share between threads; the arrays are owned by this object (the
 * per-node distance and cause lookups are built on first use and safely published).
 */
public final class Propagation {

    private static final byte[] NO_SEVERITY = new byte[0];
    private static final int[] NO_INFO = new int[0];
    private static final int NODE_MASK = 0x3fffffff;

    private final Estate estate;
    // per node: severity ordinal; empty when nothing is affected (every node NONE)
    private final byte[] severity;
    // settled nodes in order (worst severity first, then by distance). Distances only grow within a severity, so they
    // are kept as runs instead of one per node: positions runStart[r] up to the next run's start (or settledCount)
    // are all at distance runDistance[r]
    private final int[] settled;
    private final int[] runStart;
    private final int[] runDistance;
    private final int runCount;
    private final int[] settledCause; // per settled position; null when every node has the same cause
    private final int constantCause;
    private final int settledCount;
    private volatile int[][] byNode;

    private Propagation(Estate estate, byte[] severity, int[] settled, int[] runStart, int[] runDistance, int runCount,
                        int[] settledCause, int constantCause, int settledCount) {
        this.estate = estate;
        this.severity = severity;
        this.settled = settled;
        this.runStart = runStart;
        this.runDistance = runDistance;
        this.runCount = runCount;
        this.settledCause = settledCause;
        this.constantCause = constantCause;
        this.settledCount = settledCount;
    }

    /**
     * Spreads failures from seeds. {@code seedNodes[i]} suffers {@code seedSeverity[i]} (a {@link Severity} ordinal)
     * because of cause {@code seedCause[i]}; seeds with severity NONE are ignored.
     */
    public static Propagation run(Estate estate, int[] seedNodes, byte[] seedSeverity, int[] seedCause) {
        boolean any = false;
        int firstCause = -1;
        boolean oneCause = true;
        for (int i = 0; i < seedNodes.length; i++) {
            if (seedSeverity[i] > 0) {
                if (firstCause < 0) firstCause = seedCause[i];
                else if (seedCause[i] != firstCause) oneCause = false;
                any = true;
            }
        }
        // nothing to spread: no full-size arrays (tag-only and create-only changes are common)
        if (!any) return new Propagation(estate, NO_SEVERITY, NO_INFO, NO_INFO, NO_INFO, 0, null, 0, 0);
        // with one cause (one action: the usual case) every node has it: nothing to record per node
        boolean trackCause = !oneCause;
        Bucket[] buckets = new Bucket[Severity.values().length];
        for (int l = 0; l < buckets.length; l++) buckets[l] = new Bucket(trackCause);
        for (int i = 0; i < seedNodes.length; i++) {
            if (seedSeverity[i] > 0) buckets[seedSeverity[i]].add(seedNodes[i], 0, seedCause[i]);
        }
        Search s = new Search(estate, buckets, trackCause);
        for (int level = buckets.length - 1; level >= 1; level--) s.level(level);
        return new Propagation(estate, s.sev, s.settled, s.runStart, s.runDistance, s.runCount, s.settledCause,
                firstCause, s.count);
    }

    /**
     * The state of one search. Each severity level is a breadth-first search by distance layers: a layer expands the
     * level's nodes at distance d - 1 (their dependents that stay at this level are at d), then settles the level's
     * candidates at distance d. The settled list doubles as the FIFO queue.
     */
    private static final class Search {
        final int n;
        final int[] rowStart;
        final int[] row;
        final byte[] sev;
        final Bucket[] buckets;
        final boolean trackCause;
        int[] settled;
        int[] settledCause; // null unless trackCause
        int count;
        int[] runStart = new int[64];
        int[] runDistance = new int[64];
        int runCount;
        // the current layer's dependents that leave the level (packed edge: node and type), with their causes
        int[] leaving = new int[256];
        int[] leavingCause;
        int leavingCount;

        Search(Estate estate, Bucket[] buckets, boolean trackCause) {
            this.n = estate.nodeCount();
            // raw reverse rows: the hot loop reads arrays, not accessors
            this.rowStart = estate.dependentsRowStarts();
            this.row = estate.dependentsRowPacked();
            this.sev = new byte[n];
            this.buckets = buckets;
            this.trackCause = trackCause;
            int cap = Math.min(n, 1024);
            this.settled = new int[cap];
            this.settledCause = trackCause ? new int[cap] : null;
            this.leavingCause = trackCause ? new int[leaving.length] : null;
        }

        void level(int level) {
            Bucket b = buckets[level];
            b.sortByDistance();
            // what each edge type gives a dependent (4 bits per type), and which types keep it at this level
            int table = 0, stay = 0;
            for (int type = 0; type < 3; type++) {
                int t = Severity.propagate(level, type);
                table |= t << (type * 4);
                if (t == level) stay |= 1 << type;
            }
            int next = 0;
            int layerStart = count; // this level's nodes at distance d - 1: the ones to expand
            int d = b.size > 0 ? b.dist[0] : 0;
            while (true) {
                int layerEnd = count;
                if (layerStart == layerEnd) {
                    if (next >= b.size) break;
                    d = b.dist[next]; // nothing to expand: straight to the next candidate's distance
                } else {
                    for (int h = layerStart; h < layerEnd; ) {
                        h = expand(h, layerEnd, level, stay);
                        hand(table, d);
                        if (h < layerEnd) fit(rowStart[settled[h] + 1] - rowStart[settled[h]]);
                    }
                }
                // candidates are final now: only worse levels, all done, add to this one
                for (; next < b.size && b.dist[next] == d; next++) {
                    int v = b.node[next];
                    if (sev[v] != 0) continue;
                    sev[v] = (byte) level;
                    if (count == settled.length) fit(1);
                    if (trackCause) settledCause[count] = b.cause[next];
                    settled[count++] = v;
                }
                if (count > layerEnd) addRun(layerEnd, d);
                layerStart = layerEnd;
                d++;
            }
            b.size = 0;
        }

        /**
         * Expands settled[h..to) until a row might not fit the settled or leaving arrays; returns where it stopped.
         * Dependents that stay at this level are settled; those that leave it are collected for {@link #hand}.
         * Kept small and branch-free per edge beyond the settled check: it is the whole cost of the search.
         */
        private int expand(int h, int to, int level, int stay) {
            int[] rowStart = this.rowStart, row = this.row, settled = this.settled, leaving = this.leaving;
            byte[] sev = this.sev;
            int count = this.count, left = leavingCount;
            // a row writes one settled slot per unsettled dependent, so a full-size list never overflows
            int room = settled.length == n ? Integer.MAX_VALUE : settled.length;
            for (; h < to; h++) {
                int u = settled[h];
                int k = rowStart[u], e = rowStart[u + 1];
                if (count + (e - k) > room || left + (e - k) > leaving.length) break;
                int count0 = count, left0 = left;
                for (; k < e; k++) {
                    int x = row[k];
                    int v = x & NODE_MASK;
                    if (sev[v] != 0) continue;
                    // settle v here if the edge keeps the level, else note it: written both ways, counted once
                    int same = (stay >>> (x >>> 30)) & 1;
                    sev[v] = (byte) (level & -same);
                    settled[count] = v;
                    leaving[left] = x;
                    count += same;
                    left += same ^ 1;
                }
                if (trackCause) {
                    int cu = settledCause[h];
                    Arrays.fill(settledCause, count0, count, cu);
                    Arrays.fill(leavingCause, left0, left, cu);
                }
            }
            this.count = count;
            this.leavingCount = left;
            return h;
        }

        /** Hands the collected leaving dependents (at distance d) to the milder levels' candidates. */
        private void hand(int table, int d) {
            for (int i = 0; i < leavingCount; i++) {
                int x = leaving[i];
                int t = (table >>> ((x >>> 28) & 12)) & 15; // what the edge type (top two bits) gives
                if (t != 0) buckets[t].add(x & NODE_MASK, d, trackCause ? leavingCause[i] : 0);
            }
            leavingCount = 0;
        }

        /** Makes room for a row of {@code len} edges after the leaving dependents were handed over. */
        private void fit(int len) {
            if (count + len > settled.length) {
                int cap = (int) Math.min(n, Math.max(count + (long) len, settled.length * 2L));
                settled = Arrays.copyOf(settled, cap);
                if (trackCause) settledCause = Arrays.copyOf(settledCause, cap);
            }
            if (len > leaving.length) {
                leaving = new int[len];
                if (trackCause) leavingCause = new int[len];
            }
        }

        private void addRun(int start, int d) {
            if (runCount == runStart.length) {
                runStart = Arrays.copyOf(runStart, runCount * 2);
                runDistance = Arrays.copyOf(runDistance, runCount * 2);
            }
            runStart[runCount] = start;
            runDistance[runCount] = d;
            runCount++;
        }
    }

    public Estate estate() { return estate; }

    /** Number of nodes affected (severity above NONE). */
    public int affectedCount() { return settledCount; }

    /** The i-th affected node, in the order they were settled (worst severity first, then by distance). */
    public int affectedAt(int i) { return settled[i]; }

    public Severity severity(int node) { return Severity.ofOrdinal(severityOrdinal(node)); }

    public int severityOrdinal(int node) {
        if (settledCount == 0) {
            java.util.Objects.checkIndex(node, estate.nodeCount());
            return 0;
        }
        return severity[node];
    }

    /** Hops from the nearest cause along the explaining path; 0 for a seed. Meaningful only for affected nodes. */
    public int distance(int node) { return settledCount == 0 ? 0 : byNode()[0][node]; }

    /** Index of the cause (action) that explains node's severity. Meaningful only for affected nodes. */
    public int cause(int node) { return settledCount == 0 ? 0 : byNode()[1][node]; }

    /** Distance and cause per node, scattered from the settled order on first use (racing threads build equal copies). */
    private int[][] byNode() {
        int[][] b = byNode;
        if (b == null) {
            int n = estate.nodeCount();
            int[] distance = new int[n];
            int[] cause = new int[n];
            for (int r = 0; r < runCount; r++) {
                int end = r + 1 < runCount ? runStart[r + 1] : settledCount;
                for (int i = runStart[r]; i < end; i++) {
                    distance[settled[i]] = runDistance[r];
                    cause[settled[i]] = settledCause != null ? settledCause[i] : constantCause;
                }
            }
            byNode = b = new int[][]{distance, cause};
        }
        return b;
    }

    /**
     * The explaining path as node indexes, from the changed node to {@code node}: each step goes to a dependency
     * that is one hop nearer the cause, has the same cause, and whose severity, propagated over that edge, is the
     * next node's. Such a dependency always exists (the one the search came from), so the walk is exact.
     */
    public List<Integer> path(int node) {
        if (severityOrdinal(node) == 0) return List.of();
        int[][] info = byNode();
        int[] distance = info[0], cause = info[1];
        List<Integer> p = new ArrayList<>();
        p.add(node);
        int v = node;
        while (distance[v] > 0) {
            int want = distance[v] - 1, sv = severity[v], cv = cause[v];
            int next = -1;
            for (int k = estate.dependenciesStart(v), e = estate.dependenciesEnd(v); k < e && next < 0; k++) {
                int u = estate.dependencyAt(k);
                int su = severity[u];
                if (su != 0 && distance[u] == want && cause[u] == cv
                        && Severity.propagate(su, estate.dependencyTypeAt(k).ordinal()) == sv) {
                    next = u;
                }
            }
            if (next < 0) throw new IllegalStateException("no explaining dependency for " + estate.id(v));
            p.add(next);
            v = next;
        }
        Collections.reverse(p);
        return p;
    }

    /** Growable parallel arrays of candidate entries for one severity level (causes only when they differ). */
    private static final class Bucket {
        final boolean trackCause;
        int[] node = new int[8], dist = new int[8], cause;
        int size;

        Bucket(boolean trackCause) {
            this.trackCause = trackCause;
            this.cause = trackCause ? new int[8] : NO_INFO;
        }

        void add(int v, int d, int c) {
            if (size == node.length) {
                int cap = size * 2;
                node = Arrays.copyOf(node, cap);
                dist = Arrays.copyOf(dist, cap);
                if (trackCause) cause = Arrays.copyOf(cause, cap);
            }
            node[size] = v;
            dist[size] = d;
            if (trackCause) cause[size] = c;
            size++;
        }

        /** Stable counting sort by distance: candidates arrive in runs of growing distance, one run per level. */
        void sortByDistance() {
            int max = 0;
            boolean sorted = true;
            for (int i = 0; i < size; i++) {
                if (dist[i] > max) max = dist[i];
                if (i > 0 && dist[i] < dist[i - 1]) sorted = false;
            }
            if (sorted) return;
            int[] count = new int[max + 2];
            for (int i = 0; i < size; i++) count[dist[i] + 1]++;
            for (int i = 0; i <= max; i++) count[i + 1] += count[i];
            int[] n2 = new int[size], d2 = new int[size], c2 = trackCause ? new int[size] : NO_INFO;
            for (int i = 0; i < size; i++) {
                int pos = count[dist[i]]++;
                n2[pos] = node[i];
                d2[pos] = dist[i];
                if (trackCause) c2[pos] = cause[i];
            }
            node = n2;
            dist = d2;
            cause = c2;
        }
    }
}
