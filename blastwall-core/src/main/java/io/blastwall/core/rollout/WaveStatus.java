package io.blastwall.core.rollout;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Where one wave is. The idempotency keys are written before the executor is called, so after a crash the engine
 * repeats exactly the step it had started (the executor replays it) and never starts a finished one again.
 *
 * @param number      the wave number, 1 for the first
 * @param phase       what is happening to it
 * @param attempt     1, +1 each time an operator retries a failed apply or rollback (a new idempotency key)
 * @param applyKey    the idempotency key of the apply step, empty until the apply starts; non-empty means the wave
 *                    may have touched the estate, so a rollback covers it
 * @param appliedAt   when the apply succeeded (start of the canary window), null before
 * @param bakeUntil   when the wave may be judged, null before the apply succeeded
 * @param verdict     the canary analysis, null before it was judged
 * @param rollbackKey the idempotency key of the rollback step, empty until a rollback of this wave starts
 * @param detail      one line on the last thing that happened (executor detail, reason for failing)
 *
 * <p>Immutable; times to the millisecond.
 */
public record WaveStatus(int number, Phase phase, int attempt, String applyKey, Instant appliedAt, Instant bakeUntil,
                         WaveVerdict verdict, String rollbackKey, String detail) {

    /** A wave's progress. */
    public enum Phase {
        PENDING, APPLYING, BAKING, PASSED, FAILED, ROLLING_BACK, ROLLED_BACK;

        public String externalName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        public static Optional<Phase> parse(String s) {
            if (s == null) return Optional.empty();
            try {
                return Optional.of(valueOf(s.trim().toUpperCase(Locale.ROOT).replace('-', '_')));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }
    }

    public WaveStatus {
        if (number < 1) throw new IllegalArgumentException("waves are numbered from 1");
        Objects.requireNonNull(phase, "phase");
        if (attempt < 1) throw new IllegalArgumentException("attempts are numbered from 1");
        applyKey = applyKey == null ? "" : applyKey;
        rollbackKey = rollbackKey == null ? "" : rollbackKey;
        appliedAt = millis(appliedAt);
        bakeUntil = millis(bakeUntil);
        detail = detail == null ? "" : detail;
    }

    public static WaveStatus pending(int number) {
        return new WaveStatus(number, Phase.PENDING, 1, "", null, null, null, "", "");
    }

    /** Whether the apply step was started: the wave may have changed the estate. */
    public boolean touched() {
        return !applyKey.isEmpty();
    }

    public WaveStatus with(Phase p, String d) {
        return new WaveStatus(number, p, attempt, applyKey, appliedAt, bakeUntil, verdict, rollbackKey, d);
    }

    public WaveStatus applying(String key) {
        return new WaveStatus(number, Phase.APPLYING, attempt, key, appliedAt, bakeUntil, verdict, rollbackKey, "");
    }

    public WaveStatus baking(Instant applied, Instant until, String d) {
        return new WaveStatus(number, Phase.BAKING, attempt, applyKey, applied, until, null, rollbackKey, d);
    }

    public WaveStatus rebake(Instant until) {
        return new WaveStatus(number, phase, attempt, applyKey, appliedAt, until, verdict, rollbackKey, detail);
    }

    public WaveStatus judged(Phase p, WaveVerdict v, String d) {
        return new WaveStatus(number, p, attempt, applyKey, appliedAt, bakeUntil, v, rollbackKey, d);
    }

    public WaveStatus rollingBack(String key) {
        return new WaveStatus(number, Phase.ROLLING_BACK, attempt, applyKey, appliedAt, bakeUntil, verdict, key, "");
    }

    /** A retry after a failed step: the next attempt, so the next step gets a new idempotency key. */
    public WaveStatus retry(Phase p) {
        // the apply key stays: a failed attempt may have touched the estate, and a rollback must still cover it
        return new WaveStatus(number, p, attempt + 1, applyKey, appliedAt, bakeUntil, verdict, "", detail);
    }

    private static Instant millis(Instant t) {
        return t == null ? null : Instant.ofEpochMilli(t.toEpochMilli());
    }
}
