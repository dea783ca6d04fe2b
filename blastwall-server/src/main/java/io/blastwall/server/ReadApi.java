package io.blastwall.server;

import io.blastwall.core.blast.Severity;
import io.blastwall.core.controlplane.ChangeView;
import io.blastwall.core.controlplane.ControlPlane;
import io.blastwall.core.estate.Estate;
import io.blastwall.core.estate.NodeKind;
import io.blastwall.core.lifecycle.ChangeState;
import io.blastwall.core.store.ChangeQuery;
import io.blastwall.core.store.Principal;
import io.blastwall.core.store.StoredChange;
import io.blastwall.core.store.StoredRevision;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static io.blastwall.server.Views.ordered;

/**
 * Read endpoints for people reviewing changes (the console uses them; any client may): who am I, my inbox, may I
 * decide on this change, the drawable blast-radius subgraph of a revision, and estate search with a component's
 * dependencies and dependents. Kept apart from {@link Api} (the write and audit endpoints). Every answer is bounded:
 * lists are capped and say so. Thread-safe (stateless apart from its collaborators).
 */
final class ReadApi {

    /** How far back the inbox looks for halts and rollbacks. */
    static final Duration RECENT = Duration.ofDays(7);
    static final int MAX_GRAPH_NODES = 2000;
    static final int MAX_NEIGHBOURS = 500;

    /** What registers a route with the server's wrapper. */
    interface Routes {
        void add(HandlerType method, String path, ServerContext.Access access, Handler handler);
    }

    private final ControlPlane cp;
    private final Clock clock;

    ReadApi(ControlPlane cp, Clock clock) {
        this.cp = cp;
        this.clock = clock;
    }

    void register(Routes r) {
        String v1 = Views.API;
        r.add(HandlerType.GET, v1 + "/me", ServerContext.Access.AUTHENTICATED, this::me);
        r.add(HandlerType.GET, v1 + "/inbox", ServerContext.Access.AUTHENTICATED, this::inbox);
        r.add(HandlerType.GET, v1 + "/changes/{id}/eligibility", ServerContext.Access.AUTHENTICATED, this::eligibility);
        r.add(HandlerType.GET, v1 + "/changes/{id}/revisions/{n}/graph", ServerContext.Access.AUTHENTICATED, this::graph);
        r.add(HandlerType.GET, v1 + "/estate/components", ServerContext.Access.AUTHENTICATED, this::components);
        r.add(HandlerType.GET, v1 + "/estate/components/{id}", ServerContext.Access.AUTHENTICATED, this::component);
    }

    void me(Context ctx) {
        Principal p = principal(ctx);
        json(ctx, ordered("id", p.id(), "kind", p.kind().externalName(), "displayName", p.displayName(),
                "roles", p.roles(), "onBehalfOf", p.onBehalfOf(), "model", p.model()));
    }

    void inbox(Context ctx) {
        Principal me = principal(ctx);
        List<Object> mine = new ArrayList<>();
        List<Object> others = new ArrayList<>();
        for (StoredChange c : cp.list(new ChangeQuery(EnumSet.of(ChangeState.AWAITING_APPROVAL), null, null, 200, 0))) {
            ChangeView v = cp.change(c.id());
            Eligibility.Answer a = Eligibility.of(me, v);
            Map<String, Object> row = Views.summary(c);
            row.put("maxSeverity", severityOf(v.analysis()));
            row.put("risk", v.revision().risk());
            row.put("needs", v.status().requirements().stream().filter(p -> !p.met())
                    .map(p -> p.requirement().describe()).toList());
            if (a.canApprove()) {
                mine.add(row);
            } else {
                row.put("whyNotMe", a.reason());
                others.add(row);
            }
        }
        List<Object> active = rows(EnumSet.of(ChangeState.APPROVED, ChangeState.SCHEDULED, ChangeState.ROLLING_OUT), null);
        List<Object> halted = rows(EnumSet.of(ChangeState.HALTED, ChangeState.ROLLED_BACK), clock.instant().minus(RECENT));
        json(ctx, ordered("me", me.id(), "awaitingMe", mine, "awaitingOthers", others, "rollingOut", active,
                "recentHalts", halted));
    }

    void eligibility(Context ctx) {
        ChangeView v = cp.change(ctx.pathParam("id"));
        json(ctx, Eligibility.view(Eligibility.of(principal(ctx), v), v));
    }

    void graph(Context ctx) {
        StoredRevision r = cp.revision(ctx.pathParam("id"), revisionNumber(ctx));
        Map<String, Object> analysis = cp.analysisOf(r);
        Severity min = null;
        String minText = ctx.queryParam("minSeverity");
        if (minText != null && !minText.isBlank()) {
            min = BlastGraph.severity(minText.strip());
            if (min == Severity.NONE && !"none".equalsIgnoreCase(minText.strip())) {
                throw Problems.Invalid.query("minSeverity", "unknown severity '" + minText.strip() + "'; expected one of "
                        + String.join(", ", java.util.Arrays.stream(Severity.values()).map(BlastGraph::wire).toList()));
            }
        }
        int max = Api.intParam(ctx, "maxNodes", 500, 1, MAX_GRAPH_NODES);
        BlastGraph.Filter f = new BlastGraph.Filter(min, blankToNull(ctx.queryParam("region")),
                blankToNull(ctx.queryParam("owner")), max);
        Map<String, Object> g = new java.util.LinkedHashMap<>(ordered("changeId", r.changeId(), "revision", r.revision(),
                "contentHash", r.contentHash(), "analysisEstateVersion", r.estateVersion(),
                "estateVersion", cp.config().estateVersion()));
        g.putAll(BlastGraph.of(analysis, cp.config().estate(), f));
        json(ctx, g);
    }

