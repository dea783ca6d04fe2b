package io.blastwall.server;

import io.blastwall.core.controlplane.Attribution;
import io.blastwall.core.controlplane.ChangeView;
import io.blastwall.core.controlplane.Config;
import io.blastwall.core.controlplane.ControlPlane;
import io.blastwall.core.controlplane.Submission;
import io.blastwall.core.controlplane.SubmittedDocument;
import io.blastwall.core.ledger.LedgerEntry;
import io.blastwall.core.lifecycle.ChangeState;
import io.blastwall.core.store.ChangeQuery;
import io.blastwall.core.store.LedgerAudit;
import io.blastwall.core.store.Principal;
import io.blastwall.core.store.StoredChange;
import io.blastwall.core.store.StoredRevision;
import io.javalin.http.Context;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import static io.blastwall.server.Views.ordered;

/**
 * The endpoint handlers: read the request (strict JSON bodies, validated query parameters), call the
 * {@link ControlPlane}, and write JSON. Authentication and error mapping happen in {@link BlastwallServer}'s wrapper.
 * Thread-safe (stateless apart from its collaborators).
 */
final class Api {

    /** Body of POST /changes and POST /changes/{id}/revisions. */
    record SubmitRequest(String title, String format, List<DocumentBody> documents, String sessionId, String promptHash) {
    }

    /** One document of a submission. */
    record DocumentBody(String name, String content) {
    }

    /** Body of POST /changes/{id}/approvals and /rejections. */
    record DecisionRequest(Integer revision, String contentHash, String comment) {
    }

    /** Body of POST /changes/{id}/withdraw (optional). */
    record WithdrawRequest(String reason) {
    }

    private final ControlPlane cp;
    private final Supplier<Config> reloadSource;
    private final ServerMetrics metrics;
    private final BooleanSupplier accepting;
    private final byte[] openapi;
    private final List<PublicKey> checkpointKeys;

    Api(ControlPlane cp, Supplier<Config> reloadSource, ServerMetrics metrics, BooleanSupplier accepting,
        List<PublicKey> checkpointKeys) {
        this.cp = cp;
        this.checkpointKeys = List.copyOf(checkpointKeys);
        this.reloadSource = reloadSource;
        this.metrics = metrics;
        this.accepting = accepting;
        this.openapi = resource("/io/blastwall/server/openapi.json");
    }

    // ------------------------------------------------------------------ changes

    void submit(Context ctx) {
        Submission s = submission(Json.request(ctx.bodyAsBytes(), SubmitRequest.class));
        ChangeView v = cp.submit(principal(ctx), s);
        metrics.verdict(v.revision().verdict());
        counted(v);
        ctx.header("Location", Views.API + "/changes/" + v.change().id());
        json(ctx, 201, Views.change(v));
    }

    void amend(Context ctx) {
        Submission s = submission(Json.request(ctx.bodyAsBytes(), SubmitRequest.class));
        ChangeView v = cp.amend(principal(ctx), ctx.pathParam("id"), s);
        metrics.verdict(v.revision().verdict());
        counted(v);
        json(ctx, 201, Views.change(v));
    }

    void list(Context ctx) {
        Set<ChangeState> states = EnumSet.noneOf(ChangeState.class);
        for (String value : ctx.queryParams("state")) {
            for (String part : value.split(",")) {
                if (part.isBlank()) continue;
                states.add(ChangeState.parse(part).orElseThrow(() -> Problems.Invalid.query("state", "unknown state '"
                        + part.strip() + "'; expected one of " + String.join(", ",
                        java.util.Arrays.stream(ChangeState.values()).map(ChangeState::externalName).toList()))));
            }
        }
        Instant since = null;
        String sinceText = ctx.queryParam("since");
        if (sinceText != null && !sinceText.isBlank()) {
            try {
                since = Instant.parse(sinceText.strip());
            } catch (DateTimeParseException e) {
                throw Problems.Invalid.query("since", "expected an RFC 3339 time such as 2026-01-31T09:00:00Z");
            }
        }
        int limit = intParam(ctx, "limit", 100, 1, ChangeQuery.MAX_LIMIT);
        int offset = intParam(ctx, "offset", 0, 0, Integer.MAX_VALUE);
        String author = ctx.queryParam("author");
        ChangeQuery q = new ChangeQuery(states, author == null || author.isBlank() ? null : author.strip(), since, limit, offset);
        List<Object> out = new ArrayList<>();
        for (StoredChange c : cp.list(q)) out.add(Views.summary(c));
        json(ctx, 200, ordered("changes", out, "count", out.size(), "limit", limit, "offset", offset));
    }

    void get(Context ctx) {
        json(ctx, 200, Views.change(cp.change(ctx.pathParam("id"))));
    }

