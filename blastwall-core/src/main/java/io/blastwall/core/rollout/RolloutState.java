package io.blastwall.core.rollout;

import io.blastwall.core.lifecycle.ChangeState;

import java.util.Locale;
import java.util.Optional;

/**
 * Where a rollout is. Each maps onto one state of the change lifecycle, which the engine moves in the same
 * transaction: running → rolling-out, paused and halted → halted, rolling-back → rolling-back, and the terminal states
 * to the change's terminal states of the same name.
 */
public enum RolloutState {
    /** Waves are being applied, baked and judged by the engine. */
    RUNNING,
    /** An operator paused it; nothing happens until resumed. */
    PAUSED,
    /** A gate failed (marginal or missing data, metrics unavailable, executor failure without automatic rollback,
     *  a failed rollback step) or the emergency stop is on: waits for an operator. */
    HALTED,
    /** The applied waves are being reversed, newest first. */
    ROLLING_BACK,
    COMPLETED,
    ROLLED_BACK,
    ABORTED;

    public boolean terminal() {
        return this == COMPLETED || this == ROLLED_BACK || this == ABORTED;
    }

    /** The state the change is in while its rollout is in this one. */
    public ChangeState changeState() {
        return switch (this) {
            case RUNNING -> ChangeState.ROLLING_OUT;
            case PAUSED, HALTED -> ChangeState.HALTED;
            case ROLLING_BACK -> ChangeState.ROLLING_BACK;
            case COMPLETED -> ChangeState.COMPLETED;
            case ROLLED_BACK -> ChangeState.ROLLED_BACK;
            case ABORTED -> ChangeState.ABORTED;
        };
    }

    public String externalName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Optional<RolloutState> parse(String s) {
        if (s == null) return Optional.empty();
        try {
            return Optional.of(valueOf(s.trim().toUpperCase(Locale.ROOT).replace('-', '_')));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
