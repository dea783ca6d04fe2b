package io.blastwall.bench;

import io.blastwall.core.blast.BlastRadiusEngine;
import io.blastwall.core.blast.BlastReport;
import io.blastwall.core.blast.Propagation;
import io.blastwall.core.change.Action;
import io.blastwall.core.change.ActionKind;
import io.blastwall.core.change.Change;
import io.blastwall.core.change.Provenance;
import io.blastwall.core.change.ResourceRef;
import io.blastwall.core.change.Scope;
import io.blastwall.core.estate.Estate;
import org.jgrapht.Graph;
import org.jgrapht.graph.DefaultEdge;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.Blackhole;

import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Blast radius from one seed on a generated estate: Blastwall's {@link Propagation} and whole
 * {@link BlastRadiusEngine#analyse}, against the floor (a bare BFS over the same reverse CSR arrays) and the peer
 * (JGraphT's BreadthFirstIterator, over its CSR graph and over its textbook DefaultDirectedGraph).
 *
 * <p>The seed is the node with the largest reverse-reachable set among a deterministic sample (see
 * {@link Traversals#pickSeed}); setup checks once that every traversal visits exactly the same node set, and prints
 * the seed and its reach. The estate (and the peer's graph, only in the peer's own forks) is built once per trial.
 */
@State(org.openjdk.jmh.annotations.Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx8g", "-XX:+UseParallelGC"})
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 2)
public class BlastRadiusBenchmark {

    /** Estate size. */
    @Param({"100000", "1000000"})
    public int nodes;

    /** Generator seed. */
    @Param({"42"})
    public long seed;

    private Estate estate;
    private int seedNode;
    private int[] seedNodes;
    private byte[] seedSeverity;
    private int[] seedCause;
    private int[] rowStarts;
    private int[] rowTargets;
    private int[] queue;
    private int[] mark;
    private int stamp;
    private Change change;
    private Graph<Integer, Integer> sparse;
    private Graph<Integer, DefaultEdge> textbook;

    @Setup(Level.Trial)
    public void setup(BenchmarkParams params) {
        long t0 = System.nanoTime();
        estate = EstateGenerator.generate(nodes, seed).build();
        Traversals.Seed s = Traversals.pickSeed(estate, 16, 16, seed);
        seedNode = s.node();
        seedNodes = new int[]{seedNode};
        seedSeverity = new byte[]{Traversals.deleteSeverity(estate, seedNode)};
        seedCause = new int[]{0};
        rowStarts = estate.dependentsRowStarts();
        rowTargets = estate.dependentsRowTargets();
        queue = new int[nodes];
        mark = new int[nodes];
        String id = estate.id(seedNode);
        Action delete = new Action(id, "component", new ResourceRef.Component(id), new ActionKind.Delete(), "",
                List.of(id), Map.of(), null);
        change = new Change("blastwall-change", "delete " + id, Provenance.human("bench"), List.of(delete),
                Scope.UNSPECIFIED, "bench", List.of(), Map.of());

        // all traversals must visit the same node set
        BitSet floor = Traversals.floorSet(estate, seedNode);
        check("Propagation", Traversals.propagationSet(Traversals.propagate(estate, seedNode)), floor);
        BlastReport report = BlastRadiusEngine.analyse(estate, change);
        check("BlastRadiusEngine", Traversals.propagationSet(report.propagation()), floor);
        String bench = params.getBenchmark();
        if (bench.endsWith("peerJGraphTSparse")) {
            sparse = Traversals.sparseReverseGraph(estate);
            check("JGraphT SparseIntDirectedGraph", Traversals.peerSet(sparse, seedNode), floor);
        } else if (bench.endsWith("peerJGraphTDefault")) {
            textbook = Traversals.defaultReverseGraph(estate);
            check("JGraphT DefaultDirectedGraph", Traversals.peerSet(textbook, seedNode), floor);
        }
        System.out.printf("%n[setup] %d nodes, %d edges; seed %s (%s, %d direct dependents) reaches %d nodes (%.1f%%);"
                        + " max severity %s; setup %.1f s%n",
                estate.nodeCount(), estate.edgeCount(), id, estate.kind(seedNode).externalName(),
                estate.dependentsEnd(seedNode) - estate.dependentsStart(seedNode), s.reach(),
                100.0 * s.reach() / estate.nodeCount(), report.summary().maxSeverity().externalName(),
                (System.nanoTime() - t0) / 1e9);
    }

    private static void check(String what, BitSet set, BitSet floor) {
        if (!set.equals(floor)) {
            throw new IllegalStateException(what + " visits " + set.cardinality() + " nodes, the floor BFS "
                    + floor.cardinality() + "; they must traverse the same node set");
        }
    }

    /** Blastwall's search alone: severities, shortest explaining paths and causes for every affected node. */
    @Benchmark
    public void blastwallPropagation(Blackhole bh) {
        Propagation p = Propagation.run(estate, seedNodes, seedSeverity, seedCause);
        bh.consume(p.affectedCount());
        bh.consume(p);
    }

    /** The whole analysis of one delete action: failure mode, propagation, summary (tiers, regions, owners, traffic). */
    @Benchmark
    public BlastReport blastwallEngine() {
        return BlastRadiusEngine.analyse(estate, change);
    }

    /** The floor: a bare BFS over the same reverse CSR arrays, no per-call allocation. */
    @Benchmark
    public int floorBfs() {
        return Traversals.floorBfs(rowStarts, rowTargets, seedNode, queue, mark, ++stamp);
    }

    /** The peer at its best: JGraphT's BreadthFirstIterator over its compressed-sparse-row graph. */
    @Benchmark
    public int peerJGraphTSparse() {
        return Traversals.peerBfs(sparse, seedNode);
    }

    /** The peer as most use it: JGraphT's BreadthFirstIterator over a DefaultDirectedGraph. */
    @Benchmark
    public int peerJGraphTDefault() {
        return Traversals.peerBfs(textbook, seedNode);
    }
}
