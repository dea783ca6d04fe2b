package io.blastwall.bench;

import io.blastwall.core.blast.Severity;
import io.blastwall.core.estate.EdgeType;
import io.blastwall.core.estate.Estate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.function.IntBinaryOperator;

/**
 * A verbatim copy of {@code io.blastwall.core.blast.Propagation} as it was before its performance rework, kept as
 * the reference the reworked search must agree with exactly (same affected order, severities, distances, causes, paths).
 *
 * <p>Original description: the raw result of spreading failures from seed nodes to everything that depends on them.
 *
 * <p>Each affected node gets the worst severity any seed can cause it and a shortest explaining path (held as a
 * parent pointer), plus the index of the seed's cause (an action). An explaining path is one on which every node's
 * final severity, propagated over the next edge, gives the next node's severity: the path shows each step with the
 * severity the report states for it, never a milder intermediate one.
 * The search is a bucketed breadth-first search over the estate's reverse CSR rows: severity buckets from
 * worst to mildest, each a multi-source BFS that merges the bucket's candidates (sorted by distance) with its
 * own FIFO queue. Because {@link Severity#propagate} never worsens, a node settled in a worse bucket is final;
 * within a bucket, merging in distance order keeps paths shortest. Cost O(V + E) plus sorting candidates.
 *
 * <p>Immutable after {@link #run}; the arrays are owned by this object.
 */
final class ReferencePropagation {

    private static final IntBinaryOperator PROPAGATE =
            (cause, type) -> Severity.ofOrdinal(cause).propagate(EdgeType.values()[type]).ordinal();

    private final Estate estate;
    private final byte[] severity;
    private final int[] parent;
    private final int[] distance;
    private final int[] cause;
    private final int[] settled;
    private final int settledCount;

    private ReferencePropagation(Estate estate, byte[] severity, int[] parent, int[] distance, int[] cause, int[] settled, int settledCount) {
        this.estate = estate;
        this.severity = severity;
        this.parent = parent;
        this.distance = distance;
        this.cause = cause;
        this.settled = settled;
        this.settledCount = settledCount;
    }

    /**
     * Spreads failures from seeds. {@code seedNodes[i]} suffers {@code seedSeverity[i]} (a {@link Severity} ordinal)
     * because of cause {@code seedCause[i]}; seeds with severity NONE are ignored.
     */
    static ReferencePropagation run(Estate estate, int[] seedNodes, byte[] seedSeverity, int[] seedCause) {
        int n = estate.nodeCount();
        byte[] sev = new byte[n];
        int[] parent = new int[n];
        int[] dist = new int[n];
        int[] cause = new int[n];
        int[] settled = new int[Math.min(n, 1024)];
        int settledCount = 0;
        int levels = Severity.values().length;
        Bucket[] buckets = new Bucket[levels];
        for (int l = 0; l < levels; l++) buckets[l] = new Bucket();
        for (int i = 0; i < seedNodes.length; i++) {
            if (seedSeverity[i] > 0) buckets[seedSeverity[i]].add(seedNodes[i], -1, 0, seedCause[i]);
        }
        int[] queue = new int[Math.min(n, 1024)];
        for (int level = levels - 1; level >= 1; level--) {
            Bucket b = buckets[level];
            if (b.size == 0) continue;
            b.sortByDistance();
            int head = 0, tail = 0, next = 0;
            while (next < b.size || head < tail) {
                int node, from, d, c;
                if (head < tail && (next >= b.size || dist[queue[head]] + 1 <= b.dist[next])) {
                    // expand the queued node's dependents lazily: queue holds settled nodes in distance order
                    int u = queue[head++];
                    int du = dist[u];
                    int cu = cause[u];
                    for (int k = estate.dependentsStart(u), e = estate.dependentsEnd(u); k < e; k++) {
                        int v = estate.dependentAt(k);
                        if (sev[v] != 0) continue;
                        int t = PROPAGATE.applyAsInt(level, estate.dependentTypeOrdinalAt(k));
                        if (t == 0) continue;
                        if (t == level) {
                            sev[v] = (byte) level;
                            parent[v] = u;
                            dist[v] = du + 1;
                            cause[v] = cu;
                            if (settledCount == settled.length) settled = Arrays.copyOf(settled, grow(settled.length, n));
                            settled[settledCount++] = v;
                            if (tail == queue.length) queue = Arrays.copyOf(queue, grow(queue.length, n));
                            queue[tail++] = v;
                        } else {
                            buckets[t].add(v, u, du + 1, cu);
                        }
                    }
                    continue;
                }
                node = b.node[next];
                from = b.parent[next];
                d = b.dist[next];
                c = b.cause[next];
                next++;
                if (sev[node] != 0) continue;
                sev[node] = (byte) level;
                parent[node] = from;
                dist[node] = d;
                cause[node] = c;
                if (settledCount == settled.length) settled = Arrays.copyOf(settled, grow(settled.length, n));
                settled[settledCount++] = node;
                if (tail == queue.length) queue = Arrays.copyOf(queue, grow(queue.length, n));
                queue[tail++] = node;
            }
            b.clear();
        }
        return new ReferencePropagation(estate, sev, parent, dist, cause, settled, settledCount);
    }

    private static int grow(int length, int max) {
        return (int) Math.min((long) max + 1, Math.max(16L, (long) length * 2));
    }

    public Estate estate() { return estate; }

    /** Number of nodes affected (severity above NONE). */
    public int affectedCount() { return settledCount; }

    /** The i-th affected node, in the order they were settled (worst severity first, then by distance). */
    public int affectedAt(int i) { return settled[i]; }

    public Severity severity(int node) { return Severity.ofOrdinal(severity[node]); }

    public int severityOrdinal(int node) { return severity[node]; }

    /** Hops from the nearest cause along the explaining path; 0 for a seed. Meaningful only for affected nodes. */
    public int distance(int node) { return distance[node]; }

    /** Index of the cause (action) that explains node's severity. Meaningful only for affected nodes. */
    public int cause(int node) { return cause[node]; }

    /** The explaining path as node indexes, from the changed node to {@code node}. */
    public List<Integer> path(int node) {
        if (severity[node] == 0) return List.of();
        List<Integer> p = new ArrayList<>();
        for (int v = node; v >= 0; v = parent[v]) {
            p.add(v);
            if (p.size() > estate.nodeCount()) throw new IllegalStateException("parent cycle at " + v);
        }
        Collections.reverse(p);
        return p;
    }

    /** Growable parallel arrays of candidate entries for one severity level. */
    private static final class Bucket {
        int[] node = new int[8], parent = new int[8], dist = new int[8], cause = new int[8];
        int size;

        void add(int v, int p, int d, int c) {
            if (size == node.length) {
                int cap = size * 2;
                node = Arrays.copyOf(node, cap);
                parent = Arrays.copyOf(parent, cap);
                dist = Arrays.copyOf(dist, cap);
                cause = Arrays.copyOf(cause, cap);
            }
            node[size] = v;
            parent[size] = p;
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
            int[] n2 = new int[size], p2 = new int[size], d2 = new int[size], c2 = new int[size];
            for (int i = 0; i < size; i++) {
                int pos = count[dist[i]]++;
                n2[pos] = node[i];
                p2[pos] = parent[i];
                d2[pos] = dist[i];
                c2[pos] = cause[i];
            }
            node = n2;
            parent = p2;
            dist = d2;
            cause = c2;
        }

        void clear() {
            size = 0;
        }
    }
}
