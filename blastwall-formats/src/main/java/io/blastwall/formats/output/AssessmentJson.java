package io.blastwall.formats.output;

import io.blastwall.core.blast.ActionImpact;
import io.blastwall.core.blast.Alternative;
import io.blastwall.core.blast.BlastSummary;
import io.blastwall.core.blast.CapacityCheck;
import io.blastwall.core.blast.Impact;
import io.blastwall.core.change.Action;
import io.blastwall.core.change.ActionKind;
import io.blastwall.core.change.Change;
import io.blastwall.core.policy.Effect;
import io.blastwall.core.policy.Finding;
import io.blastwall.core.verdict.ApprovalRequirement;
import io.blastwall.core.verdict.Assessment;
import io.blastwall.core.verdict.RiskScore;
import io.blastwall.core.verdict.RolloutRequirement;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The stable JSON form of an {@link Assessment} (schema {@code blastwall.io/check/v1}, documented in
 * docs/output-json.md) as an ordered tree of maps and lists, ready for any JSON writer.
 * Fields are only ever added within a schema version, never renamed or removed.
 */
public final class AssessmentJson {

    public static final String SCHEMA = "blastwall.io/check/v1";

    private AssessmentJson() {
    }

    public static Map<String, Object> tree(Assessment a, int maxImpacted, int exitCode) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("schemaVersion", SCHEMA);
        root.put("verdict", a.decision().externalName());
        root.put("exitCode", exitCode);
        root.put("risk", risk(a.risk()));
        root.put("explanation", a.explanation());
        root.put("change", change(a));
        root.put("blast", blast(a, maxImpacted));
        root.put("findings", findings(a.findings()));
        root.put("requirements", requirements(a));
        List<Object> alts = new ArrayList<>();
        for (Alternative alt : a.alternatives()) {
            alts.add(ordered("kind", alt.kind(), "action", alt.action(), "description", alt.description(), "value", alt.value()));
        }
        root.put("alternatives", alts);
        root.put("estate", ordered("name", a.estateName(), "nodes", a.estateNodes(), "edges", a.estateEdges()));
        root.put("evaluatedAt", a.evaluatedAt().toString());
        return root;
    }

    private static Map<String, Object> risk(RiskScore r) {
        List<Object> c = new ArrayList<>();
        for (RiskScore.Contribution x : r.contributions()) {
            c.add(ordered("factor", x.factor(), "points", x.points(), "reason", x.reason()));
        }
        return ordered("score", r.score(), "contributions", c);
    }

    private static Map<String, Object> change(Assessment a) {
        Change c = a.change();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("hash", c.hash());
        m.put("source", c.source());
        m.put("title", c.title());
        m.put("author", ordered("kind", c.author().kind().externalName(), "id", c.author().id(), "model", c.author().model(),
                "onBehalfOf", c.author().onBehalfOf(), "sessionId", c.author().sessionId(), "promptHash", c.author().promptHash()));
        m.put("scope", ordered("everywhere", c.scope().everywhere(), "regions", c.scope().regions(),
                "zones", c.scope().zones(), "cells", c.scope().cells()));
        m.put("labels", c.labels());
        m.put("notes", c.notes());
        List<Object> actions = new ArrayList<>();
        for (int i = 0; i < c.actions().size(); i++) {
            Action act = c.actions().get(i);
            ActionImpact imp = a.blast().actions().get(i);
            Map<String, Object> am = new LinkedHashMap<>();
            am.put("address", act.address());
            am.put("type", act.type());
            am.put("kind", act.kind().externalName());
            am.put("details", details(act.kind()));
            am.put("reason", act.reason());
            am.put("mapped", act.mapped());
            am.put("nodes", act.nodes());
            am.put("severity", imp.severity().externalName());
            am.put("mode", imp.mode());
            List<Object> caps = new ArrayList<>();
            for (CapacityCheck cc : imp.capacity()) caps.add(capacity(cc));
            am.put("capacity", caps);
            am.put("attributes", act.attributes());
            if (act.where().line() > 0 || !act.where().path().isEmpty()) {
                am.put("location", ordered("file", act.where().file(), "line", act.where().line(), "path", act.where().path()));
            }
            actions.add(am);
        }
        m.put("actions", actions);
        return m;
    }

    private static Map<String, Object> details(ActionKind k) {
        return switch (k) {
            case ActionKind.Scale s -> ordered("from", s.from(), "to", s.to(), "attribute", s.attribute());
            case ActionKind.Replace r -> ordered("order", r.order().externalName(), "replacePaths", r.replacePaths());
            case ActionKind.Update u -> ordered("changedPaths", u.changedPaths());
            case ActionKind.Config c -> ordered("changedPaths", c.changedPaths());
            case ActionKind.Create c -> Map.of();
            case ActionKind.Delete d -> Map.of();
            case ActionKind.Restart r -> Map.of();
            case ActionKind.Read r -> Map.of();
            case ActionKind.NoOp n -> Map.of();
        };
    }

    private static Map<String, Object> capacity(CapacityCheck c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("node", c.node());
        m.put("from", c.from());
        m.put("to", c.to());
        m.put("capacityBefore", c.capacityBefore());
        m.put("capacityAfter", c.capacityAfter());
        m.put("peakLoad", c.peakLoad());
        m.put("afterWorstZoneLoss", c.worstZoneLoss());
        m.put("worstZone", c.worstZone());
        m.put("belowPeak", c.belowPeak());
        m.put("belowNPlusOne", c.belowNPlusOne());
        m.put("nPlusOneBefore", c.nPlusOneBefore());
        m.put("safeMinimum", c.safeMinimum());
        return m;
    }

    private static Map<String, Object> blast(Assessment a, int maxImpacted) {
        BlastSummary s = a.blast().summary();
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("maxSeverity", s.maxSeverity().externalName());
        summary.put("impactedCount", s.impactedCount());
        summary.put("bySeverity", s.bySeverity());
        int[] t = s.byTier();
        summary.put("byTier", ordered("0", t[0], "1", t[1], "2", t[2], "3", t[3]));
        summary.put("byRegion", s.byRegion());
        summary.put("byOwner", s.byOwner());
        summary.put("trafficShare", round(s.trafficShare()));
        summary.put("trafficAtRisk", round(s.trafficAtRisk()));
        summary.put("landingRegions", s.landingRegions());
        summary.put("landingZones", s.landingZones());
        summary.put("landingCells", s.landingCells());
        summary.put("multiRegion", s.multiRegion());
        summary.put("multiZone", s.multiZone());
        summary.put("belowPeak", s.belowPeak());
        summary.put("belowNPlusOne", s.belowNPlusOne());
        summary.put("zeroTargetEndpoints", s.zeroTargetEndpoints());
        summary.put("unmappedActions", s.unmappedActions());
        List<Object> impacted = new ArrayList<>();
        for (Impact i : a.blast().impacted(maxImpacted)) {
            impacted.add(ordered("node", i.node(), "severity", i.severity().externalName(), "tier", i.tier(),
                    "path", i.path(), "cause", i.cause()));
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("summary", summary);
        m.put("impacted", impacted);
        m.put("impactedShown", impacted.size());
        m.put("impactedTotal", s.impactedCount());
        return m;
    }

    private static List<Object> findings(List<Finding> findings) {
        List<Object> out = new ArrayList<>();
        for (Finding f : findings) {
            out.add(ordered("policy", f.policyId(), "effect", effectName(f.effect()), "message", f.message(),
                    "action", f.actionAddress(), "source", f.policyLocation().toString()));
        }
        return out;
    }

    /** {@code deny}, {@code warn}, {@code require-approval}, {@code require-progressive-rollout}. */
    public static String effectName(Effect e) {
        return switch (e) {
            case Effect.Deny d -> "deny";
            case Effect.Warn w -> "warn";
            case Effect.RequireApproval r -> "require-approval";
            case Effect.RequireProgressiveRollout r -> "require-progressive-rollout";
        };
    }

    private static Map<String, Object> requirements(Assessment a) {
        List<Object> approvals = new ArrayList<>();
        for (ApprovalRequirement r : a.requirements().approvals()) {
            approvals.add(ordered("count", r.count(), "roles", r.roles(), "independentOfAuthor", r.independentOfAuthor(),
                    "excluded", r.excluded(), "policies", r.policies(), "description", r.describe()));
        }
        Object rollout = null;
        if (a.requirements().rollout().isPresent()) {
            RolloutRequirement r = a.requirements().rollout().get();
            rollout = ordered("minWaves", r.minWaves(), "bakeTimeSeconds", r.bakeTime().toSeconds(),
                    "maxShareAtOnce", r.maxShareAtOnce(), "policies", r.policies(), "description", r.describe());
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("approvals", approvals);
        m.put("rollout", rollout);
        return m;
    }

    private static double round(double d) {
        return Math.round(d * 10000) / 10000.0;
    }

    public static Map<String, Object> ordered(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }
}
