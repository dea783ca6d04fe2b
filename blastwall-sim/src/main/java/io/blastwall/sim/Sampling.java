package io.blastwall.sim;

import java.util.SplittableRandom;

/**
 * Fast samplers for the per-tick quantities: standard normal deviates from a quantile table, Poisson counts (exact
 * below a mean of 10, normal approximation above), binomial counts built on them, and the standard normal
 * distribution function.
 *
 * <p>Stateless; the caller owns the random generator (one per simulation, seeded, so runs are reproducible).
 */
final class Sampling {

    private Sampling() {
    }

    private static final int TABLE_BITS = 14;
    private static final int TABLE_SIZE = 1 << TABLE_BITS;
    /** Standard normal quantiles at (i + 0.5) / TABLE_SIZE, plus one repeated entry for interpolation. */
    private static final double[] QUANTILES = new double[TABLE_SIZE + 1];

    static {
        for (int i = 0; i < TABLE_SIZE; i++) QUANTILES[i] = inverseNormal((i + 0.5) / TABLE_SIZE);
        QUANTILES[TABLE_SIZE] = QUANTILES[TABLE_SIZE - 1];
    }

    /**
     * A standard normal deviate by table lookup with linear interpolation, from one random long: several times faster
     * than {@code nextGaussian}, which dominated the tick's cost. Tails beyond ±3.9σ are cut off, which noise does not
     * miss.
     */
    static double gaussian(SplittableRandom rnd) {
        long bits = rnd.nextLong();
        int i = (int) (bits >>> (64 - TABLE_BITS));
        double frac = (bits & 0xFFFFFFFFL) * 0x1.0p-32;
        double a = QUANTILES[i];
        return a + frac * (QUANTILES[i + 1] - a);
    }

    /** The standard normal quantile function (Acklam's rational approximation, relative error below 1.2e-9). */
    static double inverseNormal(double p) {
        if (!(p > 0 && p < 1)) throw new IllegalArgumentException("p must be within (0, 1), was " + p);
        final double[] a = {-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02,
                -3.066479806614716e+01, 2.506628277459239e+00};
        final double[] b = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01,
                -1.328068155288572e+01};
        final double[] c = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00,
                4.374664141464968e+00, 2.938163982698783e+00};
        final double[] d = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00};
        double low = 0.02425;
        if (p < low) {
            double q = Math.sqrt(-2 * Math.log(p));
            return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
                    / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
        }
        if (p > 1 - low) return -inverseNormal(1 - p);
        double q = p - 0.5, r = q * q;
        return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q
                / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
    }

    /** Below this mean Poisson counts are exact (inversion); above, a rounded normal approximation. */
    static final double EXACT_BELOW = 10;

    /** A Poisson-distributed count with the given mean (≥ 0). */
    static double poisson(SplittableRandom rnd, double mean) {
        if (!(mean > 0)) return 0;
        if (mean < EXACT_BELOW) {
            // inversion by sequential search: one uniform, about mean+1 steps
            double u = rnd.nextDouble();
            double p = Math.exp(-mean), cdf = p;
            int k = 0;
            while (u > cdf && k < 200) {
                k++;
                p *= mean / k;
                cdf += p;
            }
            return k;
        }
        double x = Math.rint(mean + Math.sqrt(mean) * gaussian(rnd));
        return x < 0 ? 0 : x;
    }

    /** A binomial count of {@code n} trials (a whole number) with success probability {@code p}. */
    static double binomial(SplittableRandom rnd, double n, double p) {
        if (n <= 0 || p <= 0) return 0;
        if (p >= 1) return n;
        double mean = n * p;
        double q = 1 - p;
        if (mean < EXACT_BELOW) return Math.min(n, poisson(rnd, mean));
        if (n * q < EXACT_BELOW) return Math.max(0, n - poisson(rnd, n * q));
        double x = Math.rint(mean + Math.sqrt(mean * q) * gaussian(rnd));
        return x < 0 ? 0 : Math.min(n, x);
    }

    /** Standard normal distribution function Φ(x), absolute error below 1e-7 (Abramowitz and Stegun 7.1.26). */
    static double phi(double x) {
        double z = Math.abs(x) * 0.7071067811865476;
        double t = 1.0 / (1.0 + 0.3275911 * z);
        double poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
        double erfc = poly * Math.exp(-z * z);
        return x >= 0 ? 1 - 0.5 * erfc : 0.5 * erfc;
    }

    /** P(L &gt; limit) for a lognormal latency L of median {@code median} and shape {@code sigma}. */
    static double tailAbove(double limit, double median, double sigma) {
        if (median <= 0) return 0;
        return 1 - phi((Math.log(limit) - Math.log(median)) / sigma);
    }
}
