package io.blastwall.server.notify;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * How often and how patiently a delivery is retried: at most {@code maxAttempts} attempts; before attempt
 * {@code n + 1} the delivery waits a random time between half and all of {@code min(max, initial × 2^(n-1))}
 * ("equal jitter": many servers that lost the same receiver do not retry in step, yet each waits at least half the
 * backoff).
 *
 * <p>Immutable.
 */
public record RetryPolicy(int maxAttempts, Duration initial, Duration max) {

    public static final RetryPolicy DEFAULT = new RetryPolicy(5, Duration.ofSeconds(1), Duration.ofMinutes(1));

    public RetryPolicy {
        if (maxAttempts < 1) throw new IllegalArgumentException("at least one attempt");
        Objects.requireNonNull(initial, "initial");
        Objects.requireNonNull(max, "max");
        if (initial.isNegative() || max.compareTo(initial) < 0) throw new IllegalArgumentException("0 <= initial <= max");
    }

    /** The wait after {@code failedAttempts} (≥ 1) failed attempts. */
    public Duration delay(int failedAttempts, RandomGenerator random) {
        long base = initial.toMillis();
        for (int i = 1; i < failedAttempts && base < max.toMillis(); i++) base *= 2;
        base = Math.min(base, max.toMillis());
        long half = base / 2;
        return Duration.ofMillis(half + (base - half == 0 ? 0 : random.nextLong(base - half + 1)));
    }
}
