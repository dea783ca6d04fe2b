package io.blastwall.core.verdict;

import java.util.List;
import java.util.Optional;

/** What must still happen before a change may proceed: approvals, and a progressive rollout. Immutable. */
public record Requirements(List<ApprovalRequirement> approvals, Optional<RolloutRequirement> rollout) {
    public static final Requirements NONE = new Requirements(List.of(), Optional.empty());

    public Requirements {
        approvals = List.copyOf(approvals);
    }

    public boolean isEmpty() {
        return approvals.isEmpty() && rollout.isEmpty();
    }
}
