package io.blastwall.cli.demo;

import io.blastwall.core.BadInputException;
import io.blastwall.core.SourceLocation;
import io.blastwall.core.rollout.CanaryWaveJudge;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Runs the live demo from the command line: checks the options, starts the {@link DemoWorld}, plays the
 * {@link LiveDemo} script, and either stops (removing a temporary data directory) or keeps serving until Ctrl-C.
 */
public final class LiveDemoRunner {

    private final Path examples;
    private final Path dataDir;
    private final int port;
    private final double speed;
    private final long seed;
    private final boolean keepRunning;
    private final PrintWriter out;
    private final boolean color;

    public LiveDemoRunner(Path examples, Path dataDir, int port, double speed, long seed, boolean keepRunning,
                          PrintWriter out, boolean color) {
        this.examples = examples;
        this.dataDir = dataDir;
        this.port = port;
        this.speed = speed;
        this.seed = seed;
        this.keepRunning = keepRunning;
        this.out = out;
        this.color = color;
    }

    /** Plays the demo; 0 when every scenario ended as expected, 1 otherwise. */
    public int run() throws InterruptedException {
        if (!(speed >= 1 && speed <= 10_000)) {
            throw new BadInputException(SourceLocation.of("--speed"), "expected a number from 1 to 10000, found " + speed);
        }
        if (port < 0 || port > 65535) throw new BadInputException(SourceLocation.of("--port"), "expected 0..65535, found " + port);
        Path dir = dataDir;
        boolean temporary = dir == null;
        try {
            if (temporary) dir = Files.createTempDirectory("blastwall-demo-");
            else if (Files.exists(dir.resolve(io.blastwall.store.StoreConfig.DEFAULT_FILE_NAME))) {
                throw new BadInputException(SourceLocation.of("--data-dir"), dir + " already holds a Blastwall database;"
                        + " the demo needs an empty folder (it creates its own people)");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the demo's data directory", e);
        }
        // a wave bakes 10 simulated minutes; at the slowest speed a rollout may take hours of wall time
        Duration patience = Duration.ofSeconds((long) Math.max(120, 4 * 3600 / speed));
        quietServerLogs();
        int code;
        try (DemoWorld world = DemoWorld.start(examples.resolve("estate/shop.yaml"), dir, port, speed, seed,
                CanaryWaveJudge.defaults(), List.of())) {
            LiveDemo demo = new LiveDemo(world, examples, out, color, patience);
            demo.banner();
            code = demo.run();
            if (keepRunning) {
                out.println();
                out.println("The server and the simulation keep running at " + world.baseUrl() + " — Ctrl-C to stop.");
                out.flush();
                Thread.currentThread().join();
            }
        } finally {
            if (temporary) deleteQuietly(dir);
        }
        return code;
    }

    /** The narration is the demo's output; the server's JSON request log would drown it (warnings still show). */
    private static void quietServerLogs() {
        if (org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME) instanceof ch.qos.logback.classic.Logger root) {
            root.setLevel(ch.qos.logback.classic.Level.WARN);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // a leftover temporary folder is harmless
        }
    }
}
