package io.blastwall.formats.estate;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import io.blastwall.core.BadInputException;
import io.blastwall.core.SourceLocation;
import io.blastwall.core.estate.EstateBuilder;
import io.blastwall.core.estate.EstateProblem;
import org.yaml.snakeyaml.LoaderOptions;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads Blastwall estate files ({@code apiVersion: blastwall.io/v1}, {@code kind: Estate}; JSON or YAML, see
 * docs/formats/estate-file.md) into an {@link EstateBuilder}.
 *
 * <p>Files are streamed token by token with Jackson's {@link JsonParser}: no tree of the whole file is built, only
 * one small draft per node, so a million-node file loads in seconds and in little more memory than the estate itself.
 * Every field problem of a file is collected (capped at {@link BadInputCollector#DEFAULT_CAP}) and thrown together as
 * one {@link BadInputException} naming file, line and JSON path; duplicate ids, dangling edges and an empty estate are
 * estate problems reported by {@link EstateBuilder#problems()} through {@link EstateLoad}.
 *
 * <p>A large JSON file has its node list read on two threads (see {@link JsonSplit}) with exactly the outcome of
 * one: the same estate, problems, messages and order.
 *
 * <p>Immutable and thread-safe.
 */
public final class EstateFileReader implements EstateSourceReader {

    /** The {@code apiVersion} of estate files. */
    public static final String API_VERSION = "blastwall.io/v1";
    /** The {@code kind} of estate files. */
    public static final String KIND = "Estate";
    /** Files larger than this (2 GiB) are refused before reading. */
    public static final long MAX_FILE_BYTES = 2L * 1024 * 1024 * 1024;

    /** JSON and YAML syntax of estate files. */
    public enum Syntax { JSON, YAML }

    private static final StreamReadConstraints CONSTRAINTS = StreamReadConstraints.builder()
            .maxNestingDepth(64)
            .build();
    static final JsonFactory JSON = JsonFactory.builder().streamReadConstraints(CONSTRAINTS).build();
    static final YAMLFactory YAML;

    static {
        LoaderOptions options = new LoaderOptions();
        // SnakeYAML refuses documents over 3 MB by default; estate files are legitimately large
        options.setCodePointLimit(Integer.MAX_VALUE);
        YAML = YAMLFactory.builder().loaderOptions(options).streamReadConstraints(CONSTRAINTS).build();
    }

    /** JSON files at least this large (4 MiB) have their node list read on two threads. */
    public static final long DEFAULT_SPLIT_BYTES = 4L << 20;

    private final long splitBytes;

    /** A reader that reads the node list of JSON files of {@link #DEFAULT_SPLIT_BYTES} or more on two threads. */
    public EstateFileReader() {
        this(DEFAULT_SPLIT_BYTES);
    }

    /**
     * A reader that reads the node list of JSON files of {@code splitBytes} or more on two threads
     * ({@link Long#MAX_VALUE}: never). The estate, the problems and their order are the same either way.
     */
    public EstateFileReader(long splitBytes) {
        if (splitBytes < 0) throw new IllegalArgumentException("splitBytes must be >= 0");
        this.splitBytes = splitBytes;
    }

    /** How many file reads in this JVM had their node list read on two threads (for tests and benchmarks). */
    public static long splitReadsSoFar() {
        return JsonSplit.SPLITS.get();
    }

    @Override
    public Report read(List<Path> files, EstateBuilder into) {
        BadInputCollector bad = new BadInputCollector();
        String name = "";
        List<EstateProblem> problems = new ArrayList<>();
        for (Path file : files) {
            try {
                String n = read(file, into);
                if (name.isEmpty()) name = n;
            } catch (BadInputException e) {
                bad.addAll(e);
            }
        }
        bad.throwIfAny();
        return new Report(name, problems, List.of());
    }

    /**
     * Reads one file into {@code into}.
     *
     * @return the estate name its first document declares in {@code metadata.name}, or empty
     */
    public String read(Path file, EstateBuilder into) {
        String name = file.toString();
        try (JsonParser p = open(file)) {
            long size = Files.size(file);
            JsonSplit split = size >= splitBytes && !(p instanceof YAMLParser) ? new JsonSplit(file, name, size) : null;
            EstateDocumentParser parser = new EstateDocumentParser(name, p, into, split, () -> false);
            String estate;
            try {
                estate = parser.readAllCollecting();
            } catch (IOException | RuntimeException | Error e) {
                if (split != null) split.abandon();
                throw e;
            }
            if (split != null) estate = split.finish(parser, estate, into);
            parser.bad.throwIfAny();
            return estate;
        } catch (IOException e) {
            throw new BadInputException(SourceLocation.of(name), "cannot be read: " + e.getMessage());
        }
    }

    /** Reads estate text from a stream (tests, uploads); {@code name} is used in messages. */
    public String read(String name, InputStream in, Syntax syntax, EstateBuilder into) {
        try (JsonParser p = (syntax == Syntax.JSON ? JSON : YAML).createParser(in)) {
            return new EstateDocumentParser(name, p, into).readAll();
        } catch (IOException e) {
            throw new BadInputException(SourceLocation.of(name), "cannot be read: " + e.getMessage());
        }
    }

    /** The syntax of a file: by extension, else JSON when its first non-blank byte is '{' or '['. */
    public static Syntax syntaxOf(Path file) throws IOException {
        String lower = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (lower.endsWith(".json")) return Syntax.JSON;
        if (lower.endsWith(".yaml") || lower.endsWith(".yml")) return Syntax.YAML;
        try (InputStream in = Files.newInputStream(file)) {
            int b;
            do {
                b = in.read();
            } while (b == ' ' || b == '\t' || b == '\n' || b == '\r' || b == 0xEF || b == 0xBB || b == 0xBF);
            return b == '{' || b == '[' ? Syntax.JSON : Syntax.YAML;
        }
    }

    /** Opens a streaming parser on a file after checking it exists, is a regular file and is within the size limit. */
    static JsonParser open(Path file) throws IOException {
        String name = file.toString();
        if (Files.isDirectory(file)) throw new BadInputException(SourceLocation.of(name), "is a directory; expected a file");
        long size;
        try {
            size = Files.size(file);
        } catch (NoSuchFileException e) {
            throw new BadInputException(SourceLocation.of(name), "no such file");
        }
        if (size > MAX_FILE_BYTES) {
            throw new BadInputException(SourceLocation.of(name), "file is " + (size >> 20)
                    + " MiB; estate files are limited to 2048 MiB (split the estate into several files)");
        }
        Syntax syntax = syntaxOf(file);
        InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        try {
            return (syntax == Syntax.JSON ? JSON : YAML).createParser(in);
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    /** A syntax error as bad input with file, line and column. */
    static BadInputException syntaxError(String file, StreamReadException e) {
        JsonLocation loc = e.getLocation();
        SourceLocation where = loc == null ? SourceLocation.of(file)
                : new SourceLocation(file, Math.max(0, loc.getLineNr()), Math.max(0, loc.getColumnNr()), "");
        String what = e.getProcessor() instanceof com.fasterxml.jackson.dataformat.yaml.YAMLParser ? "YAML" : "JSON";
        return new BadInputException(where, "malformed " + what + ": " + firstLine(e.getOriginalMessage()));
    }

    private static String firstLine(String s) {
        if (s == null) return "syntax error";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
