package io.blastwall.core.controlplane;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Bounds how many analyses run at once. An analysis is CPU work that holds its parsed documents (hundreds of
 * kilobytes to megabytes for a plan) until its transaction commits; requests run on virtual threads, so without a bound
 * a burst (or a cold JIT at start-up) starts every queued analysis at once: each runs slower, holds its memory
 * longer, and the collector copies all of it in every pause, which slows everything further. With the gate, requests
 * beyond the bound wait first, holding only their request body, in arrival order.
 *
 * <p>The analyses run on the gate's own platform threads (one per slot), not on the caller's thread. Requests run on
 * virtual threads, which the JDK does not preempt: an analysis (tens of milliseconds of CPU) on a carrier thread kept
 * that carrier from every other request, among them the one holding the store's write lock, whose every database
 * round trip then waited for a carrier (a submission's transaction took 100 ms and more on two processors). Platform
 * threads are time-sliced by the operating system, so the carriers stay free for short work.
 *
 * <p>A request that waits longer than {@code maxWait} is refused with {@link OverloadedException} (nothing was
 * written; an API answers 503 with Retry-After), rather than queueing without limit.
 *
 * <p>Thread-safe. The threads are daemons and end after a minute without work.
 */
public final class AnalysisGate {

    /** How long a request waits for a slot unless told otherwise. */
    public static final Duration DEFAULT_WAIT = Duration.ofSeconds(30);

    /** A gate of {@code size} slots, or one per processor when {@code size} is 0, waiting {@link #DEFAULT_WAIT}. */
    public static AnalysisGate of(int size) {
        return new AnalysisGate(size == 0 ? Runtime.getRuntime().availableProcessors() : size, DEFAULT_WAIT);
    }

    private final Semaphore slots;
    private final int size;
    private final Duration maxWait;
    private final ThreadPoolExecutor threads;

    /**
     * @param size    analyses that may run at once, at least 1
     * @param maxWait how long a request may wait for one to finish before it is refused
     */
    public AnalysisGate(int size, Duration maxWait) {
        if (size < 1) throw new IllegalArgumentException("size must be at least 1, not " + size);
        this.size = size;
        this.maxWait = Objects.requireNonNull(maxWait, "maxWait");
        this.slots = new Semaphore(size, true);
        AtomicInteger n = new AtomicInteger();
        this.threads = new ThreadPoolExecutor(size, size, 1, TimeUnit.MINUTES, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "blastwall-analysis-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        threads.allowCoreThreadTimeOut(true);
    }

    /**
     * Runs {@code analysis} on one of the gate's platform threads once a slot is free, and returns its result; what it
     * throws is rethrown here.
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
            // a slot is held, so a thread is free: the task starts at once
            Future<T> f = threads.submit(analysis::get);
            try {
                return f.get();
            } catch (InterruptedException e) {
                f.cancel(true);
                Thread.currentThread().interrupt();
                throw new OverloadedException("interrupted while the change was analysed; nothing was written");
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException r) throw r;
                if (e.getCause() instanceof Error err) throw err;
                throw new IllegalStateException(e.getCause());
            }
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
