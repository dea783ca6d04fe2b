package io.blastwall.server.mcp;

import io.blastwall.core.approval.ApprovalStatus;
import io.blastwall.core.change.Change;
import io.blastwall.core.change.Provenance;
import io.blastwall.core.controlplane.ChangeParser;
import io.blastwall.core.controlplane.ChangeView;
import io.blastwall.core.controlplane.Config;
import io.blastwall.core.controlplane.ControlPlane;
import io.blastwall.core.controlplane.Submission;
import io.blastwall.core.controlplane.SubmittedDocument;
import io.blastwall.core.store.Principal;
import io.blastwall.core.store.StoredApproval;
import io.blastwall.core.verdict.Assessment;
import io.blastwall.core.verdict.Assessor;
import io.blastwall.formats.output.AssessmentJson;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static io.blastwall.server.mcp.Schemas.arrayOf;
import static io.blastwall.server.mcp.Schemas.format;
import static io.blastwall.server.mcp.Schemas.integer;
import static io.blastwall.server.mcp.Schemas.nonEmptyString;
import static io.blastwall.server.mcp.Schemas.object;
import static io.blastwall.server.mcp.Schemas.output;
import static io.blastwall.server.mcp.Schemas.props;
import static io.blastwall.server.mcp.Schemas.string;
import static io.blastwall.server.mcp.Schemas.typed;

/**
 * The tools about changes: {@code check_change} (the verdict a change would get, as {@code blastwall check} gives it;
 * nothing stored), {@code propose_change} (submits through the {@link ControlPlane}, authored by the calling
 * principal), {@code change_status} and {@code explain_verdict} (reads). There is deliberately no tool that
 * approves, rejects, withdraws, executes or reloads: an agent proposes, people decide. Thread-safe.
 */
final class ChangeTools {

    private final ControlPlane cp;
    private final ChangeParser parser;
    private final Clock clock;

    ChangeTools(ControlPlane cp, ChangeParser parser, Clock clock) {
        this.cp = cp;
        this.parser = parser;
        this.clock = clock;
    }

    List<BlastwallTool> tools() {
        return List.of(check(), propose(), status(), explain());
    }

    // ------------------------------------------------------------------ check_change

    private BlastwallTool check() {
        Map<String, Object> in = object(props(
                "documents", Schemas.documents(), "format", format(),
                "maxImpacted", integer("At most this many impacted components listed (default 25)", 1, 1000)),
                List.of("documents"));
        Map<String, Object> out = output(props(
                "schemaVersion", typed("string"), "verdict", verdict(), "exitCode", typed("integer"), "risk", typed("object"),
                "explanation", arrayOf(typed("string")), "change", typed("object"), "blast", typed("object"),
                "findings", arrayOf(typed("object")), "requirements", typed("object"), "alternatives", arrayOf(typed("object")),
                "estate", typed("object"), "evaluatedAt", typed("string")));
        return new BlastwallTool("check_change", "Check a change",
                "Would this change pass? Reads a Terraform/OpenTofu plan JSON, Kubernetes manifests or a Blastwall change file "
                        + "and answers with the verdict (allow, needs-approval, deny), risk, blast radius, policy findings and "
                        + "the approvals or progressive rollout it would need — judged as if you proposed it. Nothing is stored; "
                        + "use propose_change to submit it for review.", in, out, true, this::checkCall);
    }

    private Map<String, Object> checkCall(Caller caller, ToolArguments a) {
        List<SubmittedDocument> docs = documents(a);
        String format = a.optionalString("format", "auto");
        int max = a.optionalInt("maxImpacted", 25, 1, 1000);
        Config cfg = cp.config();
        Change parsed = parser.parse(docs, format);
        // judged with the caller as the author: policies about agents apply to an agent's check as to its proposal
        Change change = new Change(parsed.source(), parsed.title(), author(caller.principal()), parsed.actions(),
                parsed.scope(), parsed.hash(), parsed.notes(), parsed.labels());
        Assessment result = new Assessor(cfg.estate(), cfg.policies(), clock).assess(change);
        int code = switch (result.decision()) {
            case ALLOW -> 0;
            case NEEDS_APPROVAL -> 10;
            case DENY -> 20;
        };
        return AssessmentJson.tree(result, max, code);
    }

