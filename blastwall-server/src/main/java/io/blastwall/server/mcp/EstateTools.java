package io.blastwall.server.mcp;

import io.blastwall.core.SourceLocation;
import io.blastwall.core.blast.BlastRadiusEngine;
import io.blastwall.core.blast.BlastReport;
import io.blastwall.core.blast.Impact;
import io.blastwall.core.change.Action;
import io.blastwall.core.change.ActionKind;
import io.blastwall.core.change.Change;
import io.blastwall.core.change.Provenance;
import io.blastwall.core.change.ResourceRef;
import io.blastwall.core.change.Scope;
import io.blastwall.core.controlplane.Config;
import io.blastwall.core.estate.Estate;
import io.blastwall.core.estate.NodeKind;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

import static io.blastwall.server.mcp.Schemas.arrayOf;
import static io.blastwall.server.mcp.Schemas.enumOf;
import static io.blastwall.server.mcp.Schemas.integer;
import static io.blastwall.server.mcp.Schemas.nonEmptyString;
import static io.blastwall.server.mcp.Schemas.object;
import static io.blastwall.server.mcp.Schemas.output;
import static io.blastwall.server.mcp.Schemas.props;
import static io.blastwall.server.mcp.Schemas.string;
import static io.blastwall.server.mcp.Schemas.typed;

/**
 * The read-only tools over the estate in force: {@code search_estate}, {@code describe_component} and
 * {@code blast_radius} (a hypothetical action, analysed by the core {@link BlastRadiusEngine} exactly as
 * {@code blastwall blast} does; nothing is stored). Each call reads the configuration current at that moment, so a
 * reload is seen at once. Thread-safe.
 */
final class EstateTools {

    static final List<String> ACTIONS = List.of("delete", "replace", "update", "config", "restart", "scale");

    private final Supplier<Config> config;

    EstateTools(Supplier<Config> config) {
        this.config = config;
    }

    List<BlastwallTool> tools() {
        return List.of(search(), describe(), blast());
    }

    // ------------------------------------------------------------------ search_estate

    private BlastwallTool search() {
        Map<String, Object> in = object(props(
                "query", string("Text to find in a component's id, owner or system (case-insensitive); empty matches all"),
                "owner", string("Only components of this owning team (exact, case-insensitive)"),
                "kind", enumOf("Only components of this kind", kinds()),
                "tag", string("Only components with this label: key, or key=value"),
                "region", string("Only components in this region (exact)"),
                "limit", integer("At most this many matches (default 50)", 1, 500)), List.of());
        Map<String, Object> out = output(props(
                "matches", arrayOf(component()), "count", typed("integer"), "total", typed("integer"),
                "truncated", typed("boolean"), "estateVersion", typed("string")));
        return new BlastwallTool("search_estate", "Search the estate",
                "Find components in the estate by id, name fragment, owner, kind, label (tag) or region. Use it before "
                        + "acting to learn the exact component ids that the other tools take.", in, out, true, this::searchCall);
    }

    private Map<String, Object> searchCall(Caller caller, ToolArguments a) {
        String query = a.optionalString("query", "").strip().toLowerCase(Locale.ROOT);
        String owner = a.optionalString("owner", "").strip();
        String kindText = a.optionalString("kind", "").strip();
        String tag = a.optionalString("tag", "").strip();
        String region = a.optionalString("region", "").strip();
        int limit = a.optionalInt("limit", 50, 1, 500);
        NodeKind kind = kindText.isEmpty() ? null : NodeKind.parse(kindText)
                .orElseThrow(() -> new ToolArguments.Invalid("$.kind", "unknown kind '" + kindText + "'; expected one of " + NodeKind.expected()));
        String tagKey = tag.contains("=") ? tag.substring(0, tag.indexOf('=')).strip() : tag;
        String tagValue = tag.contains("=") ? tag.substring(tag.indexOf('=') + 1).strip() : null;
        Config c = config.get();
        Estate e = c.estate();
        List<Integer> hits = new ArrayList<>();
        for (int i = 0; i < e.nodeCount(); i++) {
            if (kind != null && e.kind(i) != kind) continue;
            if (!owner.isEmpty() && !e.owner(i).equalsIgnoreCase(owner)) continue;
            if (!region.isEmpty() && !e.region(i).equals(region)) continue;
            if (!tagKey.isEmpty()) {
                String v = e.labels(i).get(tagKey);
                if (v == null || tagValue != null && !v.equals(tagValue)) continue;
            }
            if (!query.isEmpty() && !(contains(e.id(i), query) || contains(e.owner(i), query) || contains(e.system(i), query))) continue;
            hits.add(i);
        }
        // the most critical first: an agent asking "what is there" should see what it must not break
        hits.sort(Comparator.<Integer>comparingInt(e::tier).thenComparing(e::id));
        List<Object> matches = new ArrayList<>();
        for (int i : hits.subList(0, Math.min(limit, hits.size()))) matches.add(summary(e, i));
        return props("matches", matches, "count", matches.size(), "total", hits.size(),
                "truncated", hits.size() > limit, "estateVersion", c.estateVersion());
    }

