package io.blastwall.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import io.blastwall.core.ledger.Checkpoint;
import io.blastwall.core.store.ControlPlaneStore;
import io.blastwall.core.store.StoreException;
import io.blastwall.core.store.StoreTransaction;
import io.blastwall.core.store.StoreUnavailableException;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The JDBC {@link ControlPlaneStore} for SQLite (embedded default) and PostgreSQL (shared by replicas). Opening it
 * connects, applies pending migrations and fails fast with a {@link StoreUnavailableException} when the database
 * cannot be used.
 *
 * <p>SQLite connections run in WAL mode with synchronous=FULL (a commit returns only once it is on disk),
 * foreign_keys=ON and busy_timeout = the lock timeout. See docs/storage.md.
 *
 * <p>Thread-safe; one instance per process and database is enough, but several (several replicas) may share a database.
 */
public final class JdbcControlPlaneStore extends JdbcReader implements ControlPlaneStore {

    private static final AtomicInteger POOLS = new AtomicInteger();

    private final StoreConfig config;
    private final Dialect dialect;
    private final Clock clock;
    private final HikariDataSource pool;
    private final AtomicBoolean closed = new AtomicBoolean();
    /**
     * The write transactions of this process queue here, in arrival order, before they borrow a connection: the
     * database lets one writer at a time proceed anyway, and a writer waiting for the database's lock on a pooled
     * connection would take that connection from the reads (token look-ups, views) that need none.
     */
    private final ReentrantLock writers = new ReentrantLock(true);

    private JdbcControlPlaneStore(StoreConfig config, Clock clock, HikariDataSource pool) {
        this.config = config;
        this.dialect = Dialect.of(config.kind());
        this.clock = clock;
        this.pool = pool;
    }

    /** Opens the store with the system clock. */
    public static JdbcControlPlaneStore open(StoreConfig config) {
        return open(config, Clock.systemUTC());
    }

