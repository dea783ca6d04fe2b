package io.blastwall.core.lifecycle;

import java.util.Locale;
import java.util.Optional;

/** Where a change is in its life. The rollout states are driven by the rollout engine. */
public enum ChangeState {
    PROPOSED, ANALYSED, AWAITING_APPROVAL, APPROVED, REJECTED, WITHDRAWN, SCHEDULED, ROLLING_OUT, COMPLETED,
    ROLLED_BACK, HALTED,
    /** The rollout engine is reversing the waves applied so far (automatically or by an operator's fast rollback). */
    ROLLING_BACK,
    /** An operator stopped the rollout for good and left the waves applied so far as they are. */
    ABORTED;

    /** {@code awaiting-approval}, as used in the API, the database and the ledger. */
    public String externalName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Optional<ChangeState> parse(String s) {
        if (s == null) return Optional.empty();
        try {
            return Optional.of(valueOf(s.trim().toUpperCase(Locale.ROOT).replace('-', '_')));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** No transition leaves a terminal state. */
    public boolean terminal() {
        return this == REJECTED || this == WITHDRAWN || this == COMPLETED || this == ROLLED_BACK || this == ABORTED;
    }
}
