package io.blastwall.core.approval;

import io.blastwall.core.verdict.ApprovalRequirement;

import java.util.List;

/**
 * Whether a change's approvals meet its verdict's requirements, requirement by requirement, and which approvals
 * did not count and why (an old revision, another estate or policy version, the author's own, an agent's).
 */
public record ApprovalStatus(boolean satisfied, List<Progress> requirements, List<Ignored> ignored) {

    /** One requirement: how many qualifying approvers it has, and who they are. */
    public record Progress(ApprovalRequirement requirement, List<String> countedApprovers) {
        public Progress {
            countedApprovers = List.copyOf(countedApprovers);
        }

        public boolean met() {
            return countedApprovers.size() >= requirement.count();
        }

        /** "1 of 2 approvals from senior (alice)". */
        public String describe() {
            return countedApprovers.size() + " of " + requirement.describe()
                    + (countedApprovers.isEmpty() ? "" : " (" + String.join(", ", countedApprovers) + ")");
        }
    }

    /** An approval that does not count, and why. */
    public record Ignored(String approver, String reason) {
    }

    public ApprovalStatus {
        requirements = List.copyOf(requirements);
        ignored = List.copyOf(ignored);
    }
}
