package io.blastwall.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * The two databases every store test runs against: SQLite in a temporary directory, and a real PostgreSQL server
 * (io.zonky embedded binaries) started once for the whole test run, each test getting a fresh schema.
 */
enum Backend {
    SQLITE {
        @Override
        StoreConfig fresh() {
            return StoreConfig.sqlite(TempRoot.DIR.resolve("t" + COUNTER.incrementAndGet()).resolve("blastwall.db"));
        }
    },
    POSTGRESQL {
        @Override
        StoreConfig fresh() {
            String schema = "t" + COUNTER.incrementAndGet();
            try (Connection c = Pg.SERVER.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE SCHEMA " + schema);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
            return StoreConfig.parse("postgresql://postgres@localhost:" + Pg.SERVER.getPort() + "/postgres?currentSchema=" + schema);
        }
    };

    private static final AtomicInteger COUNTER = new AtomicInteger();
    // keep a strong reference: JUL forgets loggers configured only through a temporary
    private static final Logger FLYWAY_LOG = Logger.getLogger("org.flywaydb");

    static {
        FLYWAY_LOG.setLevel(Level.WARNING);
    }

    /** A new, empty database (SQLite file or PostgreSQL schema). */
    abstract StoreConfig fresh();

    JdbcControlPlaneStore open(StoreConfig config) {
        return JdbcControlPlaneStore.open(config, TestClock.CLOCK);
    }

    /** Runs raw SQL behind the store's back (to tamper with the ledger, or inspect tables). */
    static void sql(StoreConfig config, String... statements) {
        try (Connection c = DriverManager.getConnection(config.jdbcUrl(), config.user(), config.password());
             Statement s = c.createStatement()) {
            for (String st : statements) s.execute(st);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static long count(StoreConfig config, String table) {
        try (Connection c = DriverManager.getConnection(config.jdbcUrl(), config.user(), config.password());
             Statement s = c.createStatement(); var rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Lazily started once; stopped when the test JVM exits. */
    private static final class Pg {
        static final EmbeddedPostgres SERVER;

        static {
            try {
                SERVER = EmbeddedPostgres.builder().start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    SERVER.close();
                } catch (IOException ignored) {
                    // the JVM is exiting
                }
            }));
        }
    }

    private static final class TempRoot {
        static final Path DIR;

        static {
            try {
                DIR = Files.createTempDirectory("blastwall-store-test");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try (Stream<Path> all = Files.walk(DIR)) {
                    all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                } catch (IOException ignored) {
                    // best effort
                }
            }));
        }
    }
}
