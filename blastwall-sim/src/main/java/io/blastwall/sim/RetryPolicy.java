package io.blastwall.sim;

import java.time.Duration;
import java.util.Objects;

/**
 * How every client in the estate retries a failed call (an error or a timeout).
 *
 * <p>Without backoff ({@code backoffBase} zero) retries go out at once and without limit but {@code maxRetries}: when
 * a dependency fails most calls, each call becomes {@code 1 + maxRetries} attempts — the retry storm that keeps a
 * struggling dependency down. With backoff, the i-th retry waits {@code backoffBase · 2^(i-1)} with full jitter, and a
 * retry budget caps retries at {@code budget} times the first attempts (the token-bucket budget of gRPC, Finagle and
 * the AWS SDKs), so a failing dependency sees at most {@code 1 + budget} times its normal load.
 *
 * <p>Immutable.
 *
 * @param maxRetries  retries after the first attempt, 0..10
 * @param backoffBase wait before the first retry, zero for immediate retries
 * @param budget      retries allowed per first attempt (0.1 = 10 %), {@code Double.POSITIVE_INFINITY} for no budget
 */
public record RetryPolicy(int maxRetries, Duration backoffBase, double budget) {

    public RetryPolicy {
        if (maxRetries < 0 || maxRetries > 10) throw new IllegalArgumentException("maxRetries must be 0..10, was " + maxRetries);
        Objects.requireNonNull(backoffBase, "backoffBase");
        if (backoffBase.isNegative()) throw new IllegalArgumentException("backoffBase must not be negative");
        if (!(budget >= 0)) throw new IllegalArgumentException("budget must be >= 0, was " + budget);
    }

    /** Clients never retry. */
    public static RetryPolicy none() {
        return new RetryPolicy(0, Duration.ZERO, Double.POSITIVE_INFINITY);
    }

    /** Up to {@code retries} immediate retries, no budget: the configuration behind retry storms. */
    public static RetryPolicy immediate(int retries) {
        return new RetryPolicy(retries, Duration.ZERO, Double.POSITIVE_INFINITY);
    }

    /** Up to {@code retries} retries with exponential backoff from 100 ms, full jitter, and a 10 % retry budget. */
    public static RetryPolicy exponentialBackoff(int retries) {
        return new RetryPolicy(retries, Duration.ofMillis(100), 0.1);
    }

    public boolean hasBackoff() {
        return !backoffBase.isZero();
    }
}
