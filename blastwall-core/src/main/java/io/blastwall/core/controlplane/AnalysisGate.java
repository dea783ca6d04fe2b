package io.blastwall.core.controlplane;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Bounds how many analyses run at once. An analysis is CPU work that holds its parsed documents (hundreds of
 * kilobytes to megabytes for a plan) until its transaction commits; requests run on virtual threads, so without a bound
 * a burst (or a cold JIT at start-up) starts every queued analysis at once: each runs slower, holds its memory
 * longer, and the collector copies all of it in every pause, which slows everything further. With the gate, requests
 * beyond the bound wait first, holding only their request body, in arrival order.
 *
 * <p>A request that waits longer than {@code maxWait} is refused with {@link OverloadedException} (nothing was
 * written; an API answers 503 with Retry-After), rather than queueing without limit.
 *
 * <p>Thread-safe.
 */
public final class AnalysisGate {

    /** The bound used when none is configured: one analysis per processor. */
    public static AnalysisGate perProcessor(Duration maxWait) {
        return new AnalysisGate(Runtime.getRuntime().availableProcessors(), maxWait);
    }

    private final Semaphore slots;
    private final int size;
    private final Duration maxWait;

    /**
     * @param size    analyses that may run at once, at least 1
     * @param maxWait how long a request may wait for one to finish before it is refused
     */
    public AnalysisGate(int size, Duration maxWait) {
        if (size < 1) throw new IllegalArgumentException("size must be at least 1, not " + size);
        this.size = size;
        this.maxWait = Objects.requireNonNull(maxWait, "maxWait");
        this.slots = new Semaphore(size, true);
    }

    /**
     * Runs {@code analysis} once a slot is free.
     *
     * @throws OverloadedException when no slot became free within the wait (or the thread was interrupted waiting)
     */
    public <T> T run(Supplier<T> analysis) {
        try {
            if (!slots.tryAcquire(maxWait.toNanos(), TimeUnit.NANOSECONDS)) {
                throw new OverloadedException("the server is busy analysing other changes: " + size + " ran at once and"
                        + " none finished within " + maxWait.toSeconds() + " s. Nothing was written; try again shortly");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OverloadedException("interrupted while waiting to analyse the change; nothing was written");
        }
        try {
            return analysis.get();
        } finally {
            slots.release();
        }
    }

    /** Analyses running now (for metrics and tests). */
    public int running() {
        return size - slots.availablePermits();
    }

    /** Requests waiting for a slot now (an estimate, for metrics). */
    public int waiting() {
        return slots.getQueueLength();
    }
}
