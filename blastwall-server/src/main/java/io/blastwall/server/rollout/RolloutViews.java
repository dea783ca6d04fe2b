package io.blastwall.server.rollout;

import io.blastwall.core.rollout.EmergencyStop;
import io.blastwall.core.rollout.Rollout;
import io.blastwall.core.rollout.RolloutPolicy;
import io.blastwall.core.rollout.RolloutTarget;
import io.blastwall.core.rollout.Wave;
import io.blastwall.core.rollout.WaveStatus;
import io.blastwall.core.rollout.WaveVerdict;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The JSON shapes of the rollout API (schemas {@code Rollout}, {@code RolloutSummary}, {@code EmergencyStop}). Stateless. */
final class RolloutViews {

    private RolloutViews() {
    }

    static Map<String, Object> rollout(Rollout r, Optional<EmergencyStop> stop) {
        Map<String, Object> m = summary(r);
        RolloutPolicy p = r.policy();
        m.put("policy", ordered("minWaves", p.minWaves(), "bakeSeconds", p.bake().toSeconds(),
                "maxShareAtOnce", p.maxShareAtOnce(), "growthFactor", p.growthFactor(),
                "everywhere", p.everywhere().name().toLowerCase(Locale.ROOT), "autoRollback", p.autoRollback(),
                "stepTimeoutSeconds", p.stepTimeout().toSeconds(), "maxWaitForDataSeconds", p.maxWaitForData().toSeconds()));
        m.put("promoteRoles", r.promoteRoles());
        List<Object> waves = new ArrayList<>();
        for (int i = 0; i < r.plan().size(); i++) waves.add(wave(r.plan().get(i), r.waves().get(i)));
        m.put("waves", waves);
        m.put("emergencyStop", stop.map(RolloutViews::stop).orElse(null));
        return m;
    }

    static Map<String, Object> summary(Rollout r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.id());
        m.put("changeId", r.changeId());
        m.put("revision", r.revision());
        m.put("contentHash", r.contentHash());
        m.put("state", r.state().externalName());
        m.put("reason", r.reason());
        m.put("reversing", r.reversing());
        m.put("currentWave", r.currentWave());
        m.put("waveCount", r.plan().size());
        WaveStatus cur = r.status();
        m.put("currentPhase", cur.phase().externalName());
        m.put("bakeDeadline", cur.phase() == WaveStatus.Phase.BAKING ? time(cur.bakeUntil()) : null);
        m.put("startedBy", r.startedBy());
        m.put("createdAt", time(r.createdAt()));
        m.put("updatedAt", time(r.updatedAt()));
        m.put("version", r.version());
        return m;
    }

    static Map<String, Object> stop(EmergencyStop s) {
        return ordered("active", true, "by", s.by(), "reason", s.reason(), "at", time(s.at()));
    }

    private static Map<String, Object> wave(Wave w, WaveStatus s) {
        List<Object> targets = new ArrayList<>();
        for (RolloutTarget t : w.targets()) {
            targets.add(ordered("key", t.key(), "nodeId", t.nodeId(), "region", t.region(), "zone", t.zone()));
        }
        Map<String, Object> m = ordered("number", w.number(), "label", w.label(), "targets", targets,
                "bakeSeconds", w.bake().toSeconds(), "phase", s.phase().externalName(), "attempt", s.attempt(),
                "applyKey", s.applyKey(), "rollbackKey", s.rollbackKey(), "appliedAt", time(s.appliedAt()),
                "bakeUntil", time(s.bakeUntil()), "detail", s.detail());
        m.put("verdict", s.verdict() == null ? null : verdict(s.verdict()));
        return m;
    }

    static Map<String, Object> verdict(WaveVerdict v) {
        List<Object> metrics = new ArrayList<>();
        for (WaveVerdict.MetricVerdict x : v.metrics()) {
            metrics.add(ordered("name", x.name(), "outcome", x.outcome(), "critical", x.critical(),
                    "baselineCount", x.baselineCount(), "canaryCount", x.canaryCount(), "effect", finite(x.effect()),
                    "pValue", finite(x.pValue()), "detail", x.detail()));
        }
        return ordered("outcome", v.outcome().name().toLowerCase(Locale.ROOT).replace('_', '-'), "score", finite(v.score()),
                "reasons", v.reasons(), "metrics", metrics);
    }

    private static Object finite(double d) {
        return Double.isFinite(d) ? d : null;
    }

    private static String time(Instant t) {
        return t == null ? null : t.toString();
    }

    static Map<String, Object> ordered(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }
}
