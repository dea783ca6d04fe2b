package io.blastwall.core.verdict;

import io.blastwall.core.blast.ActionImpact;
import io.blastwall.core.blast.BlastReport;
import io.blastwall.core.blast.BlastSummary;
import io.blastwall.core.blast.CapacityCheck;
import io.blastwall.core.change.Action;
import io.blastwall.core.change.ActionKind;
import io.blastwall.core.change.Change;
import io.blastwall.core.change.Provenance;
import io.blastwall.core.estate.Estate;
import io.blastwall.core.policy.PolicyInput;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Builds the facts policies see (the variables {@code change}, {@code author}, {@code action}, {@code blast},
 * {@code estate}) from a mapped change, its estate and its blast radius. docs/policies.md is the reference for
 * every field; this class is its implementation. Values are String, Long, Double, Boolean, List and Map only.
 *
 * <p>Stateless and thread-safe.
 */
public final class PolicyFacts {

    private PolicyFacts() {
    }

    public static PolicyInput of(Estate estate, Change change, BlastReport blast, Instant now) {
        List<Map<String, Object>> actions = new ArrayList<>();
        for (int i = 0; i < change.actions().size(); i++) {
            actions.add(action(estate, change.actions().get(i), blast.actions().get(i)));
        }
        return new PolicyInput(change(change, blast), author(change.author()), blast(blast.summary()),
                Map.of("name", estate.name(), "nodeCount", (long) estate.nodeCount(), "edgeCount", (long) estate.edgeCount()),
                actions, now);
    }

    public static Map<String, Object> author(Provenance p) {
        Map<String, Object> m = new HashMap<>();
        m.put("kind", p.kind().externalName());
        m.put("id", p.id());
        m.put("model", p.model());
        m.put("onBehalfOf", p.onBehalfOf());
        m.put("sessionId", p.sessionId());
        m.put("promptHash", p.promptHash());
        m.put("isAgent", p.isAgent());
        m.put("accountable", p.accountableHuman());
        return m;
    }

