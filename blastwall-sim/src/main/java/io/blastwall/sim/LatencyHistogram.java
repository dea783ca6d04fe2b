package io.blastwall.sim;

/**
 * The Prometheus buckets of the latency histogram, and a lookup table of the share of a lognormal latency distribution
 * at or below each bucket bound, by log median (0.01 steps), so that a tick adds a cell's requests to its histogram
 * with one table row instead of a dozen distribution-function evaluations.
 *
 * <p>Immutable after construction; thread-safe.
 */
final class LatencyHistogram {

    /** Bucket upper bounds in seconds (the +Inf bucket is implicit). */
    static final double[] BOUNDS = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
    static final int BUCKETS = BOUNDS.length;
    private static final double LO = Math.log(1e-5);
    private static final double HI = Math.log(1e3);
    private static final double STEP = 0.01;
    private static final int ROWS = (int) Math.ceil((HI - LO) / STEP) + 1;

    private static final java.util.Map<Double, LatencyHistogram> SHARED = new java.util.concurrent.ConcurrentHashMap<>();

    final double sigma;
    private final double[] table = new double[ROWS * BUCKETS];

    /** The table for {@code sigma}, built once per JVM: harnesses create hundreds of simulations. */
    static LatencyHistogram of(double sigma) {
        return SHARED.computeIfAbsent(sigma, LatencyHistogram::new);
    }

    private LatencyHistogram(double sigma) {
        this.sigma = sigma;
        for (int r = 0; r < ROWS; r++) {
            double lnMedian = LO + r * STEP;
            for (int b = 0; b < BUCKETS; b++) {
                table[r * BUCKETS + b] = Sampling.phi((Math.log(BOUNDS[b]) - lnMedian) / sigma);
            }
        }
    }

    /** Adds {@code n} requests of log median {@code lnMedian} to cumulative bucket counts at {@code into[offset..]}. */
    void add(double[] into, int offset, double n, double lnMedian) {
        int r = (int) Math.rint((lnMedian - LO) / STEP);
        if (r < 0) r = 0; else if (r >= ROWS) r = ROWS - 1;
        int base = r * BUCKETS;
        for (int b = 0; b < BUCKETS; b++) into[offset + b] += n * table[base + b];
    }
}
