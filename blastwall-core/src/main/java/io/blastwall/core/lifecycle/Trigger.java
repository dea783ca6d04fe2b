package io.blastwall.core.lifecycle;

import java.util.Locale;

/** Why a change moves from one state to another; part of every recorded transition. */
public enum Trigger {
    /** The analysis (blast radius, policies, verdict) finished. */
    ANALYSE,
    /** The verdict needs approvals. */
    REQUIRE_APPROVAL,
    /** The verdict allows it as it is, or the approvals it needs are complete. */
    APPROVE,
    /** A reviewer rejected it, or the policies deny it. */
    REJECT,
    /** The author took it back. */
    WITHDRAW,
    /** A new revision replaced the content: analysis and approvals start again. */
    AMEND,
    /** A re-check before execution found the change, the estate or the policies different: approvals are void. */
    INVALIDATE,
    /** Put in the rollout queue. */
    SCHEDULE,
    /** The first wave started. */
    START_ROLLOUT,
    /** Every wave finished healthy. */
    COMPLETE,
    /** A gate failed or an operator stopped it. */
    HALT,
    /** Reversing the applied waves begins (a failed wave, or an operator's fast rollback). */
    ROLL_BACK,
    /** Every applied wave was reversed. */
    FINISH_ROLL_BACK,
    /** A halted rollout continues. */
    RESUME,
    /** An operator ends the rollout without reversing what was applied. */
    ABORT;

    public String externalName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
