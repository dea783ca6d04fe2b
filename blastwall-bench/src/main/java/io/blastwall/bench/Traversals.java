package io.blastwall.bench;

import io.blastwall.core.blast.Propagation;
import io.blastwall.core.blast.Severity;
import io.blastwall.core.estate.Estate;
import org.jgrapht.Graph;
import org.jgrapht.alg.util.Pair;
import org.jgrapht.graph.DefaultDirectedGraph;
import org.jgrapht.graph.DefaultEdge;
import org.jgrapht.opt.graph.sparse.IncomingEdgesSupport;
import org.jgrapht.opt.graph.sparse.SparseIntDirectedGraph;
import org.jgrapht.traverse.BreadthFirstIterator;

import java.util.BitSet;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * The three traversals the blast radius benchmark compares, over the same estate and seed, plus the seed choice:
 * Blastwall's {@link Propagation}, the floor (a bare BFS over the estate's reverse CSR arrays) and the peer
 * (JGraphT's {@link BreadthFirstIterator} over an equivalent reverse graph, "dependency → dependent").
 *
 * <p>Stateless static helpers; thread-safe as long as callers do not share the scratch arrays they pass in.
 */
public final class Traversals {

    private Traversals() {
    }

    /** A seed node and how many nodes (itself included) its failure reaches. */
    public record Seed(int node, int reach) {
    }

    /**
     * The floor: breadth-first search from {@code seed} over CSR rows. {@code mark} holds, per node, the stamp of the
     * last search that visited it, so no per-call clearing or allocation is needed; {@code stamp} must be new for each
     * call (and nonzero). Returns the number of nodes visited, the seed included.
     */
    public static int floorBfs(int[] rowStart, int[] targets, int seed, int[] queue, int[] mark, int stamp) {
        int head = 0, tail = 0;
        mark[seed] = stamp;
        queue[tail++] = seed;
        while (head < tail) {
            int u = queue[head++];
            for (int k = rowStart[u], e = rowStart[u + 1]; k < e; k++) {
                int v = targets[k];
                if (mark[v] != stamp) {
                    mark[v] = stamp;
                    queue[tail++] = v;
                }
            }
        }
        return tail;
    }

    /** The floor's node set over the estate's reverse rows. */
    public static BitSet floorSet(Estate e, int seed) {
        int n = e.nodeCount();
        int[] queue = new int[n];
        int count = floorBfs(e.dependentsRowStarts(), e.dependentsRowTargets(), seed, queue, new int[n], 1);
        BitSet s = new BitSet(n);
        for (int i = 0; i < count; i++) s.set(queue[i]);
        return s;
    }

    /** The failure a delete of {@code node} causes there: data loss when it holds state, an outage otherwise. */
    public static byte deleteSeverity(Estate e, int node) {
        return (byte) (e.stateful(node) ? Severity.DATA_LOSS : Severity.OUTAGE).ordinal();
    }

    /** Blastwall's search from one seed deleted. */
    public static Propagation propagate(Estate e, int seed) {
        return Propagation.run(e, new int[]{seed}, new byte[]{deleteSeverity(e, seed)}, new int[]{0});
    }

    /** The nodes Blastwall's search marks affected. */
    public static BitSet propagationSet(Propagation p) {
        BitSet s = new BitSet(p.estate().nodeCount());
        for (int i = 0; i < p.affectedCount(); i++) s.set(p.affectedAt(i));
        return s;
    }

    /**
     * The peer's best representation: JGraphT's compressed-sparse-row {@link SparseIntDirectedGraph} (jgrapht-opt),
     * vertices {@code 0..n-1}, an edge from each dependency to each of its dependents, no incoming-edge index (a
     * forward BFS never needs it). No per-edge objects and no hash maps inside the graph.
     */
    public static Graph<Integer, Integer> sparseReverseGraph(Estate e) {
        int n = e.nodeCount();
        int[] start = e.dependentsRowStarts();
        int[] targets = e.dependentsRowTargets();
        return new SparseIntDirectedGraph(n, targets.length,
                () -> IntStream.range(0, n).boxed().flatMap(u -> IntStream.range(start[u], start[u + 1])
                        .mapToObj(k -> Pair.of(u, targets[k]))),
                IncomingEdgesSupport.NO_INCOMING_EDGES);
    }

    /** The textbook representation: {@link DefaultDirectedGraph} of boxed vertices and {@link DefaultEdge} objects. */
    public static Graph<Integer, DefaultEdge> defaultReverseGraph(Estate e) {
        int n = e.nodeCount();
        Graph<Integer, DefaultEdge> g = new DefaultDirectedGraph<>(DefaultEdge.class);
        for (int i = 0; i < n; i++) g.addVertex(i);
        int[] start = e.dependentsRowStarts();
        int[] targets = e.dependentsRowTargets();
        for (int u = 0; u < n; u++) {
            for (int k = start[u]; k < start[u + 1]; k++) g.addEdge(u, targets[k]);
        }
        return g;
    }

    /** The peer: JGraphT's breadth-first iterator from {@code seed}; returns how many vertices it visits. */
    public static <E> int peerBfs(Graph<Integer, E> g, int seed) {
        BreadthFirstIterator<Integer, E> it = new BreadthFirstIterator<>(g, seed);
        int count = 0;
        while (it.hasNext()) {
            it.next();
            count++;
        }
        return count;
    }

    /** The peer's node set. */
    public static <E> BitSet peerSet(Graph<Integer, E> g, int seed) {
        BitSet s = new BitSet(g.vertexSet().size());
        BreadthFirstIterator<Integer, E> it = new BreadthFirstIterator<>(g, seed);
        while (it.hasNext()) s.set(it.next());
        return s;
    }

    /**
     * Picks, deterministically, the seed whose failure reaches the most nodes among a sample: the {@code top} nodes
     * with the most direct dependents plus {@code random} nodes drawn with {@code seed}. Only nodes whose blast radius
     * (Blastwall's affected set) equals the plain reverse-reachable set qualify, so that all traversals compare the same
     * work; ties go to the lower index.
     */
    public static Seed pickSeed(Estate e, int top, int random, long seed) {
        int n = e.nodeCount();
        int[] start = e.dependentsRowStarts();
        int[] targets = e.dependentsRowTargets();
        // the nodes with the most dependents (a small selection, kept sorted by fan-in, descending)
        int[] best = new int[top];
        int[] bestFan = new int[top];
        java.util.Arrays.fill(bestFan, -1);
        for (int i = 0; i < n; i++) {
            int fan = start[i + 1] - start[i];
            if (fan <= bestFan[top - 1]) continue;
            int p = top - 1;
            while (p > 0 && bestFan[p - 1] < fan) {
                best[p] = best[p - 1];
                bestFan[p] = bestFan[p - 1];
                p--;
            }
            best[p] = i;
            bestFan[p] = fan;
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        int[] candidates = Stream.concat(IntStream.of(best).boxed(), IntStream.range(0, random).mapToObj(i -> rnd.nextInt(n)))
                .mapToInt(Integer::intValue).distinct().sorted().toArray();
        int[] queue = new int[n];
        int[] mark = new int[n];
        int stamp = 0;
        int[] reach = new int[candidates.length];
        for (int c = 0; c < candidates.length; c++) reach[c] = floorBfs(start, targets, candidates[c], queue, mark, ++stamp);
        // try candidates by reach, largest first, until one whose blast radius is exactly its reverse-reachable set
        Integer[] order = IntStream.range(0, candidates.length).boxed().toArray(Integer[]::new);
        java.util.Arrays.sort(order, (a, b) -> reach[a] != reach[b] ? Integer.compare(reach[b], reach[a]) : Integer.compare(candidates[a], candidates[b]));
        for (int c : order) {
            Propagation p = propagate(e, candidates[c]);
            if (p.affectedCount() == reach[c]) return new Seed(candidates[c], reach[c]);
        }
        throw new IllegalStateException("no sampled seed whose blast radius equals its reverse-reachable set");
    }
}