    /**
     * Connects, migrates and returns a ready store. The clock stamps transition times.
     *
     * @throws StoreUnavailableException when the database cannot be reached, opened or locked
     * @throws StoreException            when the schema cannot be brought up to date (the message says why)
     */
    public static JdbcControlPlaneStore open(StoreConfig config, Clock clock) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(clock, "clock");
        Dialect dialect = Dialect.of(config.kind());
        HikariDataSource pool = pool(config, dialect);
        try {
            Migrations.apply(pool, config, dialect);
            return new JdbcControlPlaneStore(config, clock, pool);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    private static HikariDataSource pool(StoreConfig config, Dialect dialect) {
        HikariConfig hc = new HikariConfig();
        hc.setPoolName("blastwall-store-" + POOLS.incrementAndGet());
        hc.setMaximumPoolSize(config.maxPoolSize());
        hc.setMinimumIdle(1);
        long connectMs = Math.max(250, config.connectTimeout().toMillis());
        hc.setConnectionTimeout(connectMs);
        hc.setValidationTimeout(Math.min(connectMs, Duration.ofSeconds(5).toMillis()));
        // fail at start when the database cannot be used, instead of at the first request
        hc.setInitializationFailTimeout(connectMs);
        hc.setAutoCommit(true);
        if (config.kind() == StoreConfig.Kind.SQLITE) {
            Path file = config.sqliteFile();
            try {
                if (file.getParent() != null) Files.createDirectories(file.getParent());
            } catch (IOException e) {
                throw new StoreUnavailableException("cannot create the data directory " + file.getParent() + " for "
                        + config.describe() + " (" + e + "): check the path and permissions", e);
            }
            SQLiteConfig sc = new SQLiteConfig();
            sc.setJournalMode(SQLiteConfig.JournalMode.WAL);
            sc.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
            sc.enforceForeignKeys(true);
            sc.setBusyTimeout((int) Math.min(Integer.MAX_VALUE, config.lockTimeout().toMillis()));
            SQLiteDataSource ds = new SQLiteDataSource(sc);
            ds.setUrl(config.jdbcUrl());
            hc.setDataSource(ds);
            // a local file that cannot be opened will not get better by retrying (busy waits happen inside SQLite)
            hc.setInitializationFailTimeout(1);
        } else {
            hc.setJdbcUrl(config.jdbcUrl());
            if (!config.user().isEmpty()) hc.setUsername(config.user());
            if (!config.password().isEmpty()) hc.setPassword(config.password());
            hc.addDataSourceProperty("ApplicationName", "blastwall");
            hc.addDataSourceProperty("connectTimeout", String.valueOf(Math.max(1, connectMs / 1000)));
            hc.addDataSourceProperty("tcpKeepAlive", "true");
        }
        try {
            return new HikariDataSource(hc);
        } catch (HikariPool.PoolInitializationException e) {
            SQLException cause = e.getCause() instanceof SQLException s ? s : new SQLException(Dialect.rootMessage(e), "08001", e);
            StoreException t = dialect.translate(cause, "connecting", config);
            if (t instanceof StoreUnavailableException) throw t;
            throw new StoreUnavailableException("cannot open " + config.describe() + ": " + t.getMessage(), e);
        } catch (RuntimeException e) {
            throw new StoreUnavailableException("cannot open " + config.describe() + ": " + Dialect.rootMessage(e), e);
        }
    }

    @Override
    public <T> T inTransaction(Function<StoreTransaction, T> work) {
        Objects.requireNonNull(work, "work");
        if (closed.get()) throw closedError();
        try {
            if (!writers.tryLock(Math.max(1, config.lockTimeout().toMillis()), TimeUnit.MILLISECONDS)) {
                throw new StoreUnavailableException("the database " + config.describe() + " is unavailable while starting"
                        + " a transaction: this server's other writes held the write lock for more than "
                        + config.lockTimeout().toSeconds() + " s (a backlog, or a slow database). Nothing was written");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreUnavailableException("interrupted while waiting to write to " + config.describe()
                    + "; nothing was written", e);
        }
        try {
            return inTransactionLocked(work);
        } finally {
            writers.unlock();
        }
    }

    private <T> T inTransactionLocked(Function<StoreTransaction, T> work) {
        Connection c = borrow("starting a transaction");
        boolean broken = false;
        try {
            try {
                dialect.beginWrite(c, config.lockTimeout());
            } catch (SQLException e) {
                broken = true;
                rollbackQuietly(c);
                throw dialect.translate(e, "starting a transaction", config);
            }
            JdbcTransaction tx = new JdbcTransaction(c, dialect, config, clock);
            T result;
            try {
                result = work.apply(tx);
            } catch (Throwable t) {
                tx.finish();
                broken = !rollbackQuietly(c);
                throw t;
            }
            tx.finish();
            if (tx.doomedBy() != null) {
                broken = !rollbackQuietly(c);
                throw tx.doomedBy();
            }
            try {
                dialect.commit(c);
            } catch (SQLException e) {
                broken = true;
                rollbackQuietly(c);
                StoreException t = dialect.translate(e, "committing", config);
                throw t instanceof StoreUnavailableException
                        ? new StoreUnavailableException(t.getMessage().replace(". Nothing was written",
                        ". The commit may or may not have reached the database: read the state back before retrying"), e)
                        : t;
            }
            return result;
        } finally {
            release(c, broken);
        }
    }

    /** Rolls back; false when that failed and the connection must not be reused. */
    private boolean rollbackQuietly(Connection c) {
        try {
            dialect.rollback(c);
            return true;
        } catch (SQLException | RuntimeException e) {
            return false;
        }
    }

    private void release(Connection c, boolean broken) {
        try {
            if (broken) {
                pool.evictConnection(c);
            } else {
                dialect.endWrite(c);
            }
        } catch (SQLException | RuntimeException ignored) {
            pool.evictConnection(c);
        }
        try {
            c.close();
        } catch (SQLException ignored) {
            // returning a connection to the pool does not fail in a way the caller can act on
        }
    }

    private Connection borrow(String what) {
        if (closed.get()) throw closedError();
        try {
            return pool.getConnection();
        } catch (SQLException e) {
            if (closed.get()) throw closedError();
            throw dialect.translate(e, what, config);
        }
    }

    private StoreUnavailableException closedError() {
        return new StoreUnavailableException("the store for " + config.describe()
                + " is closed (the server is shutting down); nothing was written");
    }

    @Override
    <T> T read(String what, SqlWork<T> work) {
        try (Connection c = borrow(what)) {
            return work.run(c);
        } catch (SQLException e) {
            throw dialect.translate(e, what, config);
        }
    }

    @Override
    <T> T readStreaming(String what, SqlWork<T> work) {
        try (Connection c = borrow(what)) {
            dialect.beginStream(c);
            try {
                return work.run(c);
            } finally {
                dialect.endStream(c);
            }
        } catch (SQLException e) {
            throw dialect.translate(e, what, config);
        }
    }

    @Override
    public void saveCheckpoint(Checkpoint cp) {
        Objects.requireNonNull(cp, "checkpoint");
        read("storing a ledger checkpoint", c -> update(c,
                "INSERT INTO ledger_checkpoints (seq, head_hash, signed_at, key_id, signature) VALUES (?, ?, ?, ?, ?)"
                        + " ON CONFLICT (seq, key_id) DO NOTHING",
                cp.sequence(), cp.headHash(), cp.time().toEpochMilli(), cp.keyId(), cp.signature()));
    }

    @Override
    public List<Checkpoint> checkpoints() {
        return read("reading the ledger checkpoints", c -> list(c,
                "SELECT " + CHECKPOINT_COLUMNS + " FROM ledger_checkpoints ORDER BY seq, key_id",
                JdbcControlPlaneStore::checkpoint));
    }

    @Override
    public Optional<Checkpoint> latestCheckpoint() {
        return read("reading the latest ledger checkpoint", c -> one(c,
                "SELECT " + CHECKPOINT_COLUMNS + " FROM ledger_checkpoints ORDER BY seq DESC, key_id LIMIT 1",
                JdbcControlPlaneStore::checkpoint));
    }

    private static final String CHECKPOINT_COLUMNS = "seq, head_hash, signed_at, key_id, signature";

    private static Checkpoint checkpoint(ResultSet rs) throws SQLException {
        return new Checkpoint(rs.getLong(1), rs.getString(2), Instant.ofEpochMilli(rs.getLong(3)), rs.getString(4),
                rs.getString(5));
    }

    @Override
    public String describe() {
        return config.describe();
    }

    /** The configuration this store was opened with. */
    public StoreConfig config() {
        return config;
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) pool.close();
    }
}
