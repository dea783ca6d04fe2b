package io.blastwall.bench;

import io.blastwall.core.estate.Estate;
import io.blastwall.formats.estate.EstateFileReader;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.ref.Reference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Command line: retained heap bytes per node of an estate loaded from a generated JSON file, and load times.
 * Usage: {@code EstateFootprint [NODES [RUNS [SEED [one-thread]]]]} (defaults 1000000, 5, 42, two threads for
 * large files); run with a large heap
 * ({@code -Xmx8g -XX:+UseParallelGC}).
 *
 * <p>Each run: full GCs until the used heap stops shrinking, note it, load the file with {@link EstateFileReader},
 * full GCs again while the estate is held, note the used heap; the difference is the estate's retained size (its
 * strings included: they come from the file, not from the generator). Prints every run and the medians.
 */
public final class EstateFootprint {

    private EstateFootprint() {
    }

    public static void main(String[] args) throws IOException {
        int nodes = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        long seed = args.length > 2 ? Long.parseLong(args[2]) : 42;
        // "one-thread": read the node list on one thread (for comparison with the default two-thread read)
        boolean oneThread = args.length > 3 && args[3].equals("one-thread");
        EstateFileReader reader = oneThread ? new EstateFileReader(Long.MAX_VALUE) : new EstateFileReader();
        Path file = Files.createTempFile("blastwall-footprint-", ".json");
        try {
            GeneratedEstate g = EstateGenerator.generate(nodes, seed);
            g.writeJson(file);
            System.out.printf("%s: %d nodes, %d edges, %.1f MiB%n", file, g.nodeCount(), g.edgeCount(),
                    Files.size(file) / (1024.0 * 1024));
            g = null; // the generator's strings must not be shared with the measured estate
            MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
            double[] perNode = new double[runs];
            double[] seconds = new double[runs];
            for (int r = 0; r < runs; r++) {
                long before = settledHeap(memory);
                long t0 = System.nanoTime();
                Estate e = reader.loadStrict(List.of(file));
                long t1 = System.nanoTime();
                long after = settledHeap(memory);
                Reference.reachabilityFence(e);
                perNode[r] = (double) (after - before) / e.nodeCount();
                seconds[r] = (t1 - t0) / 1e9;
                System.out.printf("run %d: load %.2f s, retained %.1f MiB, %.1f bytes/node%n", r + 1, seconds[r],
                        (after - before) / (1024.0 * 1024), perNode[r]);
                e = null;
            }
            System.out.printf("median: load %.2f s, %.1f bytes/node (%d nodes, %d runs)%n", median(seconds),
                    median(perNode), nodes, runs);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static long settledHeap(MemoryMXBean memory) {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 10; i++) {
            System.gc();
            long now = memory.getHeapMemoryUsage().getUsed();
            if (now >= used) return now;
            used = now;
        }
        return used;
    }

    private static double median(double[] xs) {
        double[] s = xs.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
