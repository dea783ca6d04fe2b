package io.blastwall.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.blastwall.core.BadInputException;
import io.blastwall.core.SourceLocation;
import io.blastwall.core.store.AlreadyExistsException;
import io.blastwall.core.store.ControlPlaneStore;
import io.blastwall.core.store.RecordNotFoundException;
import io.blastwall.core.store.StoreException;
import io.blastwall.core.store.StoreUnavailableException;
import io.blastwall.store.JdbcControlPlaneStore;
import io.blastwall.store.StoreConfig;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Where the control-plane database is, for the commands that work on it directly ({@code principal}, {@code token},
 * {@code ledger}): {@code --db URL} ({@code sqlite:/path} or {@code postgresql://…}) or {@code --data-dir DIR}
 * (default {@code ./.blastwall}, holding {@code blastwall.db}, as {@code blastwall serve} uses it).
 *
 * <p>{@link #run} opens the store, runs the command's work and closes it, mapping failures onto the CLI's exit codes:
 * a malformed {@code --db} or a named record that does not exist is bad input (2, via {@link BadInputException});
 * a database that cannot be used is an operational failure (1, with the store's message and no stack trace).
 * A picocli mixin: one instance per command execution.
 */
final class StoreOptions {

    /** The data directory used when neither option is given, relative to the working directory. */
    static final String DEFAULT_DATA_DIR = ".blastwall";

    // keep strong references: java.util.logging forgets loggers configured only through a temporary
    private static final Logger FLYWAY_LOG = Logger.getLogger("org.flywaydb");

    @Option(names = "--db", paramLabel = "URL",
            description = "The database: sqlite:/path/to/blastwall.db or postgresql://user:password@host:5432/database.")
    String db;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Data directory holding blastwall.db (default: " + DEFAULT_DATA_DIR + "); ignored with --db.")
    String dataDir;

    @Option(names = "--connect-timeout", paramLabel = "SECONDS", defaultValue = "10",
            description = "How long to wait for the database before giving up (default: ${DEFAULT-VALUE}).")
    int connectTimeoutSeconds = 10;

    /** The work of a command on an open store; returns the exit code. */
    @FunctionalInterface
    interface StoreWork {
        int run(ControlPlaneStore store);
    }

    /** The configuration named by the options; bad input when {@code --db} is malformed or both options are given. */
    StoreConfig config() {
        if (connectTimeoutSeconds < 1 || connectTimeoutSeconds > 600) {
            throw new BadInputException(SourceLocation.of("--connect-timeout"),
                    "expected a whole number of seconds from 1 to 600, found " + connectTimeoutSeconds);
        }
        // a one-shot command needs no more than a couple of connections
        return location().withConnectTimeout(Duration.ofSeconds(connectTimeoutSeconds)).withMaxPoolSize(2);
    }

    private StoreConfig location() {
        if (db != null && dataDir != null) {
            throw new BadInputException(SourceLocation.of("--db"),
                    "give either --db or --data-dir, not both (--data-dir DIR means --db sqlite:DIR/blastwall.db)");
        }
        if (db != null) {
            try {
                return StoreConfig.parse(db);
            } catch (IllegalArgumentException e) {
                // StoreConfig's messages never repeat a password
                throw new BadInputException(SourceLocation.of("--db"), e.getMessage());
            }
        }
        String dir = dataDir == null ? DEFAULT_DATA_DIR : dataDir;
        if (dir.isBlank()) throw new BadInputException(SourceLocation.of("--data-dir"), "expected a directory, found nothing");
        try {
            return StoreConfig.inDataDir(Path.of(dir));
        } catch (InvalidPathException e) {
            throw new BadInputException(SourceLocation.of("--data-dir"), "not a valid path: " + e.getReason());
        }
    }

    /**
     * Opens the store, runs {@code work}, closes the store and returns the work's exit code. Failures of the database
     * itself are printed to the command's error writer and give {@link Main#EXIT_INTERNAL}; records that do not exist
     * or already exist give {@link Main#EXIT_BAD_INPUT}.
     */
    int run(CommandSpec spec, Clock clock, StoreWork work) {
        StoreConfig config = config();
        PrintWriter err = spec.commandLine().getErr();
        quietLibraries();
        try (JdbcControlPlaneStore store = JdbcControlPlaneStore.open(config, clock)) {
            return work.run(store);
        } catch (StoreUnavailableException e) {
            err.println("blastwall: the database cannot be used: " + e.getMessage());
            return Main.EXIT_INTERNAL;
        } catch (RecordNotFoundException | AlreadyExistsException e) {
            throw new BadInputException(SourceLocation.of(config.describe()), e.getMessage());
        } catch (StoreException e) {
            err.println("blastwall: database error: " + e.getMessage());
            return Main.EXIT_INTERNAL;
        }
    }

    /**
     * The admin commands are short-lived and speak through their own output: keep the connection pool's and the
     * migration tool's log lines (and SLF4J's "no provider" notice) off standard error, unless the user set up logging.
     */
    private static void quietLibraries() {
        if (System.getProperty("slf4j.provider") == null) {
            System.setProperty("slf4j.provider", "org.slf4j.helpers.NOP_FallbackServiceProvider");
            // SLF4J would otherwise announce, at INFO, that it loads the provider named above
            if (System.getProperty("slf4j.internal.verbosity") == null) System.setProperty("slf4j.internal.verbosity", "WARN");
        }
        if (FLYWAY_LOG.getLevel() == null) FLYWAY_LOG.setLevel(Level.WARNING);
    }

    /** The default actor for ledger entries: the OS user, marked as acting locally (not through the server). */
    static String defaultActor() {
        String user = System.getProperty("user.name", "");
        return "local:" + (user.isBlank() ? "unknown" : user.strip());
    }

    /** The actor given with {@code --actor}, or the default; bad input when blank. */
    static String actor(String given) {
        if (given == null) return defaultActor();
        String a = given.strip();
        if (a.isEmpty()) throw new BadInputException(SourceLocation.of("--actor"), "expected who is acting, found nothing");
        return a;
    }

    /** A time for tables and JSON: RFC 3339 in UTC ({@code 2026-11-25T10:00:00.123Z}), or null when there is none. */
    static String time(Instant t) {
        return t == null ? null : t.toString();
    }

    /** Pretty-printed JSON of a tree of maps, lists and scalars. */
    static String json(Object tree) {
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of maps and lists always serialises", e);
        }
    }

    /** Prints rows under a header in columns padded to their widest cell; null cells print as {@code -}. */
    static void table(PrintWriter out, List<String> header, List<List<String>> rows) {
        int[] width = new int[header.size()];
        for (int i = 0; i < width.length; i++) width[i] = header.get(i).length();
        for (List<String> r : rows) {
            for (int i = 0; i < width.length; i++) width[i] = Math.max(width[i], cell(r.get(i)).length());
        }
        printRow(out, header, width);
        for (List<String> r : rows) printRow(out, r, width);
    }

    private static void printRow(PrintWriter out, List<String> cells, int[] width) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < width.length; i++) {
            String c = cell(cells.get(i));
            sb.append(c);
            if (i < width.length - 1) sb.append(" ".repeat(width[i] - c.length() + 2));
        }
        out.println(sb.toString().stripTrailing());
    }

    private static String cell(String s) {
        return s == null || s.isEmpty() ? "-" : s;
    }
}
