package io.blastwall.store;

import io.blastwall.core.store.StoreException;
import io.blastwall.core.store.StoreUnavailableException;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.time.Duration;

/**
 * Everything that differs between SQLite and PostgreSQL, in one place: how a write transaction starts, commits and
 * takes the write lock, how a streaming read is set up, and how driver errors are classified. The SQL itself
 * (schema and statements) is common: both accept TEXT/INTEGER/BIGINT/BOOLEAN, LIMIT/OFFSET and
 * {@code INSERT … ON CONFLICT (…) WHERE … DO NOTHING}.
 *
 * <p>Write transactions are serialised on both: SQLite by {@code BEGIN IMMEDIATE} (the database's single write lock,
 * waited for up to busy_timeout), PostgreSQL by a transaction-scoped advisory lock taken first in every write
 * transaction (waited for up to lock_timeout). Taking it first, before any row lock, means writers can never
 * deadlock, and the ledger's sequence order is the order in which transactions commit.
 *
 * <p>Stateless and thread-safe.
 */
enum Dialect {
    SQLITE {
        @Override
        void beginWrite(Connection c, Duration lockTimeout) throws SQLException {
            // Explicit statements with the driver in auto-commit mode: the driver's own transaction handling would
            // start the next transaction as soon as one commits and keep the write lock on idle pooled connections.
            try (Statement s = c.createStatement()) {
                s.execute("BEGIN IMMEDIATE");
            }
        }

        @Override
        void commit(Connection c) throws SQLException {
            try (Statement s = c.createStatement()) {
                s.execute("COMMIT");
            }
        }

        @Override
        void rollback(Connection c) throws SQLException {
            if (c.isClosed()) return;
            try (Statement s = c.createStatement()) {
                s.execute("ROLLBACK");
            } catch (SQLException e) {
                // "no transaction is active": SQLite already rolled back on its own (e.g. after an I/O error)
                if (!String.valueOf(e.getMessage()).contains("no transaction is active")) throw e;
            }
        }

        @Override
        void endWrite(Connection c) {
        }

        @Override
        void beginStream(Connection c) {
        }

        @Override
        void endStream(Connection c) {
        }

        @Override
        boolean isUniqueViolation(SQLException e) {
            SQLiteErrorCode code = code(e);
            return code == SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE || code == SQLiteErrorCode.SQLITE_CONSTRAINT_PRIMARYKEY;
        }

        @Override
        boolean isForeignKeyViolation(SQLException e) {
            return code(e) == SQLiteErrorCode.SQLITE_CONSTRAINT_FOREIGNKEY;
        }

        @Override
        String unavailableReason(SQLException e, StoreConfig config) {
            if (e instanceof SQLTransientConnectionException || e instanceof SQLRecoverableException) {
                return "no connection became free within " + config.connectTimeout().toSeconds() + " s";
            }
            SQLiteErrorCode code = code(e);
            if (code == null) return null;
            return switch (code.code & 0xff) {
                case 5, 6 -> "it stayed locked by another writer for more than " + config.lockTimeout().toSeconds()
                        + " s (another Blastwall process on the same file, or a long backup): retry, or look for it";
                case 14 -> "the file cannot be opened: check that its directory exists and is writable by this user";
                case 8 -> "the file or its directory is read-only: check permissions (the -wal and -shm files beside it too)";
                case 13 -> "the disk is full";
                case 10 -> "an I/O error occurred: check the disk";
                case 11, 26 -> "the file is damaged or not a Blastwall database: restore it from a backup";
                case 21 -> "the connection was closed";
                default -> null;
            };
        }

        private static SQLiteErrorCode code(SQLException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof SQLiteException s) return s.getResultCode();
            }
            return null;
        }
    },

    POSTGRESQL {
        /** The advisory lock key that serialises write transactions: "Blastwll" as 8 ASCII bytes. */
        static final long WRITE_LOCK_KEY = 0x426C617374776C6CL;

        @Override
        void beginWrite(Connection c, Duration lockTimeout) throws SQLException {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("SET LOCAL lock_timeout = '" + Math.max(1, lockTimeout.toMillis()) + "ms'");
                s.execute("SELECT pg_advisory_xact_lock(" + WRITE_LOCK_KEY + ")");
            }
        }

        @Override
        void commit(Connection c) throws SQLException {
            c.commit();
        }

        @Override
        void rollback(Connection c) throws SQLException {
            if (!c.isClosed() && !c.getAutoCommit()) c.rollback();
        }

        @Override
        void endWrite(Connection c) throws SQLException {
            c.setAutoCommit(true);
        }

        @Override
        void beginStream(Connection c) throws SQLException {
            // the driver streams with a fetch size only inside a transaction; otherwise it reads the whole result
            c.setAutoCommit(false);
        }

        @Override
        void endStream(Connection c) throws SQLException {
            c.rollback();
            c.setAutoCommit(true);
        }

        @Override
        boolean isUniqueViolation(SQLException e) {
            return "23505".equals(e.getSQLState());
        }

        @Override
        boolean isForeignKeyViolation(SQLException e) {
            return "23503".equals(e.getSQLState());
        }

        @Override
        String unavailableReason(SQLException e, StoreConfig config) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (!(t instanceof SQLException s)) continue;
                String state = s.getSQLState() == null ? "" : s.getSQLState();
                if (state.startsWith("08")) return "it cannot be reached (" + s.getMessage() + "): check that it is running and that host and port are right";
                if (state.equals("28P01") || state.equals("28000")) return "it refused the credentials (" + s.getMessage() + "): check the user and password in --db";
                if (state.equals("3D000")) return "the database does not exist (" + s.getMessage() + "): create it or fix the name in --db";
                if (state.startsWith("57P")) return "the server is shutting down or starting up (" + s.getMessage() + ")";
                if (state.equals("53300")) return "the server has no free connection slots (" + s.getMessage() + ")";
                if (state.equals("55P03")) return "another replica held the write lock for more than "
                        + config.lockTimeout().toSeconds() + " s";
                if (state.equals("53100")) return "the server's disk is full (" + s.getMessage() + ")";
            }
            if (e instanceof SQLTransientConnectionException || e instanceof SQLRecoverableException) {
                return "no connection could be had within " + config.connectTimeout().toSeconds() + " s ("
                        + rootMessage(e) + ")";
            }
            return null;
        }
    };

    static Dialect of(StoreConfig.Kind kind) {
        return switch (kind) {
            case SQLITE -> SQLITE;
            case POSTGRESQL -> POSTGRESQL;
        };
    }

    /** Starts a write transaction holding the database-wide write lock. */
    abstract void beginWrite(Connection c, Duration lockTimeout) throws SQLException;

    abstract void commit(Connection c) throws SQLException;

    abstract void rollback(Connection c) throws SQLException;

    /** Returns the connection to the state the pool expects (auto-commit). */
    abstract void endWrite(Connection c) throws SQLException;

    abstract void beginStream(Connection c) throws SQLException;

    abstract void endStream(Connection c) throws SQLException;

    abstract boolean isUniqueViolation(SQLException e);

    abstract boolean isForeignKeyViolation(SQLException e);

    /** Why the database cannot be used, for a person, or null when the error is not about availability. */
    abstract String unavailableReason(SQLException e, StoreConfig config);

    /** Turns a driver error into the port's typed failure. */
    StoreException translate(SQLException e, String what, StoreConfig config) {
        String reason = unavailableReason(e, config);
        if (reason != null) {
            return new StoreUnavailableException("the database " + config.describe() + " is unavailable while " + what
                    + ": " + reason + ". Nothing was written", e);
        }
        return new StoreException("database error while " + what + " in " + config.describe() + ": " + rootMessage(e), e);
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        return String.valueOf(t.getMessage());
    }
}
