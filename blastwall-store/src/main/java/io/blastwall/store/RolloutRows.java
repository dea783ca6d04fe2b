package io.blastwall.store;

import io.blastwall.core.rollout.Rollout;
import io.blastwall.core.rollout.RolloutPolicy;
import io.blastwall.core.rollout.RolloutState;
import io.blastwall.core.rollout.RolloutTarget;
import io.blastwall.core.rollout.Wave;
import io.blastwall.core.rollout.WaveStatus;
import io.blastwall.core.rollout.WaveVerdict;
import io.blastwall.core.store.StoreException;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import static io.blastwall.store.JdbcReader.list;
import static io.blastwall.store.JdbcReader.one;
import static io.blastwall.store.JdbcReader.update;

/**
 * SQL of the rollout tables (V3): reading a rollout with its waves, writing it whole. Used by {@link JdbcRolloutStore}
 * on a pooled connection or inside a write transaction. Stateless.
 */
final class RolloutRows {

    static final String COLUMNS = "id, change_id, revision, content_hash, state, current_wave, reversing, reason, policy, "
            + "promote_roles, started_by, version, created_at, updated_at";
    static final String WAVE_COLUMNS = "rollout_id, number, label, targets, bake_ms, phase, attempt, apply_key, applied_at, "
            + "bake_until, verdict, rollback_key, detail";
    static final String TERMINAL = "('completed', 'rolled-back', 'aborted')";

    private RolloutRows() {
    }

    private record Head(String id, String changeId, int revision, String contentHash, RolloutState state, int currentWave,
                        boolean reversing, String reason, RolloutPolicy policy, List<String> promoteRoles,
                        String startedBy, long version, java.time.Instant createdAt, java.time.Instant updatedAt) {
    }

