package io.blastwall.core.canary;

/**
 * The exact null distribution of the Mann–Whitney U statistic (the number of pairs with x above y) for samples of
 * {@code m} and {@code n} observations without ties, and R's {@code pwilcox}/{@code qwilcox} on it.
 *
 * <p>The frequencies are counted by walking the m + n ordered positions and deciding, for each, whether it holds an
 * x or a y: an x placed at position i after j − 1 earlier x's sits above i − j y's. Only additions, so the counts
 * keep the full precision of a double (the largest, for 49 against 49, is about 2.5e28). Instances are immutable and
 * thread-safe, and {@link #of} shares them through a small bounded cache: building one costs
 * O((m + n)·min(m, n)·m·n) additions, a few milliseconds at 49 × 49, and a judge meets the same sizes again and again.
 */
final class RankSumExact {

    private final int m;
    private final int n;
    /** counts[u] = number of arrangements with U = u; their sum is choose(m + n, n). */
    private final double[] counts;
    private final double total;

    /** Distributions already counted, by (smaller, larger) size; bounded, since each holds up to 2,402 doubles. */
    private static final java.util.concurrent.ConcurrentHashMap<Integer, RankSumExact> CACHE = new java.util.concurrent.ConcurrentHashMap<>();
    private static final int CACHE_LIMIT = 256;

    /** The distribution for samples of m and n, counted once and shared (it is immutable). */
    static RankSumExact of(int m, int n) {
        if (m < 1 || n < 1) throw new IllegalArgumentException("both samples need at least one observation");
        if (m > 1000 || n > 1000) throw new IllegalArgumentException("sample too large for the exact distribution");
        int key = Math.min(m, n) * 1001 + Math.max(m, n);
        RankSumExact cached = CACHE.get(key);
        if (cached != null) return cached.m == m ? cached : new RankSumExact(m, n, cached.counts, cached.total);
        RankSumExact made = new RankSumExact(m, n);
        if (CACHE.size() >= CACHE_LIMIT) CACHE.clear(); // crude but bounded; a judge uses a handful of sizes
        CACHE.put(key, made);
        return made;
    }

    private RankSumExact(int m, int n, double[] counts, double total) {
        this.m = m;
        this.n = n;
        this.counts = counts;
        this.total = total;
    }

    RankSumExact(int m, int n) {
        if (m < 1 || n < 1) throw new IllegalArgumentException("both samples need at least one observation");
        this.m = m;
        this.n = n;
        int small = Math.min(m, n), large = Math.max(m, n);
        int maxU = small * large;
        // ways[j][u]: arrangements of the positions seen so far with j x's (x = the smaller sample), U = u
        double[][] ways = new double[small + 1][maxU + 1];
        ways[0][0] = 1;
        for (int i = 1; i <= small + large; i++) {
            int jMax = Math.min(i, small);
            for (int j = jMax; j >= 1; j--) {
                int ysBelow = (i - 1) - (j - 1);
                if (ysBelow > large || ysBelow < 0) continue;
                double[] from = ways[j - 1], to = ways[j];
                int uMax = (j - 1) * ysBelow;
                for (int u = uMax; u >= 0; u--) {
                    if (from[u] != 0) to[u + ysBelow] += from[u];
                }
            }
            // placing a y adds nothing to U, so ways[j] keeps its value for that choice; states with more than
            // `large` y's never feed an x placement (skipped above), so they never reach j = small
        }
        this.counts = ways[small];
        double sum = 0;
        for (double c : counts) sum += c;
        this.total = sum;
    }

    int m() {
        return m;
    }

    int n() {
        return n;
    }

    /** P(U ≤ q) when {@code lowerTail}, else P(U > q), summing over the shorter side as R's {@code pwilcox} does. */
    double cdf(double q, boolean lowerTail) {
        double mn = (double) m * n;
        q = Math.floor(q + 1e-7);
        if (q < 0) return lowerTail ? 0 : 1;
        if (q >= mn) return lowerTail ? 1 : 0;
        double p = 0;
        if (q <= mn / 2) {
            for (int i = 0; i <= q; i++) p += counts[i] / total;
        } else {
            q = mn - q;
            for (int i = 0; i < q; i++) p += counts[i] / total;
            lowerTail = !lowerTail;
        }
        return lowerTail ? p : 1 - p;
    }

    /** The smallest q with P(U ≤ q) ≥ p (lower tail), with R's {@code qwilcox} guard of 10 ε against rounding. */
    int quantile(double p) {
        if (Double.isNaN(p) || p < 0 || p > 1) throw new IllegalArgumentException("probability out of range: " + p);
        int mn = m * n;
        if (p == 0) return 0;
        if (p == 1) return mn;
        double cumulative = 0;
        int q = 0;
        if (p <= 0.5) {
            p = p - 10 * Math.ulp(1.0);
            while (true) {
                cumulative += counts[q] / total;
                if (cumulative >= p) return q;
                q++;
            }
        }
        p = 1 - p + 10 * Math.ulp(1.0);
        while (true) {
            cumulative += counts[q] / total;
            if (cumulative > p) return mn - q;
            q++;
        }
    }
}