    // ------------------------------------------------------------------ describe_component

    private BlastwallTool describe() {
        Map<String, Object> in = object(props(
                "id", nonEmptyString("The component's id, as search_estate returns it"),
                "maxNeighbours", integer("At most this many dependencies and dependents listed each (default 100)", 1, 1000)),
                List.of("id"));
        Map<String, Object> neighbour = Map.of("type", "object", "properties", props("id", typed("string"),
                "edge", typed("string"), "kind", typed("string"), "tier", typed("integer"), "owner", typed("string")));
        Map<String, Object> out = output(props(
                "component", component(), "dependencies", arrayOf(neighbour), "dependents", arrayOf(neighbour),
                "dependencyCount", typed("integer"), "dependentCount", typed("integer"), "estateVersion", typed("string")));
        return new BlastwallTool("describe_component", "Describe a component",
                "A component with its tier, owner, system, region and zones, replicas and capacity, labels, what it depends on "
                        + "and what depends on it (hard, soft or async edges).", in, out, true, this::describeCall);
    }

    private Map<String, Object> describeCall(Caller caller, ToolArguments a) {
        String id = a.requiredString("id");
        int max = a.optionalInt("maxNeighbours", 100, 1, 1000);
        Config c = config.get();
        Estate e = c.estate();
        int i = index(e, id, "$.id");
        Map<String, Object> comp = summary(e, i);
        comp.put("cell", e.cell(i));
        comp.put("group", e.group(i));
        comp.put("stateful", e.stateful(i));
        comp.put("replicas", e.replicas(i));
        comp.put("capacity", finite(e.capacity(i)));
        comp.put("peakLoad", finite(e.peakLoad(i)));
        comp.put("trafficWeight", e.trafficWeight(i));
        List<Object> deps = new ArrayList<>();
        for (int k = e.dependenciesStart(i); k < e.dependenciesEnd(i) && deps.size() < max; k++) {
            deps.add(neighbour(e, e.dependencyAt(k), e.dependencyTypeAt(k).externalName()));
        }
        List<Object> dependents = new ArrayList<>();
        for (int k = e.dependentsStart(i); k < e.dependentsEnd(i) && dependents.size() < max; k++) {
            dependents.add(neighbour(e, e.dependentAt(k), e.dependentTypeAt(k).externalName()));
        }
        return props("component", comp, "dependencies", deps, "dependents", dependents,
                "dependencyCount", e.dependenciesEnd(i) - e.dependenciesStart(i),
                "dependentCount", e.dependentsEnd(i) - e.dependentsStart(i), "estateVersion", c.estateVersion());
    }

    // ------------------------------------------------------------------ blast_radius

    private BlastwallTool blast() {
        Map<String, Object> in = object(props(
                "component", nonEmptyString("The component's id"),
                "action", enumOf("The hypothetical action", ACTIONS),
                "replicas", integer("For scale: the replica count after the action", 0, 1_000_000),
                "maxImpacted", integer("At most this many impacted components listed (default 25)", 1, 1000)),
                List.of("component", "action"));
        Map<String, Object> impacted = Map.of("type", "object", "properties", props("node", typed("string"),
                "severity", typed("string"), "tier", typed("integer"), "path", arrayOf(typed("string")), "cause", typed("string")));
        Map<String, Object> out = output(props(
                "component", typed("string"), "action", typed("string"), "severity", typed("string"), "mode", typed("string"),
                "impactedCount", typed("integer"), "maxSeverity", typed("string"), "bySeverity", typed("object"),
                "trafficShare", typed("number"), "impacted", arrayOf(impacted), "alternatives", arrayOf(typed("object")),
                "estateVersion", typed("string")));
        return new BlastwallTool("blast_radius", "Blast radius of a hypothetical action",
                "What if: the components impacted if one component were deleted, replaced, updated, reconfigured, restarted "
                        + "or scaled, each with its severity (outage, degraded, data-loss …), tier and the dependency path "
                        + "that carries the impact. Nothing is changed or stored.", in, out, true, this::blastCall);
    }

