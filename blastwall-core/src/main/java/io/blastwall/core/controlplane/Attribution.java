package io.blastwall.core.controlplane;

import io.blastwall.core.approval.ApprovalStatus;
import io.blastwall.core.change.Provenance;
import io.blastwall.core.ledger.LedgerEntry;
import io.blastwall.core.store.StoredApproval;
import io.blastwall.core.store.StoredChange;
import io.blastwall.core.store.StoredRevision;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.blastwall.core.controlplane.Analysis.object;
import static io.blastwall.core.controlplane.Analysis.ordered;

/**
 * The answer to "was it the agent's recommendation or the human review?" for one change: who proposed it (and with
 * which model, for whom, in which session), what each revision contained (content hash, documents) and what the
 * analysis said at that time, who decided on which revision with which content hash and what analysis they were
 * shown, and every recorded step with its time and actor, from the ledger.
 *
 * <p>Renders to text ({@link #toText()}) and to a JSON-ready tree ({@link #toTree()}). Immutable.
 */
public record Attribution(StoredChange change, List<RevisionRecord> revisions, List<DecisionRecord> decisions,
                          List<Step> steps, ApprovalStatus status, Instant generatedAt) {

    public Attribution {
        revisions = List.copyOf(revisions);
        decisions = List.copyOf(decisions);
        steps = List.copyOf(steps);
    }

    /** One revision and the analysis it got. */
    public record RevisionRecord(int revision, String contentHash, String sourceFormat, List<String> documents,
                                 String verdict, int risk, String maxSeverity, long impactedCount,
                                 List<String> approvalsRequired, List<String> explanation, List<FindingRecord> findings,
                                 String estateVersion, String policyVersion, String analysisHash, Instant createdAt) {
        public RevisionRecord {
            documents = List.copyOf(documents);
            approvalsRequired = List.copyOf(approvalsRequired);
            explanation = List.copyOf(explanation);
            findings = List.copyOf(findings);
        }

        static RevisionRecord of(StoredRevision r, List<String> documents, Map<String, Object> tree, String analysisHash) {
            Map<String, Object> summary = Analysis.summary(tree, analysisHash);
            List<FindingRecord> findings = new ArrayList<>();
            if (tree.get("findings") instanceof List<?> l) {
                for (Object o : l) {
                    Map<String, Object> f = object(o);
                    findings.add(new FindingRecord(str(f.get("policy")), str(f.get("effect")), str(f.get("message")),
                            str(f.get("action"))));
                }
            }
            Object impacted = summary.get("impactedCount");
            return new RevisionRecord(r.revision(), r.contentHash(), r.sourceFormat(), documents, r.verdict(), r.risk(),
                    str(summary.get("maxSeverity")), impacted instanceof Number n ? n.longValue() : 0,
                    Analysis.strings(summary.get("approvalsRequired")), Analysis.strings(tree.get("explanation")),
                    findings, r.estateVersion(), r.policyVersion(), analysisHash, r.createdAt());
        }
    }

    /** A policy finding as reviewers saw it. */
    public record FindingRecord(String policy, String effect, String message, String action) {
    }

    /** A decision, bound to what the approver was shown. */
    public record DecisionRecord(String approver, List<String> roles, String decision, int revision, String contentHash,
                                 String estateVersion, String policyVersion, String shownAnalysisHash,
                                 String shownVerdict, String comment, Instant at, boolean valid,
                                 String invalidatedReason) {
        public DecisionRecord {
            roles = List.copyOf(roles);
        }

        static DecisionRecord of(StoredApproval a, String shownAnalysisHash, String shownVerdict) {
            return new DecisionRecord(a.approverId(), a.approverRoles(), a.decision().name().toLowerCase(java.util.Locale.ROOT),
                    a.revision(), a.contentHash(), a.estateVersion(), a.policyVersion(), shownAnalysisHash, shownVerdict,
                    a.comment(), a.at(), a.valid(), a.invalidatedReason());
        }
    }

    /** One ledger entry about the change. */
    public record Step(long sequence, Instant time, String actor, String action, String from, String to,
                       String trigger, long revision, String reason, String entryHash) {
        static Step of(LedgerEntry e) {
            Map<String, Object> p = e.payload();
            Object rev = p.get("revision");
            String reason = str(p.get("reason"));
            if (reason.isEmpty() && p.get("differences") instanceof List<?> d) reason = String.join("; ", Analysis.strings(d));
            if (reason.isEmpty() && !str(p.get("outcome")).isEmpty()) reason = str(p.get("outcome"));
            return new Step(e.sequence(), e.time(), e.actor(), e.action(), str(p.get("from")), str(p.get("to")),
                    str(p.get("trigger")), rev instanceof Number n ? n.longValue() : 0, reason, e.hash());
        }
    }

    /** The JSON form (schema {@code blastwall.io/attribution/v1}). */
    public Map<String, Object> toTree() {
        Provenance a = change.author();
        List<Object> revs = new ArrayList<>();
        for (RevisionRecord r : revisions) {
            List<Object> fs = new ArrayList<>();
            for (FindingRecord f : r.findings()) {
                fs.add(ordered("policy", f.policy(), "effect", f.effect(), "message", f.message(), "action", f.action()));
            }
            revs.add(ordered("revision", r.revision(), "contentHash", r.contentHash(), "sourceFormat", r.sourceFormat(),
                    "documents", r.documents(), "createdAt", r.createdAt().toString(), "verdict", r.verdict(),
                    "risk", r.risk(), "maxSeverity", r.maxSeverity(), "impactedCount", r.impactedCount(),
                    "approvalsRequired", r.approvalsRequired(), "explanation", r.explanation(), "findings", fs,
                    "estateVersion", r.estateVersion(), "policyVersion", r.policyVersion(),
                    "analysisHash", r.analysisHash()));
        }
        List<Object> ds = new ArrayList<>();
        for (DecisionRecord d : decisions) {
            ds.add(ordered("approver", d.approver(), "roles", d.roles(), "decision", d.decision(),
                    "revision", d.revision(), "contentHash", d.contentHash(), "estateVersion", d.estateVersion(),
                    "policyVersion", d.policyVersion(), "shown", ordered("analysisHash", d.shownAnalysisHash(),
                            "verdict", d.shownVerdict()), "comment", d.comment(), "at", d.at().toString(),
                    "valid", d.valid(), "invalidatedReason", d.invalidatedReason()));
        }
        List<Object> ss = new ArrayList<>();
        for (Step s : steps) {
            ss.add(ordered("sequence", s.sequence(), "time", s.time().toString(), "actor", s.actor(),
                    "action", s.action(), "from", s.from(), "to", s.to(), "trigger", s.trigger(),
                    "revision", s.revision(), "reason", s.reason(), "entryHash", s.entryHash()));
        }
        return ordered("schemaVersion", "blastwall.io/attribution/v1",
                "change", ordered("id", change.id(), "title", change.title(), "state", change.state().externalName(),
                        "currentRevision", change.currentRevision(), "createdAt", change.createdAt().toString(),
                        "updatedAt", change.updatedAt().toString()),
                "proposedBy", ordered("kind", a.kind().externalName(), "id", a.id(), "model", a.model(),
                        "onBehalfOf", a.onBehalfOf(), "sessionId", a.sessionId(), "promptHash", a.promptHash()),
                "revisions", revs, "decisions", ds,
                "approvalProgress", status.requirements().stream().map(ApprovalStatus.Progress::describe).toList(),
                "letThroughBy", letThroughBy(),
                "steps", ss, "generatedAt", generatedAt.toString());
    }

    /**
     * Who let the change through: for an approved change, the valid approvers of the current revision, or
     * {@code policy} when the policies required no approval; empty while it was not let through.
     */
    public List<String> letThroughBy() {
        Step approved = null;
        for (Step s : steps) if ("approved".equals(s.to())) approved = s;
        if (approved == null) return List.of();
        if (ControlPlane.SYSTEM.equals(approved.actor()) && approved.reason().contains("require no approval")) {
            return List.of("policy (no approval required)");
        }
        List<String> out = new ArrayList<>();
        for (DecisionRecord d : decisions) {
            if (d.valid() && d.revision() == approved.revision() && d.decision().equals("approve")) out.add(d.approver());
        }
        return out;
    }

    /** A plain-text report a person can read in a terminal or paste into an incident review. */
    public String toText() {
        Provenance a = change.author();
        StringBuilder sb = new StringBuilder();
        sb.append("Attribution for change ").append(change.id()).append(change.title().isEmpty() ? "" : " \"" + change.title() + "\"")
                .append('\n');
        sb.append("State: ").append(change.state().externalName()).append(" (revision ").append(change.currentRevision())
                .append(")\n\n");
        sb.append("Proposed by: ").append(a.isAgent() ? "agent " : "human ").append(a.id().isEmpty() ? "(unknown)" : a.id());
        if (a.isAgent()) {
            sb.append(", model ").append(a.model().isEmpty() ? "(not given)" : a.model())
                    .append(", acting for ").append(a.onBehalfOf());
            if (!a.sessionId().isEmpty()) sb.append(", session ").append(a.sessionId());
            if (!a.promptHash().isEmpty()) sb.append(", prompt hash ").append(a.promptHash());
        }
        sb.append('\n');
        List<String> through = letThroughBy();
        sb.append("Let through by: ").append(through.isEmpty() ? "nobody (not approved)" : String.join(", ", through)).append("\n\n");

        sb.append("Revisions:\n");
        for (RevisionRecord r : revisions) {
            sb.append("  revision ").append(r.revision()).append(" at ").append(r.createdAt()).append(": content ")
                    .append(r.contentHash()).append(" (").append(r.sourceFormat()).append(": ")
                    .append(String.join(", ", r.documents())).append(")\n");
            sb.append("    verdict ").append(r.verdict()).append(", risk ").append(r.risk()).append(", max severity ")
                    .append(r.maxSeverity()).append(", ").append(r.impactedCount()).append(" impacted\n");
            sb.append("    analysed under estate ").append(ControlPlane.shortHash(r.estateVersion())).append(", policies ")
                    .append(ControlPlane.shortHash(r.policyVersion())).append("; analysis ").append(r.analysisHash()).append('\n');
            if (!r.explanation().isEmpty()) sb.append("    ").append(r.explanation().getFirst()).append('\n');
            for (String req : r.approvalsRequired()) sb.append("    requires ").append(req).append('\n');
            for (FindingRecord f : r.findings()) {
                sb.append("    finding ").append(f.effect()).append(' ').append(f.policy())
                        .append(f.action().isEmpty() ? "" : " on " + f.action()).append(": ").append(f.message()).append('\n');
            }
        }
        sb.append("\nDecisions:\n");
        if (decisions.isEmpty()) sb.append("  none\n");
        for (DecisionRecord d : decisions) {
            sb.append("  ").append(d.at()).append(' ').append(d.approver()).append(" (")
                    .append(d.roles().isEmpty() ? "no roles" : String.join(", ", d.roles())).append(") ")
                    .append(d.decision().equals("approve") ? "approved" : "rejected").append(" revision ").append(d.revision())
                    .append(", content ").append(d.contentHash()).append('\n');
            sb.append("    shown: verdict ").append(d.shownVerdict()).append(", analysis ").append(d.shownAnalysisHash())
                    .append(" (estate ").append(ControlPlane.shortHash(d.estateVersion())).append(", policies ")
                    .append(ControlPlane.shortHash(d.policyVersion())).append(")\n");
            if (!d.comment().isEmpty()) sb.append("    comment: ").append(d.comment()).append('\n');
            if (!d.valid()) sb.append("    INVALIDATED: ").append(d.invalidatedReason()).append('\n');
        }
        sb.append("\nSteps (from the ledger):\n");
        for (Step s : steps) {
            sb.append("  #").append(s.sequence()).append(' ').append(s.time()).append(' ').append(s.actor()).append(' ')
                    .append(s.action());
            if (!s.from().isEmpty() || !s.to().isEmpty()) sb.append(' ').append(s.from()).append(" -> ").append(s.to());
            if (s.revision() > 0) sb.append(" (revision ").append(s.revision()).append(')');
            if (!s.reason().isEmpty()) sb.append(": ").append(s.reason());
            sb.append('\n');
        }
        sb.append("\nGenerated at ").append(generatedAt).append('\n');
        return sb.toString();
    }

    private static String str(Object o) {
        return o == null ? "" : String.valueOf(o);
    }
}
