package io.blastwall.formats.policy;

import io.blastwall.core.policy.PolicyInput;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds facts maps that follow the contract in docs/policies.md, starting from a harmless change (one update of a
 * stateless tier 3 service in one zone, by a human) that fires no default policy outside a freeze window. Tests
 * change only what a policy looks at. The change's counts, regions and zones are derived from its actions unless set.
 */
final class TestFacts {

    /** A Wednesday morning in London: outside the default weekly freeze. */
    static final Instant WEDNESDAY = Instant.parse("2026-03-04T10:00:00Z");

    final Map<String, Object> author = human("alice");
    final Map<String, Object> change = new LinkedHashMap<>();
    final Map<String, Object> blast = new LinkedHashMap<>();
    final Map<String, Object> estate = new LinkedHashMap<>(Map.of("name", "shop", "nodeCount", 40L, "edgeCount", 90L));
    final List<Map<String, Object>> actions = new ArrayList<>();
    Instant now = WEDNESDAY;

    TestFacts() {
        change.put("hash", "sha256:0000");
        change.put("source", "terraform-plan");
        change.put("title", "tune web");
        change.put("labels", Map.of());
        change.put("scope", new LinkedHashMap<>(Map.of("declared", false, "everywhere", false,
                "regions", List.of(), "zones", List.of(), "cells", List.of())));
        change.put("notes", List.of());
        blast.put("maxSeverity", "none");
        blast.put("maxSeverityRank", 0L);
        blast.put("impactedCount", 0L);
        blast.put("outageCount", 0L);
        blast.put("dataLoss", false);
        blast.put("byTier", Map.of("0", 0L, "1", 0L, "2", 0L, "3", 0L));
        blast.put("minImpactedTier", 4L);
        blast.put("regions", List.of());
        blast.put("zones", List.of());
        blast.put("owners", List.of());
        blast.put("trafficShare", 0.0);
        blast.put("multiRegion", false);
        blast.put("multiZone", false);
        blast.put("belowPeak", false);
        blast.put("belowNPlusOne", false);
        blast.put("zeroTargetEndpoints", List.of());
        blast.put("unknown", false);
    }

    /** The harmless change: one in-place update of a tier 3 stateless service. */
    static TestFacts benign() {
        TestFacts f = new TestFacts();
        f.add(action("aws_ecs_service.web", "update"));
        return f;
    }

