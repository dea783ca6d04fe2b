package io.blastwall.server;

import com.fasterxml.jackson.databind.util.RawValue;
import io.blastwall.core.approval.ApprovalStatus;
import io.blastwall.core.change.Provenance;
import io.blastwall.core.controlplane.ChangeView;
import io.blastwall.core.controlplane.Config;
import io.blastwall.core.controlplane.ControlPlane;
import io.blastwall.core.ledger.LedgerEntry;
import io.blastwall.core.policy.PolicySpec;
import io.blastwall.core.store.StoredApproval;
import io.blastwall.core.store.StoredChange;
import io.blastwall.core.store.StoredRevision;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The API's JSON shapes of domain objects, as ordered trees. Fields are only ever added within {@code /api/v1}.
 * Stateless and thread-safe.
 */
final class Views {

    static final String API = "/api/v1";

    private Views() {
    }

    static Map<String, Object> change(ChangeView v) {
        Map<String, Object> m = summary(v.change());
        m.put("revision", revision(v.revision(), v.analysis()));
        m.put("approvals", status(v.status()));
        List<Object> ds = new ArrayList<>();
        for (StoredApproval a : v.decisions()) ds.add(decision(a));
        m.put("decisions", ds);
        m.put("links", ordered("self", API + "/changes/" + v.change().id(),
                "attribution", API + "/changes/" + v.change().id() + "/attribution",
                "approve", API + "/changes/" + v.change().id() + "/approvals"));
        return m;
    }

    static Map<String, Object> summary(StoredChange c) {
        return ordered("id", c.id(), "title", c.title(), "source", c.source(), "state", c.state().externalName(),
                "currentRevision", c.currentRevision(), "version", c.version(), "author", author(c.author()),
                "createdAt", time(c.createdAt()), "updatedAt", time(c.updatedAt()));
    }

    /**
     * A revision with its analysis. {@code analysis} must be {@code r}'s stored analysis text as read (as
     * {@link io.blastwall.core.controlplane.ChangeView#analysis} and {@code ControlPlane.analysisOf} are): the answer
     * then carries that text as it is stored instead of rendering tens of kilobytes again. It was read whole (the reader
     * refuses trailing text), so it is one JSON object; an empty or unreadable analysis is rendered from the tree.
     */
    static Map<String, Object> revision(StoredRevision r, Map<String, Object> analysis) {
        Object shown = analysis.isEmpty() ? analysis : new RawValue(r.analysisJson());
        return ordered("changeId", r.changeId(), "number", r.revision(), "contentHash", r.contentHash(),
                "sourceFormat", r.sourceFormat(), "verdict", r.verdict(), "risk", r.risk(),
                "estateVersion", r.estateVersion(), "policyVersion", r.policyVersion(), "createdAt", time(r.createdAt()),
                "analysis", shown);
    }

    static Map<String, Object> status(ApprovalStatus s) {
        List<Object> reqs = new ArrayList<>();
        for (ApprovalStatus.Progress p : s.requirements()) {
            reqs.add(ordered("description", p.requirement().describe(), "count", p.requirement().count(),
                    "roles", p.requirement().roles(), "independentOfAuthor", p.requirement().independentOfAuthor(),
                    "excluded", p.requirement().excluded(), "counted", p.countedApprovers(), "met", p.met()));
        }
        List<Object> ignored = new ArrayList<>();
        for (ApprovalStatus.Ignored i : s.ignored()) ignored.add(ordered("approver", i.approver(), "reason", i.reason()));
        return ordered("satisfied", s.satisfied(), "requirements", reqs, "ignored", ignored);
    }

    static Map<String, Object> decision(StoredApproval a) {
        return ordered("id", a.id(), "approver", a.approverId(), "roles", a.approverRoles(),
                "decision", a.decision().name().toLowerCase(Locale.ROOT), "revision", a.revision(),
                "contentHash", a.contentHash(), "estateVersion", a.estateVersion(), "policyVersion", a.policyVersion(),
                "comment", a.comment(), "at", time(a.at()), "valid", a.valid(), "invalidatedReason", a.invalidatedReason());
    }

    static Map<String, Object> author(Provenance p) {
        return ordered("kind", p.kind().externalName(), "id", p.id(), "model", p.model(), "onBehalfOf", p.onBehalfOf(),
                "sessionId", p.sessionId(), "promptHash", p.promptHash());
    }

    static Map<String, Object> ledger(LedgerEntry e) {
        return ordered("sequence", e.sequence(), "time", time(e.time()), "actor", e.actor(), "action", e.action(),
                "changeId", e.changeId(), "payload", e.payload(), "previousHash", e.previousHash(), "hash", e.hash());
    }

    static Map<String, Object> estate(Config c) {
        var e = c.estate();
        Map<String, Integer> kinds = new java.util.TreeMap<>();
        Map<String, Integer> regions = new java.util.TreeMap<>();
        for (int i = 0; i < e.nodeCount(); i++) {
            kinds.merge(e.kind(i).name().toLowerCase(Locale.ROOT), 1, Integer::sum);
            regions.merge(e.region(i).isEmpty() ? "(global)" : e.region(i), 1, Integer::sum);
        }
        return ordered("name", e.name(), "version", c.estateVersion(), "nodes", e.nodeCount(), "edges", e.edgeCount(),
                "byKind", kinds, "byRegion", regions, "sources", c.estateSources(), "loadedAt", time(c.loadedAt()));
    }

    static Map<String, Object> policies(Config c) {
        List<Object> ps = new ArrayList<>();
        for (PolicySpec s : c.policies().specs()) {
            ps.add(ordered("id", s.id(), "description", s.description(), "scope", s.scope().name().toLowerCase(Locale.ROOT),
                    "effect", effect(s), "source", s.where().toString()));
        }
        return ordered("version", c.policyVersion(), "count", ps.size(), "sources", c.policySources(),
                "loadedAt", time(c.loadedAt()), "policies", ps);
    }

    static Map<String, Object> recheck(ControlPlane.Recheck r) {
        return ordered("changed", r.changed(), "differences", r.differences(),
                "approvalsInvalidated", r.approvalsInvalidated(), "change", change(r.change()));
    }

    private static String effect(PolicySpec s) {
        return io.blastwall.formats.output.AssessmentJson.effectName(s.effect());
    }

    static String time(Instant t) {
        return t == null ? null : t.toString();
    }

    static Map<String, Object> ordered(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }
}
