package io.blastwall.core.store;

/**
 * The approver already has a valid decision (approve or reject) on this revision of this change: the request is a
 * replay or a second vote. Nothing was written. Each approval counts once per person and revision.
 */
public final class DuplicateApprovalException extends StoreException {

    private final String changeId;
    private final int revision;
    private final String approverId;

    public DuplicateApprovalException(String changeId, int revision, String approverId) {
        super(approverId + " has already decided on revision " + revision + " of change " + changeId
                + "; a decision counts once per person and revision. Nothing was written");
        this.changeId = changeId;
        this.revision = revision;
        this.approverId = approverId;
    }

    public String changeId() { return changeId; }

    public int revision() { return revision; }

    public String approverId() { return approverId; }
}