    private static Map<String, Object> change(Change c, BlastReport blast) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String k : List.of("create", "update", "delete", "replace", "scale", "config", "restart", "read", "noop")) {
            counts.put(k, 0L);
        }
        long destructive = 0, unmapped = 0;
        for (Action a : c.actions()) {
            String k = a.kind().externalName().equals("no-op") ? "noop" : a.kind().externalName();
            counts.merge(k, 1L, Long::sum);
            if (a.kind().destructive()) destructive++;
            if (!a.mapped() && !a.inert()) unmapped++;
        }
        BlastSummary s = blast.summary();
        Map<String, Object> scope = new HashMap<>();
        scope.put("declared", !c.scope().isUnspecified());
        scope.put("everywhere", c.scope().everywhere());
        scope.put("regions", c.scope().regions());
        scope.put("zones", c.scope().zones());
        scope.put("cells", c.scope().cells());
        Map<String, Object> m = new HashMap<>();
        m.put("hash", c.hash());
        m.put("source", c.source());
        m.put("title", c.title());
        m.put("labels", c.labels());
        m.put("actionCount", (long) c.actions().size());
        m.put("counts", counts);
        m.put("destructiveCount", destructive);
        m.put("unmappedCount", unmapped);
        m.put("regions", s.landingRegions());
        m.put("zones", s.landingZones());
        m.put("cells", s.landingCells());
        m.put("scope", scope);
        m.put("notes", c.notes());
        return m;
    }

    private static Map<String, Object> action(Estate e, Action a, ActionImpact impact) {
        Map<String, Object> m = new HashMap<>();
        m.put("address", a.address());
        m.put("type", a.type());
        m.put("kind", a.kind().externalName());
        m.put("reason", a.reason());
        m.put("destructive", a.kind().destructive());
        m.put("mapped", a.mapped());
        long from = 0, to = 0;
        String order = "";
        List<String> paths = List.of();
        switch (a.kind()) {
            case ActionKind.Scale s -> {
                from = s.from();
                to = s.to();
                paths = List.of(s.attribute());
            }
            case ActionKind.Replace r -> {
                order = r.order().externalName();
                paths = r.replacePaths();
            }
            case ActionKind.Update u -> paths = u.changedPaths();
            case ActionKind.Config c -> paths = c.changedPaths();
            case ActionKind.Create c -> { }
            case ActionKind.Delete d -> { }
            case ActionKind.Restart r -> { }
            case ActionKind.Read r -> { }
            case ActionKind.NoOp n -> { }
        }
        m.put("replaceOrder", order);
        m.put("from", from);
        m.put("to", to);
        m.put("changedPaths", paths);
        m.put("attributes", a.attributes());
        List<Map<String, Object>> nodes = new ArrayList<>();
        boolean stateful = false;
        long minTier = 4;
        TreeSet<String> kinds = new TreeSet<>(), regions = new TreeSet<>(), zones = new TreeSet<>();
        for (String id : a.nodes()) {
            int i = e.indexOf(id);
            if (i < 0) continue;
            nodes.add(node(e, i));
            stateful |= e.stateful(i);
            minTier = Math.min(minTier, e.tier(i));
            kinds.add(e.kind(i).externalName());
            regions.add(e.region(i).isEmpty() ? "global" : e.region(i));
            zones.addAll(e.zones(i));
        }
        m.put("nodes", nodes);
        m.put("stateful", stateful);
        m.put("minTier", minTier);
        m.put("kinds", List.copyOf(kinds));
        m.put("regions", List.copyOf(regions));
        m.put("zones", List.copyOf(zones));
        m.put("severity", impact.severity().externalName());
        Map<String, Object> cap = new HashMap<>();
        cap.put("checked", !impact.capacity().isEmpty());
        boolean belowPeak = false, belowN1 = false;
        double remaining = Double.NaN, peak = Double.NaN;
        long safe = -1;
        for (CapacityCheck c : impact.capacity()) {
            belowPeak |= c.belowPeak();
            belowN1 |= c.belowNPlusOne();
            remaining = Double.isNaN(remaining) ? c.capacityAfter() : Math.min(remaining, c.capacityAfter());
            peak = Double.isNaN(peak) ? c.peakLoad() : Math.max(peak, c.peakLoad());
            safe = Math.max(safe, c.safeMinimum());
        }
        cap.put("belowPeak", belowPeak);
        cap.put("belowNPlusOne", belowN1);
        cap.put("remaining", Double.isNaN(remaining) ? 0.0 : remaining);
        cap.put("peak", Double.isNaN(peak) ? 0.0 : peak);
        cap.put("safeMinimum", safe);
        m.put("capacity", cap);
        return m;
    }

    /** The facts of one node, as policies see them in {@code action.nodes}. */
    public static Map<String, Object> node(Estate e, int i) {
        Map<String, Object> m = new HashMap<>();
        m.put("id", e.id(i));
        m.put("kind", e.kind(i).externalName());
        m.put("tier", (long) e.tier(i));
        m.put("owner", e.owner(i));
        m.put("system", e.system(i));
        m.put("region", e.region(i));
        m.put("zones", e.zones(i));
        m.put("cell", e.cell(i));
        m.put("group", e.group(i));
        m.put("stateful", e.stateful(i));
        m.put("capacity", Double.isNaN(e.capacity(i)) ? -1.0 : e.capacity(i));
        m.put("peakLoad", Double.isNaN(e.peakLoad(i)) ? -1.0 : e.peakLoad(i));
        m.put("replicas", (long) e.replicas(i));
        m.put("trafficWeight", e.trafficWeight(i));
        m.put("labels", e.labels(i));
        return m;
    }

    private static Map<String, Object> blast(BlastSummary s) {
        Map<String, Object> m = new HashMap<>();
        m.put("maxSeverity", s.maxSeverity().externalName());
        m.put("maxSeverityRank", (long) s.maxSeverity().ordinal());
        m.put("impactedCount", (long) s.impactedCount());
        long outage = s.bySeverity().getOrDefault("outage", 0) + s.bySeverity().getOrDefault("data-loss", 0);
        m.put("outageCount", outage);
        m.put("dataLoss", s.bySeverity().containsKey("data-loss"));
        int[] t = s.byTier();
        m.put("byTier", Map.of("0", (long) t[0], "1", (long) t[1], "2", (long) t[2], "3", (long) t[3]));
        m.put("minImpactedTier", (long) s.minImpactedTier());
        m.put("regions", List.copyOf(s.byRegion().keySet()));
        m.put("zones", s.landingZones());
        m.put("owners", List.copyOf(s.byOwner().keySet()));
        m.put("trafficShare", s.trafficShare());
        m.put("multiRegion", s.multiRegion());
        m.put("multiZone", s.multiZone());
        m.put("belowPeak", s.belowPeak());
        m.put("belowNPlusOne", s.belowNPlusOne());
        m.put("zeroTargetEndpoints", s.zeroTargetEndpoints());
        m.put("unknown", !s.unmappedActions().isEmpty());
        return m;
    }
}
