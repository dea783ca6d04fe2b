package io.blastwall.formats.estate;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Writes large synthetic estate files for load tests: {@code nodes} nodes in 3 regions, each depending on
 * {@code edgesPerNode} nodes of higher index (so the graph is acyclic), one JSON node per line.
 */
final class GeneratedEstates {

    private static final String[] KINDS = {"service", "service", "service", "datastore", "queue", "cache"};

    private GeneratedEstates() {
    }

    static void writeJson(Path file, int nodes, int edgesPerNode, long seed) throws IOException {
        SplittableRandom rnd = new SplittableRandom(seed);
        try (Writer w = new BufferedWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8), 1 << 16)) {
            w.write("{\"apiVersion\": \"blastwall.io/v1\", \"kind\": \"Estate\", \"metadata\": {\"name\": \"generated\"},\n\"nodes\": [\n");
            for (int i = 0; i < nodes; i++) {
                String region = "region-" + (i % 3);
                w.write(i == 0 ? "" : ",\n");
                w.write("{\"id\": \"n");
                w.write(Integer.toString(i));
                w.write("\", \"kind\": \"");
                w.write(KINDS[i % KINDS.length]);
                w.write("\", \"tier\": ");
                w.write(Integer.toString(i % 4));
                w.write(", \"owner\": \"team-");
                w.write(Integer.toString(i % 97));
                w.write("\", \"region\": \"");
                w.write(region);
                w.write("\", \"zones\": [\"");
                w.write(region);
                w.write("a\", \"");
                w.write(region);
                w.write("b\"], \"group\": \"g");
                w.write(Integer.toString(i / 3));
                w.write("\", \"capacity\": 1000, \"peakLoad\": 400");
                if (i % 1000 == 0) w.write(", \"trafficWeight\": 1");
                w.write(", \"dependsOn\": [");
                int written = 0;
                for (int k = 0; k < edgesPerNode && i + 1 < nodes; k++) {
                    int target = i + 1 + rnd.nextInt(Math.min(nodes - i - 1, 1000));
                    if (written++ > 0) w.write(", ");
                    if (k % 5 == 4) {
                        w.write("{\"id\": \"n" + target + "\", \"type\": \"soft\"}");
                    } else {
                        w.write("\"n");
                        w.write(Integer.toString(target));
                        w.write('"');
                    }
                }
                w.write("]}");
            }
            w.write("\n]}\n");
        }
    }

    /** Generates a 1M-node, 5M-edge file and times its load: {@code java ... GeneratedEstates [nodes] [edgesPerNode]}. */
    public static void main(String[] args) throws IOException {
        int nodes = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int per = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Path f = Path.of(System.getProperty("java.io.tmpdir"), "estate-" + nodes + ".json");
        if (!Files.exists(f)) writeJson(f, nodes, per, 42);
        System.out.println(f + ": " + (Files.size(f) >> 20) + " MiB");
        for (int round = 0; round < 3; round++) {
            long t0 = System.nanoTime();
            EstateLoad load = new EstateFileReader().load(java.util.List.of(f));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            System.out.println("loaded " + load.estate().nodeCount() + " nodes, " + load.estate().edgeCount()
                    + " edges, " + load.problems().size() + " problems in " + ms + " ms");
        }
    }
}
