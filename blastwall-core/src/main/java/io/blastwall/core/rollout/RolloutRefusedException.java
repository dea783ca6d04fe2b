package io.blastwall.core.rollout;

import java.util.Objects;

/**
 * A rollout request was refused for a reason the caller can act on, before anything was applied or written: the
 * change is not approved, its approvals were invalidated by a re-check, the policy refuses "everywhere at once", the
 * emergency stop is on, the rollout is in a state that does not allow the operation. The API maps it to 409.
 */
public final class RolloutRefusedException extends RuntimeException {

    private final String rule;

    public RolloutRefusedException(String rule, String message) {
        super(message);
        this.rule = Objects.requireNonNull(rule, "rule");
    }

    /** A short stable name of the rule ({@code not-approved}, {@code approvals-invalidated}, {@code emergency-stop} …). */
    public String rule() {
        return rule;
    }
}
