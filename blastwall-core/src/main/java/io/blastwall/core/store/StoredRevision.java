package io.blastwall.core.store;

import java.time.Instant;

/**
 * One revision of a change: the exact documents submitted and the assessment reviewers are shown for them.
 * Approvals are bound to a revision through its content hash and the estate and policy versions.
 *
 * @param changeId      the change it belongs to
 * @param revision      1 for the submission, +1 per amendment
 * @param contentHash   hash of the submitted content (as the core computes it)
 * @param sourceFormat  the format read ({@code terraform-plan}, {@code kubernetes}, {@code blastwall-change} …)
 * @param content       the submitted documents as submitted: JSON text of {@code {"files":[{"name":…,"text":…}]}}
 * @param analysisJson  the assessment JSON reviewers are shown (blast radius, findings, verdict, requirements)
 * @param verdict       the verdict's name ({@code allow}, {@code require-approval}, {@code deny} …)
 * @param risk          the risk score
 * @param estateVersion the estate version the analysis ran against
 * @param policyVersion the policy set version the analysis ran against
 * @param createdAt     when this revision was stored
 *
 * <p>Immutable; never updated once stored.
 */
public record StoredRevision(String changeId, int revision, String contentHash, String sourceFormat, String content,
                             String analysisJson, String verdict, int risk, String estateVersion, String policyVersion,
                             Instant createdAt) {
    public StoredRevision {
        Millis.text(changeId, "changeId");
        if (revision < 1) throw new IllegalArgumentException("revisions are numbered from 1");
        Millis.text(contentHash, "contentHash");
        sourceFormat = sourceFormat == null ? "" : sourceFormat;
        Millis.text(content, "content");
        analysisJson = analysisJson == null ? "{}" : analysisJson;
        verdict = verdict == null ? "" : verdict;
        estateVersion = estateVersion == null ? "" : estateVersion;
        policyVersion = policyVersion == null ? "" : policyVersion;
        createdAt = Millis.required(createdAt, "createdAt");
    }
}
