package io.blastwall.bench;

import java.nio.file.Path;

/**
 * Command line: writes a generated estate JSON file, for demos and for reproducing the load benchmark by hand.
 * Usage: {@code GenerateEstate NODES SEED OUT.json}. Prints node and edge counts and the time taken.
 */
public final class GenerateEstate {

    private GenerateEstate() {
    }

    public static void main(String[] args) {
        if (args.length != 3) {
            System.err.println("usage: GenerateEstate NODES SEED OUT.json");
            System.exit(2);
        }
        int nodes = Integer.parseInt(args[0]);
        long seed = Long.parseLong(args[1]);
        long t0 = System.nanoTime();
        GeneratedEstate g = EstateGenerator.generate(nodes, seed);
        long t1 = System.nanoTime();
        g.writeJson(Path.of(args[2]));
        long t2 = System.nanoTime();
        System.out.printf("%s: %d nodes, %d edges (%.2f per node); generated in %d ms, written in %d ms%n",
                args[2], g.nodeCount(), g.edgeCount(), (double) g.edgeCount() / g.nodeCount(),
                (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000);
    }
}