    private Map<String, Object> blastCall(Caller caller, ToolArguments a) {
        String id = a.requiredString("component");
        String action = a.requiredString("action").toLowerCase(Locale.ROOT);
        int max = a.optionalInt("maxImpacted", 25, 1, 1000);
        Config c = config.get();
        Estate e = c.estate();
        int i = index(e, id, "$.component");
        ActionKind kind = switch (action) {
            case "delete" -> new ActionKind.Delete();
            case "replace" -> new ActionKind.Replace(ActionKind.ReplaceOrder.DELETE_THEN_CREATE, List.of());
            case "update" -> new ActionKind.Update(List.of());
            case "config" -> new ActionKind.Config(List.of());
            case "restart" -> new ActionKind.Restart();
            case "scale" -> scale(e, i, a);
            default -> throw new ToolArguments.Invalid("$.action", "unknown action '" + action + "'; expected one of " + String.join(", ", ACTIONS));
        };
        Action act = new Action(id, "component", new ResourceRef.Component(id), kind, "what-if (MCP)", List.of(id), Map.of(),
                SourceLocation.of("blast_radius"));
        Change change = new Change("what-if", "", Provenance.UNKNOWN, List.of(act), Scope.UNSPECIFIED,
                Change.contentHash("what-if", Map.of("node", id, "action", action)), List.of(), Map.of());
        BlastReport r = BlastRadiusEngine.analyse(e, change);
        List<Object> impacted = new ArrayList<>();
        for (Impact x : r.impacted(max)) {
            impacted.add(props("node", x.node(), "severity", x.severity().externalName(), "tier", x.tier(), "path", x.path(),
                    "cause", x.cause()));
        }
        List<Object> alternatives = new ArrayList<>();
        r.alternatives().forEach(alt -> alternatives.add(props("kind", alt.kind(), "description", alt.description())));
        return props("component", id, "action", kind.externalName(), "severity", r.actions().getFirst().severity().externalName(),
                "mode", r.actions().getFirst().mode(), "impactedCount", r.summary().impactedCount(),
                "maxSeverity", r.summary().maxSeverity().externalName(), "bySeverity", r.summary().bySeverity(),
                "trafficShare", Math.round(r.summary().trafficShare() * 10000) / 10000.0, "impacted", impacted,
                "alternatives", alternatives, "estateVersion", c.estateVersion());
    }

    private static ActionKind scale(Estate e, int i, ToolArguments a) {
        int to = a.optionalInt("replicas", -1, 0, 1_000_000);
        if (to < 0) throw new ToolArguments.Invalid("$.replicas", "is required with action scale: the replica count after the action");
        if (e.replicas(i) <= 0) {
            throw new ToolArguments.Invalid("$.component", e.id(i) + " has no replica count in the estate, so a scale cannot be judged");
        }
        return new ActionKind.Scale(e.replicas(i), to, "replicas");
    }

    // ------------------------------------------------------------------ shapes

    static int index(Estate e, String id, String path) {
        int i = e.indexOf(id);
        if (i < 0) throw new ToolArguments.Invalid(path, "no component '" + id + "' in the estate; find ids with search_estate");
        return i;
    }

    private static Map<String, Object> summary(Estate e, int i) {
        return props("id", e.id(i), "kind", e.kind(i).externalName(), "tier", e.tier(i), "owner", e.owner(i),
                "system", e.system(i), "region", e.region(i), "zones", e.zones(i), "labels", e.labels(i));
    }

    private static Map<String, Object> neighbour(Estate e, int j, String edge) {
        return props("id", e.id(j), "edge", edge, "kind", e.kind(j).externalName(), "tier", e.tier(j), "owner", e.owner(j));
    }

    private static Map<String, Object> component() {
        return Map.of("type", "object", "properties", props("id", typed("string"), "kind", typed("string"),
                "tier", typed("integer"), "owner", typed("string"), "system", typed("string"), "region", typed("string"),
                "zones", arrayOf(typed("string")), "labels", typed("object")), "required", List.of("id", "kind", "tier"));
    }

    private static List<String> kinds() {
        return Arrays.stream(NodeKind.values()).map(NodeKind::externalName).toList();
    }

    private static Double finite(double d) {
        return Double.isFinite(d) ? d : null;
    }

    private static boolean contains(String text, String lowerNeedle) {
        return text != null && text.toLowerCase(Locale.ROOT).contains(lowerNeedle);
    }
}
