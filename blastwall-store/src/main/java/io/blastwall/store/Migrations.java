package io.blastwall.store;

import io.blastwall.core.store.StoreException;
import io.blastwall.core.store.StoreUnavailableException;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

import javax.sql.DataSource;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.SQLException;

/**
 * Brings the schema up to date with Flyway from the one set of versioned SQL files in
 * {@code io/blastwall/store/migration} (V1__init.sql, …), recorded in {@code flyway_schema_history}.
 *
 * <p>Refuses to start (a {@link StoreException}) when an applied file was edited (checksum mismatch), when the database
 * holds migrations this version does not know (it was upgraded by a newer Blastwall), or when a migration fails (rolled
 * back: both databases have transactional DDL).
 *
 * <p>Two replicas starting together do not race: on PostgreSQL Flyway holds an advisory lock while migrating; SQLite has
 * no such lock (Flyway says so), so on SQLite the migration runs under an OS file lock on {@code <db>.migrate-lock}
 * beside the database, plus a JVM-wide monitor for several stores in one process.
 */
final class Migrations {

    static final String LOCATION = "classpath:io/blastwall/store/migration";

    private static final Object IN_PROCESS = new Object();

    private Migrations() {
    }

    static void apply(DataSource ds, StoreConfig config, Dialect dialect) {
        Flyway flyway = Flyway.configure(Migrations.class.getClassLoader())
                .dataSource(ds)
                .locations(LOCATION)
                .failOnMissingLocations(true)
                .validateMigrationNaming(true)
                .validateOnMigrate(true)
                // an unknown (newer) applied migration is an error, not something to ignore
                .ignoreMigrationPatterns("")
                .cleanDisabled(true)
                .load();
        if (dialect == Dialect.SQLITE) {
            synchronized (IN_PROCESS) {
                Path lockFile = config.sqliteFile().resolveSibling(config.sqliteFile().getFileName() + ".migrate-lock");
                try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                     FileLock ignored = ch.lock()) {
                    migrate(flyway, config, dialect);
                } catch (IOException e) {
                    throw new StoreUnavailableException("cannot lock " + lockFile + " to update the schema of "
                            + config.describe() + " (" + e.getMessage() + "): check that the directory is writable", e);
                }
            }
        } else {
            migrate(flyway, config, dialect);
        }
    }

    private static void migrate(Flyway flyway, StoreConfig config, Dialect dialect) {
        try {
            flyway.migrate();
        } catch (FlywayException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof SQLException s && dialect.unavailableReason(s, config) != null) {
                    throw dialect.translate(s, "updating the schema", config);
                }
            }
            throw new StoreException("the schema of " + config.describe() + " cannot be brought up to date, refusing to "
                    + "start: " + e.getMessage().strip(), e);
        }
    }
}
