package io.blastwall.core.rollout;

import java.time.Instant;
import java.util.Objects;

/**
 * The emergency stop is on: no rollout applies another wave until an admin clears it. Rollbacks still run (they are
 * the way back to the state before the changes).
 *
 * @param by     who pulled it
 * @param reason why
 * @param at     when
 *
 * <p>Immutable.
 */
public record EmergencyStop(String by, String reason, Instant at) {
    public EmergencyStop {
        Objects.requireNonNull(by, "by");
        reason = reason == null ? "" : reason;
        at = Instant.ofEpochMilli(at.toEpochMilli());
    }
}
