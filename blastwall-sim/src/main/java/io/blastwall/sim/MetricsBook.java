package io.blastwall.sim;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Cumulative Prometheus series, one per (cell, version) that ever served: request, error, retry and degraded counters, the
 * latency histogram and its sum. A cell's counters restart at zero under a new version, as a freshly deployed
 * process's would; the old version's series keep their last values.
 *
 * <p>Not thread-safe: owned by one {@link Simulation} and used under its lock.
 */
final class MetricsBook {

    private final Map<Long, Integer> index = new HashMap<>();
    int size;
    int[] cell = new int[64];
    int[] version = new int[64];
    double[] requests = new double[64];
    double[] errors = new double[64];
    double[] retries = new double[64];
    double[] degraded = new double[64];
    double[] durationSum = new double[64];
    double[] buckets = new double[64 * LatencyHistogram.BUCKETS];

    /** The series of {@code cell} under {@code version}, created on first use. */
    int seriesOf(int c, int v) {
        long key = ((long) c << 32) | v;
        Integer s = index.get(key);
        if (s != null) return s;
        if (size == cell.length) grow();
        int id = size++;
        cell[id] = c;
        version[id] = v;
        index.put(key, id);
        return id;
    }

    private void grow() {
        int n = cell.length * 2;
        cell = Arrays.copyOf(cell, n);
        version = Arrays.copyOf(version, n);
        requests = Arrays.copyOf(requests, n);
        errors = Arrays.copyOf(errors, n);
        retries = Arrays.copyOf(retries, n);
        degraded = Arrays.copyOf(degraded, n);
        durationSum = Arrays.copyOf(durationSum, n);
        buckets = Arrays.copyOf(buckets, n * LatencyHistogram.BUCKETS);
    }
}