    void components(Context ctx) {
        Estate e = cp.config().estate();
        String q = lower(ctx.queryParam("q"));
        String kindText = blankToNull(ctx.queryParam("kind"));
        NodeKind kind = null;
        if (kindText != null) {
            kind = NodeKind.parse(kindText).orElseThrow(() -> Problems.Invalid.query("kind", "unknown kind '" + kindText
                    + "'; expected one of " + String.join(", ", java.util.Arrays.stream(NodeKind.values())
                    .map(NodeKind::externalName).toList())));
        }
        String region = blankToNull(ctx.queryParam("region"));
        String owner = blankToNull(ctx.queryParam("owner"));
        int limit = Api.intParam(ctx, "limit", 50, 1, 500);
        int offset = Api.intParam(ctx, "offset", 0, 0, Integer.MAX_VALUE);
        List<Object> out = new ArrayList<>();
        int matched = 0;
        for (int i = 0; i < e.nodeCount(); i++) {
            if (kind != null && e.kind(i) != kind) continue;
            if (region != null && !region.equals(e.region(i))) continue;
            if (owner != null && !owner.equals(e.owner(i))) continue;
            if (q != null && !e.id(i).toLowerCase(Locale.ROOT).contains(q) && !e.system(i).toLowerCase(Locale.ROOT).contains(q)
                    && !e.owner(i).toLowerCase(Locale.ROOT).contains(q)) continue;
            if (matched++ >= offset && out.size() < limit) out.add(brief(e, i));
        }
        json(ctx, ordered("components", out, "count", out.size(), "total", matched, "limit", limit, "offset", offset,
                "estateVersion", cp.config().estateVersion()));
    }

    void component(Context ctx) {
        Estate e = cp.config().estate();
        String id = ctx.pathParam("id");
        int i = e.indexOf(id);
        if (i < 0) {
            throw new io.blastwall.core.controlplane.RefusedException(io.blastwall.core.controlplane.RefusedException.Kind.NOT_FOUND,
                    "unknown-component", "no component " + id + " in estate " + e.name() + " (version "
                    + cp.config().estateVersion() + "); search with GET " + Views.API + "/estate/components?q=");
        }
        List<Object> deps = new ArrayList<>();
        for (int k = e.dependenciesStart(i); k < e.dependenciesEnd(i) && deps.size() < MAX_NEIGHBOURS; k++) {
            Map<String, Object> b = brief(e, e.dependencyAt(k));
            b.put("edge", e.dependencyTypeAt(k).name().toLowerCase(Locale.ROOT));
            deps.add(b);
        }
        List<Object> dependents = new ArrayList<>();
        for (int k = e.dependentsStart(i); k < e.dependentsEnd(i) && dependents.size() < MAX_NEIGHBOURS; k++) {
            Map<String, Object> b = brief(e, e.dependentAt(k));
            b.put("edge", e.dependentTypeAt(k).name().toLowerCase(Locale.ROOT));
            dependents.add(b);
        }
        Map<String, Object> m = brief(e, i);
        m.put("stateful", e.stateful(i));
        m.put("zones", e.zones(i));
        m.put("cell", e.cell(i));
        m.put("replicas", e.replicas(i));
        m.put("labels", e.labels(i));
        m.put("dependencies", deps);
        m.put("dependenciesTotal", e.dependenciesEnd(i) - e.dependenciesStart(i));
        m.put("dependents", dependents);
        m.put("dependentsTotal", e.dependentsEnd(i) - e.dependentsStart(i));
        m.put("estateVersion", cp.config().estateVersion());
        json(ctx, m);
    }

    // ------------------------------------------------------------------ helpers

    private List<Object> rows(EnumSet<ChangeState> states, java.time.Instant since) {
        List<Object> out = new ArrayList<>();
        for (StoredChange c : cp.list(new ChangeQuery(states, null, since, 50, 0))) out.add(Views.summary(c));
        return out;
    }

    private static Object severityOf(Map<String, Object> analysis) {
        return analysis.get("blast") instanceof Map<?, ?> b && b.get("summary") instanceof Map<?, ?> s
                ? s.get("maxSeverity") : null;
    }

    private static Map<String, Object> brief(Estate e, int i) {
        return ordered("id", e.id(i), "kind", e.kind(i).externalName(), "tier", e.tier(i), "region", e.region(i),
                "owner", e.owner(i), "system", e.system(i));
    }

    static int revisionNumber(Context ctx) {
        try {
            return Integer.parseInt(ctx.pathParam("n"));
        } catch (NumberFormatException e) {
            throw new Problems.Invalid(400, "the revision must be a whole number, was '" + ctx.pathParam("n") + "'",
                    List.of(Problems.place(null, 0, 0, "{n}", "expected a whole number")));
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static String lower(String s) {
        String b = blankToNull(s);
        return b == null ? null : b.toLowerCase(Locale.ROOT);
    }

    private static Principal principal(Context ctx) {
        Principal p = ctx.attribute(BlastwallServer.PRINCIPAL);
        if (p == null) throw new IllegalStateException("endpoint reached without an authenticated principal");
        return p;
    }

    private static void json(Context ctx, Object body) {
        ctx.status(200).contentType("application/json").result(Json.write(body, false));
    }
}
