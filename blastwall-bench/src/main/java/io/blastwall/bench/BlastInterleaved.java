package io.blastwall.bench;

import io.blastwall.core.blast.BlastRadiusEngine;
import io.blastwall.core.blast.Propagation;
import io.blastwall.core.change.Action;
import io.blastwall.core.change.ActionKind;
import io.blastwall.core.change.Change;
import io.blastwall.core.change.Provenance;
import io.blastwall.core.change.ResourceRef;
import io.blastwall.core.change.Scope;
import io.blastwall.core.estate.Estate;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Command line: the blast radius benchmark's floor, Blastwall's search and its whole engine, run alternately in one
 * JVM, so that all three see the same machine at nearly the same moments (on a shared machine, JMH's separate forks
 * measure them minutes apart). Usage: {@code BlastInterleaved [NODES [RUNS [SEED]]]} (defaults 1000000, 60, 42);
 * run with {@code -Xmx8g -XX:+UseParallelGC}. Prints the median, the 25th percentile and the minimum of the second
 * half of the runs (the first half warms the JIT up), and the ratios to the floor.
 */
public final class BlastInterleaved {

    private BlastInterleaved() {
    }

    public static void main(String[] args) {
        int nodes = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 60;
        long seed = args.length > 2 ? Long.parseLong(args[2]) : 42;
        Estate e = EstateGenerator.generate(nodes, seed).build();
        int node = Traversals.pickSeed(e, 16, 16, seed).node();
        int[] seedNodes = {node};
        byte[] severity = {Traversals.deleteSeverity(e, node)};
        int[] cause = {0};
        int[] rowStarts = e.dependentsRowStarts();
        int[] rowTargets = e.dependentsRowTargets();
        int[] queue = new int[nodes];
        int[] mark = new int[nodes];
        String id = e.id(node);
        Change change = new Change("blastwall-change", "delete " + id, Provenance.human("bench"),
                List.of(new Action(id, "component", new ResourceRef.Component(id), new ActionKind.Delete(), "",
                        List.of(id), Map.of(), null)), Scope.UNSPECIFIED, "bench", List.of(), Map.of());
        String[] names = {"floor BFS", "Propagation", "engine"};
        long[][] t = new long[3][runs];
        long sink = 0;
        int stamp = 0;
        for (int r = 0; r < runs; r++) {
            for (int k = 0; k < 3; k++) {
                long t0 = System.nanoTime();
                sink += switch (k) {
                    case 0 -> Traversals.floorBfs(rowStarts, rowTargets, node, queue, mark, ++stamp);
                    case 1 -> Propagation.run(e, seedNodes, severity, cause).affectedCount();
                    default -> BlastRadiusEngine.analyse(e, change).propagation().affectedCount();
                };
                t[k][r] = System.nanoTime() - t0;
            }
        }
        System.out.printf("%d nodes, seed %s, %d runs (second half counted), checksum %d%n", nodes, id, runs, sink);
        double[] median = new double[3];
        for (int k = 0; k < 3; k++) {
            long[] x = Arrays.copyOfRange(t[k], runs / 2, runs);
            Arrays.sort(x);
            median[k] = x[x.length / 2] / 1e6;
            System.out.printf("%-12s median %8.2f ms   p25 %8.2f ms   min %8.2f ms   median/floor %.2f%n", names[k],
                    median[k], x[x.length / 4] / 1e6, x[0] / 1e6, median[k] / median[0]);
        }
    }
}
