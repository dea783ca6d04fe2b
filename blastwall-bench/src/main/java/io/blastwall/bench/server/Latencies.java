package io.blastwall.bench.server;

import java.util.Arrays;
import java.util.Locale;

/**
 * Latency samples in nanoseconds and their percentiles (nearest rank). Single-threaded: fill it from one thread, or
 * merge per-thread instances after they are done.
 */
public final class Latencies {

    private long[] ns = new long[1024];
    private int size;

    /** Adds one sample. */
    public void add(long nanos) {
        if (size == ns.length) ns = Arrays.copyOf(ns, size * 2);
        ns[size++] = nanos;
    }

    /** Adds every sample of {@code other}. */
    public void addAll(Latencies other) {
        for (int i = 0; i < other.size; i++) add(other.ns[i]);
    }

    public int count() { return size; }

    /** The {@code p}-th percentile (0 &lt; p ≤ 100) in milliseconds, nearest rank; NaN when empty. */
    public double percentileMs(double p) {
        if (size == 0) return Double.NaN;
        long[] s = Arrays.copyOf(ns, size);
        Arrays.sort(s);
        int rank = (int) Math.ceil(p / 100.0 * size);
        return s[Math.max(0, Math.min(size - 1, rank - 1))] / 1e6;
    }

    public double maxMs() { return percentileMs(100); }

    /** {@code p50 … p99 … max} in milliseconds, one line. */
    public String summary() {
        return String.format(Locale.ROOT, "n=%d p50=%.1f p90=%.1f p99=%.1f max=%.1f ms", size, percentileMs(50),
                percentileMs(90), percentileMs(99), maxMs());
    }
}
