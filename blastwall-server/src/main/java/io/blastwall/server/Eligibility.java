package io.blastwall.server;

import io.blastwall.core.approval.ApprovalRules;
import io.blastwall.core.approval.ApprovalStatus;
import io.blastwall.core.approval.Approver;
import io.blastwall.core.controlplane.ChangeView;
import io.blastwall.core.lifecycle.ChangeState;
import io.blastwall.core.store.Principal;
import io.blastwall.core.store.StoredApproval;
import io.blastwall.core.verdict.ApprovalRequirement;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Whether a principal may decide on a change now, and if not the rule that forbids it, computed with the same rules
 * the control plane enforces ({@link ApprovalRules#refusal}, the requirement roles, the state, one decision per
 * person). Advisory only: it lets a client explain a disabled button; the approval endpoint remains the authority and
 * re-checks everything in its transaction. Stateless and thread-safe.
 */
final class Eligibility {

    /** The answer; {@code rule} and {@code reason} are empty when {@code canApprove} holds. */
    record Answer(boolean canApprove, boolean canReject, String rule, String reason, List<String> countsTowards) {
    }

    private Eligibility() {
    }

    static Answer of(Principal who, ChangeView v) {
        Approver approver = new Approver(who.id(), who.isAgent(), who.roles());
        Optional<String> refusal = ApprovalRules.refusal(approver, v.change().author());
        if (refusal.isPresent()) {
            String rule = who.isAgent() ? "agents-never-approve" : who.id().equals(v.change().author().id())
                    ? "author-cannot-approve" : "agent-human-cannot-approve";
            return new Answer(false, false, rule, refusal.get(), List.of());
        }
        for (StoredApproval a : v.decisions()) {
            if (a.valid() && a.approverId().equals(who.id()) && a.revision() == v.revision().revision()) {
                return new Answer(false, false, "once-per-person", who.id() + " already "
                        + (a.decision() == StoredApproval.Decision.APPROVE ? "approved" : "rejected")
                        + " revision " + a.revision() + "; each person decides once", List.of());
            }
        }
        if (v.change().state() != ChangeState.AWAITING_APPROVAL) {
            String reason = "change " + v.change().id() + " is " + v.change().state().externalName()
                    + "; only a change awaiting approval takes decisions";
            return new Answer(false, false, "not-awaiting-approval", reason, List.of());
        }
        List<String> counts = new ArrayList<>();
        List<String> needed = new ArrayList<>();
        for (ApprovalStatus.Progress p : v.status().requirements()) {
            ApprovalRequirement r = p.requirement();
            needed.add(r.describe());
            boolean excluded = r.independentOfAuthor() && r.excluded().contains(who.id());
            boolean hasRole = r.roles().isEmpty() || who.roles().stream().anyMatch(r.roles()::contains);
            if (!excluded && hasRole) counts.add(r.describe());
        }
        if (!needed.isEmpty() && counts.isEmpty()) {
            return new Answer(false, true, "approver-lacks-role", who.id() + " (roles: "
                    + (who.roles().isEmpty() ? "none" : String.join(", ", who.roles()))
                    + ") cannot count towards any approval this change needs: " + String.join("; ", needed), List.of());
        }
        return new Answer(true, true, "", "", List.copyOf(counts));
    }

    static Map<String, Object> view(Answer a, ChangeView v) {
        return Views.ordered("changeId", v.change().id(), "revision", v.revision().revision(),
                "contentHash", v.revision().contentHash(), "canApprove", a.canApprove(), "canReject", a.canReject(),
                "rule", a.rule(), "reason", a.reason(), "countsTowards", a.countsTowards());
    }
}
