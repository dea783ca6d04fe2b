package io.blastwall.sim;

import java.util.Arrays;

/**
 * Retained per-cell history at a fixed resolution (a ring of slots): requests, errors and the request-weighted sum of
 * log median latency of each slot. The metrics source aggregates slots into the steps a query asks for.
 *
 * <p>Not thread-safe: owned by one {@link Simulation} and used under its lock.
 */
final class SeriesStore {

    final int cells;
    final int slots;
    final long ticksPerSlot;
    private final long[] slotId;      // absolute slot number held by each ring position, -1 = empty
    private final double[] requests;  // [ring][cell]
    private final double[] errors;
    private final double[] logLatency; // Σ n·ln(median seconds)

    SeriesStore(int cells, long ticksPerSlot, int slots) {
        this.cells = cells;
        this.slots = slots;
        this.ticksPerSlot = ticksPerSlot;
        this.slotId = new long[slots];
        Arrays.fill(slotId, -1);
        this.requests = new double[slots * cells];
        this.errors = new double[slots * cells];
        this.logLatency = new double[slots * cells];
    }

    /** The ring row for {@code tick}, cleared when the tick opens a new slot. */
    int rowFor(long tick) {
        long s = tick / ticksPerSlot;
        int pos = (int) (s % slots);
        if (slotId[pos] != s) {
            slotId[pos] = s;
            int base = pos * cells;
            Arrays.fill(requests, base, base + cells, 0);
            Arrays.fill(errors, base, base + cells, 0);
            Arrays.fill(logLatency, base, base + cells, 0);
        }
        return pos * cells;
    }

    void add(int row, int cell, double n, double errs, double lnMedian) {
        requests[row + cell] += n;
        errors[row + cell] += errs;
        logLatency[row + cell] += n * lnMedian;
    }

    /** Ring base offset of absolute slot {@code s}, or -1 when it is no longer (or not yet) held. */
    int rowOf(long s) {
        if (s < 0) return -1;
        int pos = (int) (s % slots);
        return slotId[pos] == s ? pos * cells : -1;
    }

    double requests(int row, int cell) {
        return requests[row + cell];
    }

    double errors(int row, int cell) {
        return errors[row + cell];
    }

    double logLatency(int row, int cell) {
        return logLatency[row + cell];
    }
}
