package io.blastwall.core.approval;

import java.time.Instant;
import java.util.Objects;

/**
 * An approval as recorded: who gave it, and exactly what they were looking at — the revision's content hash and
 * the estate and policy versions the verdict was computed under.
 */
public record Vote(Approver approver, String contentHash, String estateVersion, String policyVersion, Instant at) {
    public Vote {
        Objects.requireNonNull(approver, "approver");
        Objects.requireNonNull(contentHash, "contentHash");
        estateVersion = estateVersion == null ? "" : estateVersion;
        policyVersion = policyVersion == null ? "" : policyVersion;
        Objects.requireNonNull(at, "at");
    }
}
