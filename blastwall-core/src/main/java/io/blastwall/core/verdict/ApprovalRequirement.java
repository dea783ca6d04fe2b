package io.blastwall.core.verdict;

import java.util.List;

/**
 * Approvals a change needs before it may proceed.
 *
 * @param count               how many distinct humans must approve
 * @param roles               roles an approver must hold (any of them); empty means any human
 * @param independentOfAuthor approvers must be neither the author nor the human an agent author acts for
 * @param excluded            principals who cannot count towards this requirement (the author, the agent's human)
 * @param policies            ids of the policies that require it
 */
public record ApprovalRequirement(int count, List<String> roles, boolean independentOfAuthor, List<String> excluded,
                                  List<String> policies) {
    public ApprovalRequirement {
        if (count < 1) throw new IllegalArgumentException("an approval requirement needs a count of at least 1");
        roles = List.copyOf(roles);
        excluded = List.copyOf(excluded);
        policies = List.copyOf(policies);
    }

    /** One line a reviewer can act on: "2 approvals from senior, independent of the author (not alice, agent:bot)". */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        sb.append(count).append(count == 1 ? " approval" : " approvals");
        if (!roles.isEmpty()) sb.append(" from ").append(String.join(" or ", roles));
        if (independentOfAuthor) {
            sb.append(", independent of the author");
            if (!excluded.isEmpty()) sb.append(" (not ").append(String.join(", ", excluded)).append(')');
        }
        return sb.toString();
    }
}