    // ------------------------------------------------------------------ propose_change

    private BlastwallTool propose() {
        Map<String, Object> in = object(props(
                "documents", Schemas.documents(), "format", format(),
                "title", string("A short title for reviewers (default: the one the documents carry)"),
                "sessionId", string("Your session id, recorded with the change for attribution (agents only)"),
                "promptHash", string("A hash of the prompt you were given, recorded for attribution (agents only)")),
                List.of("documents"));
        Map<String, Object> out = output(props(
                "id", typed("string"), "title", typed("string"), "state", typed("string"), "verdict", verdict(),
                "risk", typed("integer"), "revision", typed("integer"), "contentHash", typed("string"),
                "author", author(), "approvalsRequired", arrayOf(typed("string")), "explanation", arrayOf(typed("string")),
                "link", typed("string")));
        return new BlastwallTool("propose_change", "Propose a change for review",
                "Submits the change to Blastwall's control plane, authored by you (the identity of your token, and the "
                        + "human you act for). Answers with the change id, its verdict and a link for reviewers. A proposal "
                        + "that needs approval waits for people with the required roles; you cannot approve or apply it. "
                        + "Follow it with change_status.", in, out, false, this::proposeCall);
    }

    private Map<String, Object> proposeCall(Caller caller, ToolArguments a) {
        Submission s = new Submission(a.optionalString("title", ""), a.optionalString("format", "auto"), documents(a),
                a.optionalString("sessionId", ""), a.optionalString("promptHash", ""));
        ChangeView v = cp.submit(caller.principal(), s);
        return props("id", v.change().id(), "title", v.change().title(), "state", v.change().state().externalName(),
                "verdict", v.revision().verdict(), "risk", v.revision().risk(), "revision", v.revision().revision(),
                "contentHash", v.revision().contentHash(), "author", author(v.change().author()),
                "approvalsRequired", v.status().requirements().stream().map(p -> p.requirement().describe()).toList(),
                "explanation", strings(v.analysis().get("explanation")), "link", caller.changeLink(v.change().id()));
    }

    // ------------------------------------------------------------------ change_status

    private BlastwallTool status() {
        Map<String, Object> in = object(props("id", nonEmptyString("The change id, as propose_change returned it")), List.of("id"));
        Map<String, Object> out = output(props(
                "id", typed("string"), "title", typed("string"), "state", typed("string"), "verdict", verdict(),
                "risk", typed("integer"), "revision", typed("integer"), "contentHash", typed("string"), "author", author(),
                "approvals", typed("object"), "decisions", arrayOf(typed("object")), "createdAt", typed("string"),
                "updatedAt", typed("string"), "link", typed("string")));
        return new BlastwallTool("change_status", "Status of a change",
                "Where a proposed change stands: its state (proposed, awaiting-approval, approved, rejected, withdrawn …), "
                        + "its current revision's verdict, which approvals it needs and which it has, and every decision.",
                in, out, true, this::statusCall);
    }

    private Map<String, Object> statusCall(Caller caller, ToolArguments a) {
        ChangeView v = cp.change(a.requiredString("id"));
        List<Object> decisions = new ArrayList<>();
        for (StoredApproval d : v.decisions()) {
            decisions.add(props("approver", d.approverId(), "decision", d.decision().name().toLowerCase(Locale.ROOT),
                    "revision", d.revision(), "comment", d.comment(), "at", d.at().toString(), "valid", d.valid()));
        }
        return props("id", v.change().id(), "title", v.change().title(), "state", v.change().state().externalName(),
                "verdict", v.revision().verdict(), "risk", v.revision().risk(), "revision", v.revision().revision(),
                "contentHash", v.revision().contentHash(), "author", author(v.change().author()),
                "approvals", approvals(v.status()), "decisions", decisions,
                "createdAt", v.change().createdAt().toString(), "updatedAt", v.change().updatedAt().toString(),
                "link", caller.changeLink(v.change().id()));
    }

