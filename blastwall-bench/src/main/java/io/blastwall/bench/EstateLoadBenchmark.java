package io.blastwall.bench;

import io.blastwall.core.estate.Estate;
import io.blastwall.formats.estate.EstateFileReader;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Time to load a generated estate JSON file with {@link EstateFileReader} (streaming parse, building, validation):
 * one load per measurement (single-shot), the file written once per trial to a temporary file and deleted after.
 */
@State(org.openjdk.jmh.annotations.Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx8g", "-XX:+UseParallelGC"})
@Warmup(iterations = 2)
@Measurement(iterations = 5)
public class EstateLoadBenchmark {

    /** Estate size. */
    @Param({"100000", "1000000"})
    public int nodes;

    /** Generator seed. */
    @Param({"42"})
    public long seed;

    private Path file;

    @Setup(Level.Trial)
    public void write() throws IOException {
        file = Files.createTempFile("blastwall-bench-estate-", ".json");
        GeneratedEstate g = EstateGenerator.generate(nodes, seed);
        g.writeJson(file);
        System.out.printf("%n[setup] %s: %d nodes, %d edges, %.1f MiB%n", file, g.nodeCount(), g.edgeCount(),
                Files.size(file) / (1024.0 * 1024));
    }

    @TearDown(Level.Trial)
    public void delete() throws IOException {
        Files.deleteIfExists(file);
    }

    /** Parses, builds and checks the estate; fails on any error problem. */
    @Benchmark
    public Estate load() {
        return new EstateFileReader().loadStrict(List.of(file));
    }
}