    static Map<String, Object> human(String id) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("kind", "human");
        a.put("id", id);
        a.put("model", "");
        a.put("onBehalfOf", "");
        a.put("sessionId", "");
        a.put("promptHash", "");
        a.put("isAgent", false);
        a.put("accountable", id);
        return a;
    }

    TestFacts byAgent(String agent, String human) {
        author.put("kind", "agent");
        author.put("id", agent);
        author.put("model", "some-model");
        author.put("onBehalfOf", human);
        author.put("sessionId", "s-1");
        author.put("promptHash", "sha256:abcd");
        author.put("isAgent", true);
        author.put("accountable", human);
        return this;
    }

    static Map<String, Object> node(String id, int tier, boolean stateful) {
        Map<String, Object> n = new LinkedHashMap<>();
        n.put("id", id);
        n.put("kind", stateful ? "datastore" : "service");
        n.put("tier", (long) tier);
        n.put("owner", "team");
        n.put("system", "shop");
        n.put("region", "eu-west-1");
        n.put("zones", List.of("eu-west-1a"));
        n.put("cell", "");
        n.put("group", "");
        n.put("stateful", stateful);
        n.put("capacity", 100.0);
        n.put("peakLoad", 50.0);
        n.put("replicas", 3L);
        n.put("trafficWeight", 0.0);
        n.put("labels", Map.of());
        return n;
    }

    /** A mapped action on one tier 3 stateless node in eu-west-1a, with the severity the engine would give it. */
    static Map<String, Object> action(String address, String kind) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("address", address);
        a.put("type", address.substring(0, Math.max(0, address.indexOf('.'))));
        a.put("kind", kind);
        a.put("reason", "");
        a.put("destructive", kind.equals("delete") || kind.equals("replace"));
        a.put("mapped", true);
        a.put("replaceOrder", kind.equals("replace") ? "delete-then-create" : "");
        a.put("from", 0L);
        a.put("to", 0L);
        a.put("changedPaths", List.of());
        a.put("attributes", Map.of());
        a.put("nodes", List.of(node(address.replace('.', '-'), 3, false)));
        a.put("stateful", false);
        a.put("minTier", 3L);
        a.put("kinds", List.of("service"));
        a.put("regions", List.of("eu-west-1"));
        a.put("zones", List.of("eu-west-1a"));
        // the failure the blast radius engine puts at the target of such an action (stateless node)
        a.put("severity", switch (kind) {
            case "delete" -> "outage";
            case "update", "config", "restart", "create", "replace" -> "at-risk";
            default -> "none";
        });
        a.put("capacity", new LinkedHashMap<>(Map.of("checked", false, "belowPeak", false, "belowNPlusOne", false,
                "remaining", 0.0, "peak", 0.0, "safeMinimum", 0L)));
        return a;
    }

    static Map<String, Object> stateful(Map<String, Object> a, int tier) {
        a.put("nodes", List.of(node(((String) a.get("address")).replace('.', '-'), tier, true)));
        a.put("stateful", true);
        a.put("minTier", (long) tier);
        a.put("kinds", List.of("datastore"));
        return a;
    }

    static Map<String, Object> tier(Map<String, Object> a, int tier) {
        a.put("nodes", List.of(node(((String) a.get("address")).replace('.', '-'), tier, false)));
        a.put("minTier", (long) tier);
        return a;
    }

    static Map<String, Object> unmapped(Map<String, Object> a) {
        a.put("mapped", false);
        a.put("nodes", List.of());
        a.put("minTier", 4L);
        a.put("kinds", List.of());
        a.put("regions", List.of());
        a.put("zones", List.of());
        return a;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> capacity(Map<String, Object> a, boolean belowPeak, boolean belowNPlusOne) {
        Map<String, Object> c = (Map<String, Object>) a.get("capacity");
        c.put("checked", true);
        c.put("belowPeak", belowPeak);
        c.put("belowNPlusOne", belowNPlusOne);
        c.put("remaining", belowPeak ? 40.0 : 80.0);
        c.put("peak", 60.0);
        c.put("safeMinimum", 4L);
        return a;
    }

    static Map<String, Object> inZone(Map<String, Object> a, String region, String zone) {
        a.put("regions", List.of(region));
        a.put("zones", List.of(zone));
        return a;
    }

    TestFacts add(Map<String, Object> action) {
        actions.add(action);
        return this;
    }

    TestFacts blast(String key, Object value) {
        blast.put(key, value);
        return this;
    }

    @SuppressWarnings("unchecked")
    TestFacts everywhere() {
        ((Map<String, Object>) change.get("scope")).put("everywhere", true);
        ((Map<String, Object>) change.get("scope")).put("declared", true);
        return this;
    }

    TestFacts at(Instant instant) {
        now = instant;
        return this;
    }

    PolicyInput input() {
        Map<String, Object> c = new LinkedHashMap<>(change);
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String k : List.of("create", "update", "delete", "replace", "scale", "config", "restart", "read", "noop")) counts.put(k, 0L);
        long destructive = 0;
        long unmapped = 0;
        Set<Object> regions = new LinkedHashSet<>();
        Set<Object> zones = new LinkedHashSet<>();
        for (Map<String, Object> a : actions) {
            String kind = (String) a.get("kind");
            counts.merge(kind.equals("no-op") ? "noop" : kind, 1L, Long::sum);
            if (Boolean.TRUE.equals(a.get("destructive"))) destructive++;
            if (!Boolean.TRUE.equals(a.get("mapped"))) unmapped++;
            regions.addAll((List<?>) a.get("regions"));
            zones.addAll((List<?>) a.get("zones"));
        }
        c.putIfAbsent("actionCount", (long) actions.size());
        c.putIfAbsent("counts", counts);
        c.putIfAbsent("destructiveCount", destructive);
        c.putIfAbsent("unmappedCount", unmapped);
        c.putIfAbsent("regions", List.copyOf(regions));
        c.putIfAbsent("zones", List.copyOf(zones));
        c.putIfAbsent("cells", List.of());
        return new PolicyInput(c, author, blast, estate, actions, now);
    }
}
