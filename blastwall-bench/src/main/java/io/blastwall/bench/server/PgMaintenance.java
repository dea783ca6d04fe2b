package io.blastwall.bench.server;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * PostgreSQL's own background work on the control plane's tables during a measured run: autovacuum and autoanalyze
 * runs (counts from {@code pg_stat_user_tables}, and when the last one started), so that a latency dip can be set
 * against them. The statistics collector reports with a delay of up to about a second.
 */
final class PgMaintenance {

    /** One table's counters at one moment. */
    record Table(long vacuums, long analyzes, Instant lastVacuum, Instant lastAnalyze) {
    }

    private PgMaintenance() {
    }

    /** The counters of every user table; empty when they cannot be read (the run goes on without them). */
    static Map<String, Table> snapshot(DataSource db) {
        Map<String, Table> out = new TreeMap<>();
        try (Connection c = db.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT relname, autovacuum_count, autoanalyze_count, last_autovacuum,"
                     + " last_autoanalyze FROM pg_stat_user_tables")) {
            while (rs.next()) {
                var v = rs.getTimestamp(4);
                var a = rs.getTimestamp(5);
                out.put(rs.getString(1), new Table(rs.getLong(2), rs.getLong(3), v == null ? null : v.toInstant(),
                        a == null ? null : a.toInstant()));
            }
        } catch (SQLException e) {
            System.out.println("PostgreSQL maintenance counters unavailable: " + e.getMessage());
        }
        return out;
    }

    /** "ledger: 1 autovacuum (last at 23.4 s), 2 autoanalyze (last at 40.1 s)" for every table that had any. */
    static String between(Map<String, Table> before, Map<String, Table> after, Instant measuredStart) {
        List<String> parts = new ArrayList<>();
        after.forEach((table, a) -> {
            Table b = before.getOrDefault(table, new Table(0, 0, null, null));
            long v = a.vacuums() - b.vacuums(), z = a.analyzes() - b.analyzes();
            if (v == 0 && z == 0) return;
            parts.add(String.format(Locale.ROOT, "%s: %d autovacuum%s, %d autoanalyze%s", table, v,
                    v > 0 ? at(a.lastVacuum(), measuredStart) : "", z, z > 0 ? at(a.lastAnalyze(), measuredStart) : ""));
        });
        return parts.isEmpty() ? "none" : String.join("; ", parts);
    }

    private static String at(Instant t, Instant start) {
        return t == null ? "" : String.format(Locale.ROOT, " (last at %.1f s)", (t.toEpochMilli() - start.toEpochMilli()) / 1000.0);
    }
}
