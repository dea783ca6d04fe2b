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
 * The search is a bucketed breadth-first search over the estate's reverse CSR rows: severity buckets from
 * worst to mildest, each a multi-source BFS that merges the bucket's candidates (sorted by distance) with its
 * own FIFO queue. Because {@link Severity#propagate} never worsens, a node settled in a worse bucket is final;
 * within a bucket, merging in distance order keeps paths shortest. Cost O(V + E) plus sorting candidates.
 *
 * <p>Immutable after {@link #run} and safe to share between threads; the arrays are owned by this object (the
 * per-node distance and cause lookups are built on first use and safely published).
 */
public final class Propagation {

    private static final short[] NO_SEVERITY = new short[0];
    // per-node state: bits 0-2 the settled severity, bits 3-5 the best pending candidate's severity, bits 6-8 the
    // level whose expansion queued that candidate (so that later, never shorter, candidates from it are skipped)
    private static final int SETTLED = 7;
    private static final int[] NO_INFO = new int[0];

    private final Estate estate;
    // per node: severity (low three bits of the state); empty when nothing is affected (every node NONE)
    private final short[] severity;
    // per settled position: node, distance, cause. The search needs them in this order anyway; keeping them here
    // instead of per node halves the random writes of the hot loop. Per-node lookups are built on first use.
    private final int[] settled;
    private final int[] settledDistance;
    private final int[] settledCause; // null when every node has the same cause
    private final int constantCause;
    private final int settledCount;
    private volatile int[][] byNode;

    private Propagation(Estate estate, short[] severity, int[] settled, int[] settledDistance,
                        int[] settledCause, int constantCause, int settledCount) {
        this.estate = estate;
        this.severity = severity;
        this.settled = settled;
        this.settledDistance = settledDistance;
        this.settledCause = settledCause;
        this.constantCause = constantCause;
        this.settledCount = settledCount;
    }

    /**
     * Spreads failures from seeds. {@code seedNodes[i]} suffers {@code seedSeverity[i]} (a {@link Severity} ordinal)
     * because of cause {@code seedCause[i]}; seeds with severity NONE are ignored.
     */
    public static Propagation run(Estate estate, int[] seedNodes, byte[] seedSeverity, int[] seedCause) {
        int n = estate.nodeCount();
        int levels = Severity.values().length;
        Bucket[] buckets = new Bucket[levels];
        boolean any = false;
        int firstCause = -1;
        boolean oneCause = true;
        for (int i = 0; i < seedNodes.length; i++) {
            if (seedSeverity[i] > 0) {
                if (firstCause < 0) firstCause = seedCause[i];
                else if (seedCause[i] != firstCause) oneCause = false;
                if (buckets[seedSeverity[i]] == null) buckets[seedSeverity[i]] = new Bucket();
                buckets[seedSeverity[i]].add(seedNodes[i], 0, seedCause[i]);
                any = true;
            }
        }
        // nothing to spread: no full-size arrays (tag-only and create-only changes are common)
        if (!any) return new Propagation(estate, NO_SEVERITY, NO_INFO, NO_INFO, NO_INFO, 0, 0);
        for (int l = 0; l < levels; l++) if (buckets[l] == null) buckets[l] = new Bucket();
        // raw reverse rows: the hot loop reads arrays, not accessors
        int[] rowStart = estate.dependentsRowStarts();
        int[] rowPacked = estate.dependentsRowPacked();
        short[] sev = new short[n];
        // settled nodes in order; the nodes settled at the current level are also its FIFO queue, their distance and
        // cause kept alongside so that expanding a node reads sequentially
        int cap = Math.min(n, 1024);
        int[] settled = new int[cap];
        int[] settledDist = new int[cap];
        // with one cause (one action: the usual case) every node has it: nothing to record per node
        final boolean trackCause = !oneCause;
        int[] settledCause = trackCause ? new int[cap] : NO_INFO;
        int settledCount = 0;
        int[] propagate = new int[3];
        for (int level = levels - 1; level >= 1; level--) {
            Bucket b = buckets[level];
            if (b.size == 0) continue;
            b.sortByDistance();
            // candidates of this level are final now: edges only ever add to milder buckets
            int bSize = b.size;
            int[] bNode = b.node, bDist = b.dist, bCause = b.cause;
            for (int type = 0; type < 3; type++) propagate[type] = Severity.propagate(level, type);
            int head = settledCount, next = 0;
            while (next < bSize || head < settledCount) {
                if (head < settledCount && (next >= bSize || settledDist[head] + 1 <= bDist[next])) {
                    // expand the queued node's dependents lazily: the queue holds settled nodes in distance order
                    int u = settled[head];
                    int d = settledDist[head] + 1;
                    int cu = trackCause ? settledCause[head] : firstCause;
                    head++;
                    for (int k = rowStart[u], e = rowStart[u + 1]; k < e; k++) {
                        int x = rowPacked[k];
                        int v = x & 0x3fffffff;
                        int state = sev[v];
                        if ((state & SETTLED) != 0) continue;
                        int t = propagate[x >>> 30];
                        if (t == level) {
                            sev[v] = (short) level;
                            if (settledCount == settled.length) {
                                int c = grow(settled.length, n);
                                settled = Arrays.copyOf(settled, c);
                                settledDist = Arrays.copyOf(settledDist, c);
                                if (trackCause) settledCause = Arrays.copyOf(settledCause, c);
                            }
                            settled[settledCount] = v;
                            settledDist[settledCount] = d;
                            if (trackCause) settledCause[settledCount] = cu;
                            settledCount++;
                        } else if (t != 0) {
                            // a candidate already queued at a worse level wins; at the same level, one queued by this
                            // level's expansion is never longer (its distances only grow), so only keep improvements
                            int pending = (state >>> 3) & 7;
                            if (t > pending || t == pending && (state >>> 6) != level) {
                                buckets[t].add(v, d, cu);
                                sev[v] = (short) ((t << 3) | (level << 6));
                            }
                        }
                    }
                    continue;
                }
                int node = bNode[next];
                int d = bDist[next];
                int c = bCause[next];
                next++;
                if ((sev[node] & SETTLED) != 0) continue;
                sev[node] = (short) level;
                if (settledCount == settled.length) {
                    int cp = grow(settled.length, n);
                    settled = Arrays.copyOf(settled, cp);
                    settledDist = Arrays.copyOf(settledDist, cp);
                    if (trackCause) settledCause = Arrays.copyOf(settledCause, cp);
                }
                settled[settledCount] = node;
                settledDist[settledCount] = d;
                if (trackCause) settledCause[settledCount] = c;
                settledCount++;
            }
            b.clear();
        }
        return new Propagation(estate, sev, settled, settledDist, trackCause ? settledCause : null, firstCause, settledCount);
    }

    private static int grow(int length, int max) {
        return (int) Math.min((long) max + 1, Math.max(16L, (long) length * 2));
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
        return severity[node] & SETTLED;
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
            for (int i = 0; i < settledCount; i++) {
                distance[settled[i]] = settledDistance[i];
                cause[settled[i]] = settledCause != null ? settledCause[i] : constantCause;
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
            int want = distance[v] - 1, sv = severity[v] & SETTLED, cv = cause[v];
            int next = -1;
            for (int k = estate.dependenciesStart(v), e = estate.dependenciesEnd(v); k < e && next < 0; k++) {
                int u = estate.dependencyAt(k);
                int su = severity[u] & SETTLED;
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

    /** Growable parallel arrays of candidate entries for one severity level. */
    private static final class Bucket {
        int[] node = new int[8], dist = new int[8], cause = new int[8];
        int size;

        void add(int v, int d, int c) {
            if (size == node.length) {
                int cap = size * 2;
                node = Arrays.copyOf(node, cap);
                dist = Arrays.copyOf(dist, cap);
                cause = Arrays.copyOf(cause, cap);
            }
            node[size] = v;
            dist[size] = d;
            cause[size] = c;
            size++;
        }

        /** Stable counting sort by distance: candidates arrive roughly in order and distances are small. */
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
            int[] n2 = new int[size], d2 = new int[size], c2 = new int[size];
            for (int i = 0; i < size; i++) {
                int pos = count[dist[i]]++;
                n2[pos] = node[i];
                d2[pos] = dist[i];
                c2[pos] = cause[i];
            }
            node = n2;
            dist = d2;
            cause = c2;
        }

        void clear() {
            size = 0;
        }
    }
}