    // ------------------------------------------------------------------ explain_verdict

    private BlastwallTool explain() {
        Map<String, Object> in = object(props("id", nonEmptyString("The change id")), List.of("id"));
        Map<String, Object> out = output(props(
                "id", typed("string"), "verdict", verdict(), "state", typed("string"), "explanation", arrayOf(typed("string")),
                "risk", typed("object"), "findings", arrayOf(typed("object")), "requirements", typed("object"),
                "blast", typed("object"), "alternatives", arrayOf(typed("object")), "approvals", typed("object"),
                "estateVersion", typed("string"), "policyVersion", typed("string")));
        return new BlastwallTool("explain_verdict", "Explain a change's verdict",
                "Why a proposed change got its verdict: the explanation, each risk factor with its points, the policy "
                        + "findings with the policy that raised them, the approvals or rollout required, the blast radius "
                        + "summary with the most impacted components, and safer alternatives.", in, out, true, this::explainCall);
    }

    private Map<String, Object> explainCall(Caller caller, ToolArguments a) {
        ChangeView v = cp.change(a.requiredString("id"));
        Map<String, Object> t = v.analysis();
        Map<String, Object> blast = t.get("blast") instanceof Map<?, ?> b ? cast(b) : Map.of();
        List<Object> top = blast.get("impacted") instanceof List<?> l ? new ArrayList<>(l.subList(0, Math.min(10, l.size()))) : List.of();
        return props("id", v.change().id(), "verdict", v.revision().verdict(), "state", v.change().state().externalName(),
                "explanation", strings(t.get("explanation")), "risk", orEmpty(t.get("risk")),
                "findings", t.get("findings") instanceof List<?> f ? f : List.of(), "requirements", orEmpty(t.get("requirements")),
                "blast", props("summary", orEmpty(blast.get("summary")), "topImpacted", top),
                "alternatives", t.get("alternatives") instanceof List<?> alt ? alt : List.of(),
                "approvals", approvals(v.status()),
                "estateVersion", v.revision().estateVersion(), "policyVersion", v.revision().policyVersion());
    }

    // ------------------------------------------------------------------ shapes

    private static List<SubmittedDocument> documents(ToolArguments a) {
        return a.documents("documents").stream().map(d -> new SubmittedDocument(d.name(), d.content())).toList();
    }

    private static Provenance author(Principal p) {
        return p.isAgent() ? Provenance.agent(p.id(), p.model(), p.onBehalfOf(), "", "") : Provenance.human(p.id());
    }

    private static Map<String, Object> author(Provenance p) {
        return props("kind", p.kind().externalName(), "id", p.id(), "model", p.model(), "onBehalfOf", p.onBehalfOf(),
                "sessionId", p.sessionId(), "promptHash", p.promptHash());
    }

    private static Map<String, Object> approvals(ApprovalStatus s) {
        List<Object> reqs = new ArrayList<>();
        for (ApprovalStatus.Progress p : s.requirements()) {
            reqs.add(props("description", p.requirement().describe(), "count", p.requirement().count(),
                    "roles", p.requirement().roles(), "approvedBy", p.countedApprovers(), "met", p.met()));
        }
        return props("satisfied", s.satisfied(), "requirements", reqs);
    }

    private static Map<String, Object> author() {
        return Map.of("type", "object", "properties", props("kind", Schemas.enumOf("human or agent", List.of("human", "agent")),
                "id", typed("string"), "model", typed("string"), "onBehalfOf", typed("string")), "required", List.of("kind", "id"));
    }

    private static Map<String, Object> verdict() {
        return Schemas.enumOf("allow, needs-approval or deny", List.of("allow", "needs-approval", "deny"));
    }

    private static List<String> strings(Object o) {
        List<String> out = new ArrayList<>();
        if (o instanceof List<?> l) for (Object x : l) out.add(String.valueOf(x));
        return out;
    }

    private static Object orEmpty(Object o) {
        return o instanceof Map<?, ?> ? o : Map.of();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Map<?, ?> m) {
        return (Map<String, Object>) m;
    }
}
