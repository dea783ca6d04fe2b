package io.blastwall.core.approval;

import io.blastwall.core.change.Provenance;
import io.blastwall.core.verdict.ApprovalRequirement;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The approval rules, enforced whatever the client: agents never approve; neither the author nor the human an
 * agent acts for may approve that change (they are one author); each person counts once; a requirement's roles and
 * count come from the verdict; an approval counts only for the exact content hash, estate version and policy version
 * it was given under. One person may count towards several requirements (a senior's approval is also an approval).
 *
 * <p>Stateless and thread-safe.
 */
public final class ApprovalRules {

    private ApprovalRules() {
    }

    /** Why {@code approver} may not approve a change by {@code author} at all, or empty when they may. */
    public static Optional<String> refusal(Approver approver, Provenance author) {
        if (approver.agent()) {
            return Optional.of("agents never approve changes; " + approver.id() + " is an agent");
        }
        if (!author.id().isEmpty() && approver.id().equals(author.id())) {
            return Optional.of(approver.id() + " proposed this change and cannot approve it (two-person rule)");
        }
        if (author.isAgent() && approver.id().equals(author.onBehalfOf())) {
            return Optional.of(approver.id() + " launched the agent " + author.id()
                    + " that proposed this change; the agent and the human it acts for count as one author");
        }
        return Optional.empty();
    }

    /**
     * Evaluates recorded approvals against the current revision and requirements.
     *
     * @param requirements  the verdict's approval requirements
     * @param author        who proposed the change
     * @param votes         approvals recorded for the change (any revision)
     * @param contentHash   the current revision's content hash
     * @param estateVersion the estate version the current verdict was computed under
     * @param policyVersion the policy version the current verdict was computed under
     */
    public static ApprovalStatus evaluate(List<ApprovalRequirement> requirements, Provenance author, List<Vote> votes,
                                          String contentHash, String estateVersion, String policyVersion) {
        Map<String, Approver> valid = new LinkedHashMap<>();
        List<ApprovalStatus.Ignored> ignored = new ArrayList<>();
        LinkedHashSet<String> seen = new LinkedHashSet<>();
        for (Vote v : votes) {
            String who = v.approver().id();
            Optional<String> refusal = refusal(v.approver(), author);
            if (refusal.isPresent()) {
                ignored.add(new ApprovalStatus.Ignored(who, refusal.get()));
            } else if (!v.contentHash().equals(contentHash)) {
                ignored.add(new ApprovalStatus.Ignored(who, "given for another revision (content " + shortHash(v.contentHash())
                        + ", now " + shortHash(contentHash) + "); approve the current revision"));
            } else if (!v.estateVersion().equals(estateVersion) || !v.policyVersion().equals(policyVersion)) {
                ignored.add(new ApprovalStatus.Ignored(who, "given under another estate or policy version; the change was"
                        + " re-checked and must be approved again"));
            } else if (!seen.add(who)) {
                ignored.add(new ApprovalStatus.Ignored(who, "already counted: each person approves once"));
            } else {
                valid.put(who, v.approver());
            }
        }
        List<ApprovalStatus.Progress> progress = new ArrayList<>();
        boolean all = true;
        for (ApprovalRequirement r : requirements) {
            List<String> counted = new ArrayList<>();
            for (Approver a : valid.values()) {
                if (r.independentOfAuthor() && r.excluded().contains(a.id())) continue;
                if (!r.roles().isEmpty() && a.roles().stream().noneMatch(r.roles()::contains)) continue;
                counted.add(a.id());
            }
            ApprovalStatus.Progress p = new ApprovalStatus.Progress(r, counted);
            all &= p.met();
            progress.add(p);
        }
        return new ApprovalStatus(all, progress, ignored);
    }

    private static String shortHash(String h) {
        return h.length() > 12 ? h.substring(0, 12) : h;
    }
}