    static Optional<Rollout> find(Connection c, String where, Object... params) throws SQLException {
        List<Rollout> all = all(c, where, params);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.getFirst());
    }

    static List<Rollout> all(Connection c, String whereAndOrder, Object... params) throws SQLException {
        List<Head> heads = list(c, "SELECT " + COLUMNS + " FROM rollouts " + whereAndOrder, RolloutRows::head, params);
        List<Rollout> out = new ArrayList<>();
        for (Head h : heads) {
            List<Wave> plan = new ArrayList<>();
            List<WaveStatus> waves = new ArrayList<>();
            for (Object[] w : list(c, "SELECT " + WAVE_COLUMNS + " FROM rollout_waves WHERE rollout_id = ? ORDER BY number",
                    RolloutRows::wave, h.id())) {
                plan.add((Wave) w[0]);
                waves.add((WaveStatus) w[1]);
            }
            out.add(new Rollout(h.id(), h.changeId(), h.revision(), h.contentHash(), h.policy(), plan, waves, h.state(),
                    h.currentWave(), h.reversing(), h.reason(), h.promoteRoles(), h.startedBy(), h.version(),
                    h.createdAt(), h.updatedAt()));
        }
        return out;
    }

    static void insert(Connection c, Rollout r) throws SQLException {
        update(c, "INSERT INTO rollouts (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                r.id(), r.changeId(), r.revision(), r.contentHash(), r.state().externalName(), r.currentWave(),
                r.reversing(), r.reason(), StoredJson.write(policy(r.policy())), StoredJson.write(r.promoteRoles()),
                r.startedBy(), r.version(), r.createdAt(), r.updatedAt());
        for (int i = 0; i < r.plan().size(); i++) {
            Wave w = r.plan().get(i);
            WaveStatus s = r.waves().get(i);
            List<Object> targets = new ArrayList<>();
            for (RolloutTarget t : w.targets()) targets.add(ordered("nodeId", t.nodeId(), "region", t.region(), "zone", t.zone()));
            update(c, "INSERT INTO rollout_waves (" + WAVE_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    r.id(), w.number(), w.label(), StoredJson.write(targets), w.bake().toMillis(), s.phase().externalName(),
                    s.attempt(), s.applyKey(), time(s.appliedAt()), time(s.bakeUntil()),
                    s.verdict() == null ? null : StoredJson.write(verdict(s.verdict())), s.rollbackKey(), s.detail());
        }
    }

    /** Updates the rollout row if it is at {@code expectedVersion}, and every wave's status; false when stale. */
    static boolean write(Connection c, Rollout r, long expectedVersion) throws SQLException {
        int n = JdbcReader.update(c, "UPDATE rollouts SET state = ?, current_wave = ?, reversing = ?, reason = ?, version = ?,"
                        + " updated_at = ? WHERE id = ? AND version = ?",
                r.state().externalName(), r.currentWave(), r.reversing(), r.reason(), r.version(), r.updatedAt(), r.id(),
                expectedVersion);
        if (n == 0) return false;
        for (WaveStatus s : r.waves()) {
            JdbcReader.update(c, "UPDATE rollout_waves SET phase = ?, attempt = ?, apply_key = ?, applied_at = ?, bake_until = ?,"
                            + " verdict = ?, rollback_key = ?, detail = ? WHERE rollout_id = ? AND number = ?",
                    s.phase().externalName(), s.attempt(), s.applyKey(), time(s.appliedAt()), time(s.bakeUntil()),
                    s.verdict() == null ? null : StoredJson.write(verdict(s.verdict())), s.rollbackKey(), s.detail(),
                    r.id(), s.number());
        }
        return true;
    }

    private static Object time(java.time.Instant t) {
        return t == null ? Rows.NULL_BIGINT : t;
    }

    static Optional<Long> version(Connection c, String id) throws SQLException {
        return one(c, "SELECT version FROM rollouts WHERE id = ?", rs -> rs.getLong(1), id);
    }

    private static Head head(ResultSet rs) throws SQLException {
        String state = rs.getString("state");
        return new Head(rs.getString("id"), rs.getString("change_id"), rs.getInt("revision"), rs.getString("content_hash"),
                RolloutState.parse(state).orElseThrow(() -> corrupt("rollout state " + state)), rs.getInt("current_wave"),
                rs.getBoolean("reversing"), rs.getString("reason"), policy(StoredJson.readObject(rs.getString("policy"))),
                StoredJson.readStrings(rs.getString("promote_roles")), rs.getString("started_by"), rs.getLong("version"),
                Rows.time(rs, "created_at"), Rows.time(rs, "updated_at"));
    }

    private static Object[] wave(ResultSet rs) throws SQLException {
        int number = rs.getInt("number");
        List<RolloutTarget> targets = new ArrayList<>();
        if (StoredJson.read(rs.getString("targets")) instanceof List<?> l) {
            for (Object o : l) {
                Map<?, ?> m = (Map<?, ?>) o;
                targets.add(new RolloutTarget(str(m.get("nodeId")), str(m.get("region")), str(m.get("zone"))));
            }
        }
        Wave w = new Wave(number, rs.getString("label"), targets, Duration.ofMillis(rs.getLong("bake_ms")));
        String phase = rs.getString("phase");
        String verdict = rs.getString("verdict");
        WaveStatus s = new WaveStatus(number, WaveStatus.Phase.parse(phase).orElseThrow(() -> corrupt("wave phase " + phase)),
                rs.getInt("attempt"), rs.getString("apply_key"), Rows.time(rs, "applied_at"), Rows.time(rs, "bake_until"),
                verdict == null ? null : verdict(StoredJson.readObject(verdict)), rs.getString("rollback_key"),
                rs.getString("detail"));
        return new Object[]{w, s};
    }

    static Map<String, Object> policy(RolloutPolicy p) {
        return ordered("minWaves", (long) p.minWaves(), "bakeMs", p.bake().toMillis(), "maxShareAtOnce", p.maxShareAtOnce(),
                "growthFactor", p.growthFactor(), "everywhere", p.everywhere().name(), "autoRollback", p.autoRollback(),
                "stepTimeoutMs", p.stepTimeout().toMillis(), "maxWaitForDataMs", p.maxWaitForData().toMillis(),
                "metricStepMs", p.metricStep().toMillis());
    }

    static RolloutPolicy policy(Map<String, Object> m) {
        return new RolloutPolicy(num(m, "minWaves").intValue(), Duration.ofMillis(num(m, "bakeMs").longValue()),
                num(m, "maxShareAtOnce").doubleValue(), num(m, "growthFactor").doubleValue(),
                RolloutPolicy.Everywhere.valueOf(str(m.get("everywhere"))), Boolean.TRUE.equals(m.get("autoRollback")),
                Duration.ofMillis(num(m, "stepTimeoutMs").longValue()), Duration.ofMillis(num(m, "maxWaitForDataMs").longValue()),
                Duration.ofMillis(num(m, "metricStepMs").longValue()));
    }

    static Map<String, Object> verdict(WaveVerdict v) {
        List<Object> metrics = new ArrayList<>();
        for (WaveVerdict.MetricVerdict m : v.metrics()) {
            metrics.add(ordered("name", m.name(), "outcome", m.outcome(), "critical", m.critical(),
                    "baselineCount", (long) m.baselineCount(), "canaryCount", (long) m.canaryCount(),
                    "effect", m.effect(), "pValue", m.pValue(), "detail", m.detail()));
        }
        return ordered("outcome", v.outcome().name(), "score", v.score(), "metrics", metrics, "reasons", v.reasons());
    }

    static WaveVerdict verdict(Map<String, Object> m) {
        List<WaveVerdict.MetricVerdict> metrics = new ArrayList<>();
        if (m.get("metrics") instanceof List<?> l) {
            for (Object o : l) {
                @SuppressWarnings("unchecked") Map<String, Object> x = (Map<String, Object>) o;
                metrics.add(new WaveVerdict.MetricVerdict(str(x.get("name")), str(x.get("outcome")),
                        Boolean.TRUE.equals(x.get("critical")), num(x, "baselineCount").intValue(),
                        num(x, "canaryCount").intValue(), dbl(x.get("effect")), dbl(x.get("pValue")), str(x.get("detail"))));
            }
        }
        List<String> reasons = new ArrayList<>();
        if (m.get("reasons") instanceof List<?> l) for (Object o : l) reasons.add(str(o));
        return new WaveVerdict(WaveVerdict.Outcome.valueOf(str(m.get("outcome")).toUpperCase(Locale.ROOT)),
                dbl(m.get("score")), metrics, reasons);
    }

    private static Number num(Map<String, Object> m, String k) {
        if (m.get(k) instanceof Number n) return n;
        throw corrupt("rollout JSON without a number at " + k);
    }

    /** NaN is stored as null (canonical JSON has no NaN) and read back as NaN. */
    private static double dbl(Object o) {
        return o instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    private static String str(Object o) {
        return o == null ? "" : String.valueOf(o);
    }

    private static StoreException corrupt(String what) {
        return new StoreException("the database holds an unknown " + what
                + ": it was written by a newer Blastwall or edited by hand");
    }

    static Map<String, Object> ordered(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }
}