    void revision(Context ctx) {
        int n;
        try {
            n = Integer.parseInt(ctx.pathParam("n"));
        } catch (NumberFormatException e) {
            throw new Problems.Invalid(400, "the revision must be a whole number, was '" + ctx.pathParam("n") + "'",
                    List.of(Problems.place(null, 0, 0, "{n}", "expected a whole number")));
        }
        StoredRevision r = cp.revision(ctx.pathParam("id"), n);
        Map<String, Object> m = Views.revision(r, cp.analysisOf(r));
        // the store keeps each document's name, size and digest, never its text (plans and Secrets hold secrets)
        Object stored = Json.INSTANCE.read(r.content());
        List<Object> docs = new ArrayList<>();
        if (stored instanceof Map<?, ?> sm && sm.get("documents") instanceof List<?> files) {
            for (Object f : files) {
                if (!(f instanceof Map<?, ?> fm)) continue;
                docs.add(ordered("name", fm.get("name"), "bytes", fm.get("bytes"), "sha256", fm.get("sha256")));
            }
        }
        m.put("documents", docs);
        json(ctx, 200, m);
    }

    void approve(Context ctx) {
        DecisionRequest d = decision(ctx);
        json(ctx, 200, Views.change(counted(cp.approve(principal(ctx), ctx.pathParam("id"), d.revision(), d.contentHash(), d.comment()))));
    }

    void reject(Context ctx) {
        DecisionRequest d = decision(ctx);
        json(ctx, 200, Views.change(counted(cp.reject(principal(ctx), ctx.pathParam("id"), d.revision(), d.contentHash(), d.comment()))));
    }

    void withdraw(Context ctx) {
        byte[] body = ctx.bodyAsBytes();
        String reason = body.length == 0 ? "" : Json.request(body, WithdrawRequest.class).reason();
        json(ctx, 200, Views.change(counted(cp.withdraw(principal(ctx), ctx.pathParam("id"), reason))));
    }

    void recheck(Context ctx) {
        ControlPlane.Recheck r = cp.recheck(principal(ctx), ctx.pathParam("id"));
        if (r.changed()) metrics.verdict(r.change().revision().verdict());
        counted(r.change());
        json(ctx, 200, Views.recheck(r));
    }

    void attribution(Context ctx) {
        Attribution a = cp.attribution(ctx.pathParam("id"));
        String accept = ctx.header("Accept");
        boolean text = "text".equalsIgnoreCase(ctx.queryParam("format"))
                || accept != null && accept.contains("text/plain") && !accept.contains("application/json");
        if (text) {
            ctx.status(200).contentType("text/plain; charset=utf-8").result(a.toText());
        } else {
            json(ctx, 200, a.toTree());
        }
    }

    // ------------------------------------------------------------------ estate, policies, admin

    void estate(Context ctx) {
        json(ctx, 200, Views.estate(cp.config()));
    }

    void policies(Context ctx) {
        json(ctx, 200, Views.policies(cp.config()));
    }

    void reload(Context ctx) {
        Config next = cp.reload(principal(ctx), reloadSource);
        json(ctx, 200, ordered("reloaded", true, "estate", Views.estate(next),
                "policies", ordered("version", next.policyVersion(), "count", next.policies().size(),
                        "sources", next.policySources())));
    }

    // ------------------------------------------------------------------ ledger

    void ledger(Context ctx) {
        long from = intParam(ctx, "from", 1, 1, Integer.MAX_VALUE);
        int limit = intParam(ctx, "limit", 100, 1, 1000);
        List<Object> out = new ArrayList<>();
        long last = from - 1;
        for (LedgerEntry e : cp.store().ledgerRange(from, limit)) {
            out.add(Views.ledger(e));
            last = e.sequence();
        }
        json(ctx, 200, ordered("entries", out, "count", out.size(), "next", out.size() == limit ? last + 1 : null));
    }

    /** The same audit as {@code blastwall ledger verify}, with this server's trusted checkpoint keys. */
    void verify(Context ctx) {
        String head = ctx.queryParam("expectHead");
        if (head != null) {
            head = head.strip().toLowerCase(java.util.Locale.ROOT);
            if (!head.matches("[0-9a-f]{64}")) {
                throw Problems.Invalid.query("expectHead", "expected a SHA-256 hash of 64 hex digits, was '"
                        + ctx.queryParam("expectHead") + "'");
            }
        }
        json(ctx, 200, LedgerAudit.run(cp.store(), head, checkpointKeys).toMap());
    }

