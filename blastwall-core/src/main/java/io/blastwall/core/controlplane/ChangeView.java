package io.blastwall.core.controlplane;

import io.blastwall.core.approval.ApprovalStatus;
import io.blastwall.core.store.StoredApproval;
import io.blastwall.core.store.StoredChange;
import io.blastwall.core.store.StoredRevision;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A change as a reviewer sees it: the change, its current revision with the analysis reviewers are shown, every
 * decision taken on it (valid or invalidated, all revisions), and how far the current revision's approvals meet
 * the verdict's requirements.
 *
 * @param change    the stored change
 * @param revision  its current revision
 * @param analysis  the current revision's analysis as a tree (the stored JSON, read back)
 * @param decisions every approval and rejection on every revision, by revision then time
 * @param status    the current revision's approvals against its requirements
 *
 * <p>Immutable.
 */
public record ChangeView(StoredChange change, StoredRevision revision, Map<String, Object> analysis,
                         List<StoredApproval> decisions, ApprovalStatus status) {
    public ChangeView {
        Objects.requireNonNull(change, "change");
        Objects.requireNonNull(revision, "revision");
        analysis = analysis == null ? Map.of() : analysis;
        decisions = List.copyOf(decisions);
        Objects.requireNonNull(status, "status");
    }
}
