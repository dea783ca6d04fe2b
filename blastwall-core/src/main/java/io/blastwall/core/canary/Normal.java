package io.blastwall.core.canary;

/**
 * The standard normal distribution function and its inverse, accurate to about 1e-14 relative, for the
 * normal approximation of the rank-sum test.
 *
 * <p>{@link #cdf} sums the series {@code Φ(z) = 1/2 + φ(z) Σ z^(2k+1) / (1·3·…·(2k+1))} near the centre and evaluates
 * the continued fraction of Mills' ratio in the tails, so that tail probabilities keep their relative precision
 * (a p-value of 1e-20 is reported as such, not as 0). {@link #quantile} refines the Abramowitz–Stegun 26.2.23
 * starting point with Halley steps on {@link #cdf}. Stateless and thread-safe.
 */
public final class Normal {

    private static final double INV_SQRT_2PI = 0.3989422804014327;
    private static final double SQRT_2PI = 2.5066282746310002;

    private Normal() {
    }

    /** The density φ(z). */
    public static double density(double z) {
        return INV_SQRT_2PI * Math.exp(-0.5 * z * z);
    }

    /** P(Z ≤ z) when {@code lowerTail}, else P(Z > z). */
    public static double cdf(double z, boolean lowerTail) {
        if (Double.isNaN(z)) return Double.NaN;
        // the tail on the far side of the mean is computed directly; the near side as its complement
        boolean wantSmallTail = lowerTail ? z < 0 : z > 0;
        double tail = upperTail(Math.abs(z));
        return wantSmallTail ? tail : 1.0 - tail;
    }

    /** P(Z > a) for a ≥ 0. */
    private static double upperTail(double a) {
        if (a == Double.POSITIVE_INFINITY) return 0.0;
        if (a < 3.0) {
            // series: Φ(a) - 1/2 = φ(a) Σ a^(2k+1)/(2k+1)!!; all terms positive, no cancellation inside the sum
            double term = a, sum = a, a2 = a * a;
            for (int k = 1; k < 500 && term > 1e-17 * sum; k++) {
                term *= a2 / (2 * k + 1);
                sum += term;
            }
            return 0.5 - density(a) * sum;
        }
        if (a > 40) return 0.0; // below the smallest double
        // Mills' ratio R(a) = 1/(a+ 1/(a+ 2/(a+ 3/(a+ …)))), evaluated backwards; 200 terms converge for a ≥ 3
        double f = a;
        for (int k = 200; k >= 1; k--) f = a + k / f;
        return density(a) / f;
    }

    /** The z with {@code cdf(z, lowerTail) == p}; ±∞ at p = 0 or 1, NaN outside [0, 1]. */
    public static double quantile(double p, boolean lowerTail) {
        if (Double.isNaN(p) || p < 0 || p > 1) return Double.NaN;
        if (!lowerTail) return -quantile(p, true);
        if (p == 0) return Double.NEGATIVE_INFINITY;
        if (p == 1) return Double.POSITIVE_INFINITY;
        if (p == 0.5) return 0.0;
        // solve in the smaller tail, where p carries full relative precision
        boolean lower = p < 0.5;
        double tail = lower ? p : 1.0 - p;
        double t = Math.sqrt(-2.0 * Math.log(tail));
        double x = t - (2.515517 + t * (0.802853 + t * 0.010328)) / (1.0 + t * (1.432788 + t * (0.189269 + t * 0.001308)));
        x = -x; // now Φ(x) ≈ tail with x < 0
        for (int i = 0; i < 8; i++) {
            double e = cdf(x, true) - tail;
            double u = e * SQRT_2PI * Math.exp(0.5 * x * x);
            double step = u / (1.0 + 0.5 * x * u);
            x -= step;
            if (Math.abs(step) <= 1e-16 * Math.abs(x)) break;
        }
        return lower ? x : -x;
    }
}
