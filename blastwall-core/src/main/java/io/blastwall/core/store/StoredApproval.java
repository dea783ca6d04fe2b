package io.blastwall.core.store;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A reviewer's decision on one revision, bound to what they saw: the revision's content hash and the estate and
 * policy versions in force. At most one valid decision exists per change, revision and approver; an invalidated one
 * (after a re-check found the change or its verdict different) stays on record with the reason, and the approver
 * may decide again.
 *
 * @param id                unique id chosen by the caller
 * @param approverRoles     the roles the approver held when deciding (roles can change later)
 * @param comment           free text, empty when none
 * @param at                when the decision was made
 * @param valid             false once invalidated
 * @param invalidatedReason why it was invalidated; null while valid
 *
 * <p>Immutable; times are kept to the millisecond.
 */
public record StoredApproval(String id, String changeId, int revision, String contentHash, String estateVersion,
                             String policyVersion, String approverId, List<String> approverRoles, Decision decision,
                             String comment, Instant at, boolean valid, String invalidatedReason) {

    /** What the reviewer decided. */
    public enum Decision { APPROVE, REJECT }

    public StoredApproval {
        Millis.text(id, "id");
        Millis.text(changeId, "changeId");
        if (revision < 1) throw new IllegalArgumentException("revisions are numbered from 1");
        Millis.text(contentHash, "contentHash");
        estateVersion = estateVersion == null ? "" : estateVersion;
        policyVersion = policyVersion == null ? "" : policyVersion;
        Millis.text(approverId, "approverId");
        approverRoles = approverRoles == null ? List.of() : List.copyOf(approverRoles);
        Objects.requireNonNull(decision, "decision");
        comment = comment == null ? "" : comment;
        at = Millis.required(at, "at");
        if (valid && invalidatedReason != null) throw new IllegalArgumentException("a valid approval has no invalidation reason");
    }

    /** A new, valid decision. */
    public static StoredApproval of(String id, String changeId, int revision, String contentHash, String estateVersion,
                                    String policyVersion, String approverId, List<String> approverRoles,
                                    Decision decision, String comment, Instant at) {
        return new StoredApproval(id, changeId, revision, contentHash, estateVersion, policyVersion, approverId,
                approverRoles, decision, comment, at, true, null);
    }
}