    void export(Context ctx) throws IOException {
        ctx.status(200).contentType("application/jsonl; charset=utf-8");
        ctx.header("Content-Disposition", "attachment; filename=\"blastwall-ledger.jsonl\"");
        OutputStream out = new BufferedOutputStream(ctx.outputStream(), 64 * 1024);
        cp.store().forEachLedgerEntry(e -> {
            try {
                out.write(Json.write(Views.ledger(e), false).getBytes(StandardCharsets.UTF_8));
                out.write('\n');
            } catch (IOException x) {
                throw new UncheckedIOException(x);
            }
        });
        out.flush();
    }

    // ------------------------------------------------------------------ operations

    void openapi(Context ctx) {
        ctx.status(200).contentType("application/json").result(openapi);
    }

    void healthz(Context ctx) {
        json(ctx, 200, ordered("status", "live"));
    }

    void readyz(Context ctx) {
        Map<String, Object> checks = new java.util.LinkedHashMap<>();
        boolean ok = true;
        try {
            cp.store().ledgerHead();
            checks.put("store", "ok: " + cp.store().describe());
        } catch (RuntimeException e) {
            ok = false;
            checks.put("store", "unavailable: " + e.getMessage());
        }
        Config c = cp.config();
        checks.put("estate", c == null ? "not loaded" : "ok: " + c.estateVersion() + ", " + c.estate().nodeCount() + " nodes");
        checks.put("policies", c == null ? "not loaded" : "ok: " + c.policyVersion() + ", " + c.policies().size() + " policies");
        if (c == null) ok = false;
        if (!accepting.getAsBoolean()) {
            ok = false;
            checks.put("server", "shutting down");
        }
        if (ok) {
            json(ctx, 200, ordered("status", "ready", "checks", checks));
        } else {
            Map<String, Object> p = ordered("type", Problems.TYPE_BASE + "not-ready", "title", "Not ready", "status", 503,
                    "detail", "the server cannot take changes now: " + checks, "instance", ctx.path(), "checks", checks);
            ctx.status(503).contentType(Problems.CONTENT_TYPE).result(Json.write(p, false));
        }
    }

    void metrics(Context ctx) {
        ctx.status(200).contentType(ServerMetrics.contentType()).result(metrics.scrape());
    }

    // ------------------------------------------------------------------ helpers

    private ChangeView counted(ChangeView v) {
        metrics.outcome(v.change().state());
        return v;
    }

    private static Principal principal(Context ctx) {
        Principal p = ctx.attribute(BlastwallServer.PRINCIPAL);
        if (p == null) throw new IllegalStateException("endpoint reached without an authenticated principal");
        return p;
    }

    static Submission submission(SubmitRequest r) {
        if (r.documents() == null || r.documents().isEmpty()) {
            throw Problems.Invalid.field("$.documents", "needs at least one document {name, content}");
        }
        List<SubmittedDocument> docs = new ArrayList<>();
        for (int i = 0; i < r.documents().size(); i++) {
            DocumentBody d = r.documents().get(i);
            if (d == null) throw Problems.Invalid.field("$.documents[" + i + "]", "must be an object {name, content}");
            if (d.name() == null || d.name().isBlank()) throw Problems.Invalid.field("$.documents[" + i + "].name", "is required");
            if (d.content() == null) throw Problems.Invalid.field("$.documents[" + i + "].content", "is required");
            docs.add(new SubmittedDocument(d.name(), d.content()));
        }
        return new Submission(r.title(), r.format(), docs, r.sessionId(), r.promptHash());
    }

    private static DecisionRequest decision(Context ctx) {
        DecisionRequest d = Json.request(ctx.bodyAsBytes(), DecisionRequest.class);
        if (d.revision() == null || d.revision() < 1) {
            throw Problems.Invalid.field("$.revision", "is required: the revision number you reviewed (1 or more)");
        }
        if (d.contentHash() == null || d.contentHash().isBlank()) {
            throw Problems.Invalid.field("$.contentHash", "is required: the content hash of the revision you reviewed");
        }
        return d;
    }

    static int intParam(Context ctx, String name, int dflt, int min, int max) {
        String v = ctx.queryParam(name);
        if (v == null || v.isBlank()) return dflt;
        try {
            int n = Integer.parseInt(v.strip());
            if (n < min || n > max) throw Problems.Invalid.query(name, "must be between " + min + " and " + max + ", was " + n);
            return n;
        } catch (NumberFormatException e) {
            throw Problems.Invalid.query(name, "expected a whole number, was '" + v + "'");
        }
    }

    private static void json(Context ctx, int status, Object body) {
        ctx.status(status).contentType("application/json").result(Json.write(body, false));
    }

    private static byte[] resource(String path) {
        try (InputStream in = Api.class.getResourceAsStream(path)) {
            if (in == null) throw new IllegalStateException("missing classpath resource " + path);
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
