package io.blastwall.store;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Where the control plane keeps its state, parsed from the {@code --db} value:
 * {@code sqlite:/path/to/blastwall.db} (the embedded default, one file) or
 * {@code postgresql://user:password@host:5432/database?option=value} (several replicas sharing one server).
 *
 * @param kind           which database
 * @param jdbcUrl        the JDBC URL, without credentials
 * @param user           PostgreSQL user (empty when given in the query or not at all)
 * @param password       PostgreSQL password; never printed ({@link #toString()} and {@link #describe()} omit it)
 * @param sqliteFile     the SQLite database file (absolute), null for PostgreSQL
 * @param maxPoolSize    connections per store instance
 * @param connectTimeout how long to wait for a connection before reporting the database unavailable
 * @param lockTimeout    how long a write transaction waits for the write lock (another writer) before giving up
 *
 * <p>Immutable.
 */
public record StoreConfig(Kind kind, String jdbcUrl, String user, String password, Path sqliteFile, int maxPoolSize,
                          Duration connectTimeout, Duration lockTimeout) {

    /** The supported databases. */
    public enum Kind { SQLITE, POSTGRESQL }

    /** The file name used under a data directory. */
    public static final String DEFAULT_FILE_NAME = "blastwall.db";

    static final String EXPECTED = "expected sqlite:/path/to/blastwall.db or postgresql://user:password@host:5432/database";

    public StoreConfig {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        user = user == null ? "" : user;
        password = password == null ? "" : password;
        if (kind == Kind.SQLITE) Objects.requireNonNull(sqliteFile, "sqliteFile");
        if (maxPoolSize < 1) throw new IllegalArgumentException("maxPoolSize must be at least 1");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(lockTimeout, "lockTimeout");
    }

    /** The embedded default: {@code dataDir/blastwall.db}. */
    public static StoreConfig inDataDir(Path dataDir) {
        return sqlite(dataDir.resolve(DEFAULT_FILE_NAME));
    }

    public static StoreConfig sqlite(Path file) {
        Path abs = file.toAbsolutePath().normalize();
        return new StoreConfig(Kind.SQLITE, "jdbc:sqlite:" + abs, "", "", abs, 4,
                Duration.ofSeconds(10), Duration.ofSeconds(15));
    }

    /**
     * Parses a {@code --db} value.
     *
     * @throws IllegalArgumentException naming the expected forms; the message never repeats a password
     */
    public static StoreConfig parse(String url) {
        if (url == null || url.isBlank()) throw new IllegalArgumentException("no database URL given: " + EXPECTED);
        String u = url.trim();
        if (u.startsWith("sqlite:")) return parseSqlite(u.substring("sqlite:".length()));
        if (u.startsWith("postgresql://") || u.startsWith("postgres://")) return parsePostgres(u);
        int colon = u.indexOf(':');
        String scheme = colon < 0 ? "(no scheme)" : "'" + u.substring(0, colon) + ":'";
        throw new IllegalArgumentException("unsupported database URL scheme " + scheme + ": " + EXPECTED);
    }

    private static StoreConfig parseSqlite(String rest) {
        String p = rest.startsWith("//") ? rest.substring(2) : rest;
        if (p.isBlank()) throw new IllegalArgumentException("sqlite: needs a file path: " + EXPECTED);
        if (p.contains("?") || p.startsWith(":memory:")) {
            throw new IllegalArgumentException("sqlite: takes a plain file path (no options, no in-memory database: "
                    + "the control plane's state must survive restarts): " + EXPECTED);
        }
        try {
            return sqlite(Path.of(p));
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("sqlite: path is not a valid file path (" + e.getReason() + "): " + EXPECTED);
        }
    }

    private static StoreConfig parsePostgres(String u) {
        URI uri;
        try {
            uri = new URI(u);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("the PostgreSQL URL is malformed at index " + e.getIndex()
                    + " (percent-encode special characters in the user and password): " + EXPECTED);
        }
        String host = uri.getHost();
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("the PostgreSQL URL needs a host: " + EXPECTED);
        }
        int port = uri.getPort() < 0 ? 5432 : uri.getPort();
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        String db = path.startsWith("/") ? path.substring(1) : path;
        if (db.isBlank() || db.contains("/")) {
            throw new IllegalArgumentException("the PostgreSQL URL needs one database name after the host: " + EXPECTED);
        }
        String user = "";
        String password = "";
        String info = uri.getRawUserInfo();
        if (info != null) {
            int c = info.indexOf(':');
            user = decode(c < 0 ? info : info.substring(0, c));
            password = c < 0 ? "" : decode(info.substring(c + 1));
        }
        String query = uri.getRawQuery();
        String jdbc = "jdbc:postgresql://" + host + ":" + port + "/" + db + (query == null || query.isEmpty() ? "" : "?" + query);
        return new StoreConfig(Kind.POSTGRESQL, jdbc, user, password, null, 10, Duration.ofSeconds(10), Duration.ofSeconds(15));
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    public StoreConfig withMaxPoolSize(int n) {
        return new StoreConfig(kind, jdbcUrl, user, password, sqliteFile, n, connectTimeout, lockTimeout);
    }

    public StoreConfig withConnectTimeout(Duration d) {
        return new StoreConfig(kind, jdbcUrl, user, password, sqliteFile, maxPoolSize, d, lockTimeout);
    }

    public StoreConfig withLockTimeout(Duration d) {
        return new StoreConfig(kind, jdbcUrl, user, password, sqliteFile, maxPoolSize, connectTimeout, d);
    }

    /** Where the data lives, safe to log: no password, no query options. */
    public String describe() {
        if (kind == Kind.SQLITE) return "sqlite:" + sqliteFile;
        String rest = jdbcUrl.substring("jdbc:postgresql://".length());
        int q = rest.indexOf('?');
        if (q >= 0) rest = rest.substring(0, q);
        return "postgresql://" + (user.isEmpty() ? "" : user + "@") + rest;
    }

    @Override
    public String toString() {
        return "StoreConfig[" + describe() + ", maxPoolSize=" + maxPoolSize + ", connectTimeout=" + connectTimeout
                + ", lockTimeout=" + lockTimeout + "]";
    }
}
