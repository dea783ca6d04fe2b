package io.blastwall.core.canary;

import java.util.Arrays;
import java.util.Objects;

/**
 * The Wilcoxon rank-sum (Mann–Whitney U) two-sample test with the Hodges–Lehmann estimate of the shift
 * {@code x − y} and its confidence interval, computed as R's {@code wilcox.test(x, y, conf.int = TRUE)} computes them
 * (R 4.x defaults: {@code mu = 0}, {@code correct = TRUE}, {@code exact = NULL}, {@code tol.root = 1e-4}).
 *
 * <ul>
 *   <li>Exact when both samples have fewer than 50 observations and no value is tied: p-value from the exact null
 *       distribution, interval from the order statistics of the m·n pairwise differences, estimate their median.</li>
 *   <li>Otherwise the normal approximation with tie and continuity correction; the interval bounds and the estimate
 *       are the roots of the (step-shaped) z statistic of {@code x − d} against {@code y}, found with the same Brent
 *       iteration and tolerance as R's {@code uniroot}, so they agree with R to far better than {@code tol.root}.</li>
 * </ul>
 *
 * <p>Differences from R, where R has no answer: when every observation is tied (zero variance) R returns NaN or stops;
 * here the p-value is 1 and the estimate and interval are the one pairwise difference. Inputs must be finite (R
 * would fail or return NaN on non-finite values); callers clean their data first.
 *
 * <p>Stateless and thread-safe; the input arrays are not modified.
 */
public final class RankSum {

    /** Largest sample size (exclusive) for which R uses the exact distribution. */
    static final int EXACT_BELOW = 50;
    /** R's default {@code tol.root}. */
    public static final double DEFAULT_TOL_ROOT = 1e-4;

    /** The alternative hypothesis about the shift of x relative to y. */
    public enum Alternative { TWO_SIDED, LESS, GREATER }

    /** How the p-value and interval were computed. */
    public enum Method { EXACT, NORMAL_APPROXIMATION }

    /**
     * The outcome of one test.
     *
     * @param method    exact or normal approximation
     * @param statistic R's W: the rank sum of x minus n_x(n_x + 1)/2, i.e. the Mann–Whitney U of x (ties count half)
     * @param pValue    for the chosen alternative
     * @param estimate  Hodges–Lehmann estimate of the shift x − y
     * @param confLow   lower confidence bound (−∞ for {@code LESS})
     * @param confHigh  upper confidence bound (+∞ for {@code GREATER})
     * @param confLevel the confidence level achieved (R lowers it when the exact distribution cannot reach the one asked)
     */
    public record Result(Method method, double statistic, double pValue, double estimate, double confLow, double confHigh,
                         double confLevel) {
    }

    private RankSum() {
    }

    /** As {@link #test(double[], double[], Alternative, double, double)} with R's default {@code tol.root}. */
    public static Result test(double[] x, double[] y, Alternative alternative, double confLevel) {
        return test(x, y, alternative, confLevel, DEFAULT_TOL_ROOT);
    }

    /**
     * Tests whether {@code x} is shifted relative to {@code y}.
     *
     * @throws IllegalArgumentException on an empty sample, a non-finite value or a confidence level outside (0, 1)
     */
    public static Result test(double[] x, double[] y, Alternative alternative, double confLevel, double tolRoot) {
        Objects.requireNonNull(alternative, "alternative");
        if (x.length == 0 || y.length == 0) throw new IllegalArgumentException("both samples need at least one observation");
        if (!(confLevel > 0 && confLevel < 1)) throw new IllegalArgumentException("confidence level must lie in (0, 1): " + confLevel);
        requireFinite(x, "x");
        requireFinite(y, "y");
        double[] xs = x.clone(), ys = y.clone();
        Arrays.sort(xs);
        Arrays.sort(ys);
        Ranking at0 = Ranking.of(xs, ys, 0.0);
        double nx = xs.length, ny = ys.length;
        double statistic = at0.xRankSum - nx * (nx + 1) / 2;
        boolean exact = xs.length < EXACT_BELOW && ys.length < EXACT_BELOW && !at0.ties();
        return exact ? exact(xs, ys, statistic, alternative, confLevel)
                : approximate(xs, ys, at0, statistic, alternative, confLevel, tolRoot);
    }

    private static void requireFinite(double[] v, String name) {
        for (double d : v) {
            if (!Double.isFinite(d)) throw new IllegalArgumentException(name + " holds a non-finite value: " + d);
        }
    }

    private static Result exact(double[] xs, double[] ys, double statistic, Alternative alternative, double confLevel) {
        int m = xs.length, n = ys.length;
        RankSumExact dist = RankSumExact.of(m, n);
        double mn = (double) m * n;
        double p = switch (alternative) {
            case TWO_SIDED -> Math.min(2 * (statistic > mn / 2 ? dist.cdf(statistic - 1, false) : dist.cdf(statistic, true)), 1);
            case GREATER -> dist.cdf(statistic - 1, false);
            case LESS -> dist.cdf(statistic, true);
        };
        double[] diffs = new double[m * n];
        int k = 0;
        for (double xi : xs) for (double yj : ys) diffs[k++] = xi - yj;
        Arrays.sort(diffs);
        double alpha = 1 - confLevel;
        int qu = dist.quantile(alternative == Alternative.TWO_SIDED ? alpha / 2 : alpha);
        if (qu == 0) qu = 1;
        int ql = m * n - qu;
        double achievedAlpha = (alternative == Alternative.TWO_SIDED ? 2 : 1) * dist.cdf(qu - 1, true);
        double low = switch (alternative) {
            case TWO_SIDED, GREATER -> diffs[qu - 1];
            case LESS -> Double.NEGATIVE_INFINITY;
        };
        double high = switch (alternative) {
            case TWO_SIDED, LESS -> diffs[ql];
            case GREATER -> Double.POSITIVE_INFINITY;
        };
        double level = achievedAlpha - alpha > alpha / 2 ? 1 - achievedAlpha : confLevel;
        return new Result(Method.EXACT, statistic, p, median(diffs), low, high, level);
    }

    private static Result approximate(double[] xs, double[] ys, Ranking at0, double statistic, Alternative alternative,
                                      double confLevel, double tolRoot) {
        double nx = xs.length, ny = ys.length;
        double sigma = sigma(nx, ny, at0.tieSum);
        if (sigma == 0) {
            // every observation equal: no evidence of any shift (R returns NaN here)
            return new Result(Method.NORMAL_APPROXIMATION, statistic, 1.0, 0.0, 0.0, 0.0, confLevel);
        }
        double z = statistic - nx * ny / 2;
        z = (z - correction(alternative, z)) / sigma;
        double p = switch (alternative) {
            case LESS -> Normal.cdf(z, true);
            case GREATER -> Normal.cdf(z, false);
            case TWO_SIDED -> 2 * Math.min(Normal.cdf(z, true), Normal.cdf(z, false));
        };
        double alpha = 1 - confLevel;
        double mumin = xs[0] - ys[ys.length - 1];
        double mumax = xs[xs.length - 1] - ys[0];
        if (mumin == mumax) {
            // x constant and y constant: every pairwise difference is the same (R stops here)
            return new Result(Method.NORMAL_APPROXIMATION, statistic, p, mumin,
                    alternative == Alternative.LESS ? Double.NEGATIVE_INFINITY : mumin,
                    alternative == Alternative.GREATER ? Double.POSITIVE_INFINITY : mumin, confLevel);
        }
        ShiftStatistic corrected = new ShiftStatistic(xs, ys, alternative, true);
        double wMin = corrected.applyAsDouble(mumin), wMax = corrected.applyAsDouble(mumax);
        double low = Double.NEGATIVE_INFINITY, high = Double.POSITIVE_INFINITY;
        switch (alternative) {
            case TWO_SIDED -> {
                low = bound(corrected, wMin, wMax, Normal.quantile(alpha / 2, false), mumin, mumax, tolRoot);
                high = bound(corrected, wMin, wMax, Normal.quantile(alpha / 2, true), mumin, mumax, tolRoot);
            }
            case GREATER -> low = bound(corrected, wMin, wMax, Normal.quantile(alpha, false), mumin, mumax, tolRoot);
            case LESS -> high = bound(corrected, wMin, wMax, Normal.quantile(alpha, true), mumin, mumax, tolRoot);
        }
        // the estimate is the root of the uncorrected statistic
        ShiftStatistic plain = new ShiftStatistic(xs, ys, alternative, false);
        double fLow = truncate(plain.applyAsDouble(mumin)), fHigh = truncate(plain.applyAsDouble(mumax));
        double estimate = Zeroin.root(plain, mumin, mumax, fLow, fHigh, tolRoot, 1000);
        return new Result(Method.NORMAL_APPROXIMATION, statistic, p, estimate, low, high, confLevel);
    }

    /** The shift d at which the corrected z statistic crosses {@code zq}; an end of the range when it never does. */
    private static double bound(ShiftStatistic w, double wMin, double wMax, double zq, double mumin, double mumax, double tol) {
        double fLower = wMin - zq;
        if (fLower <= 0) return mumin;
        double fUpper = wMax - zq;
        if (fUpper >= 0) return mumax;
        return Zeroin.root(d -> w.applyAsDouble(d) - zq, mumin, mumax, truncate(fLower), truncate(fUpper), tol, 1000);
    }

    private static double truncate(double v) {
        return Math.max(Math.min(v, Double.MAX_VALUE), -Double.MAX_VALUE);
    }

    static double correction(Alternative alternative, double z) {
        return switch (alternative) {
            case TWO_SIDED -> Math.signum(z) * 0.5;
            case GREATER -> 0.5;
            case LESS -> -0.5;
        };
    }

    /** Standard deviation of W under the null with tie correction; the order of operations follows R's. */
    static double sigma(double nx, double ny, double tieSum) {
        return Math.sqrt((nx * ny / 12) * ((nx + ny + 1) - tieSum / ((nx + ny) * (nx + ny - 1))));
    }

    /** R's median: the middle value, or the mean of the two middle values, of a sorted array. */
    static double median(double[] sorted) {
        int n = sorted.length;
        if (n == 0) return Double.NaN;
        int half = n / 2;
        return n % 2 == 1 ? sorted[half] : (sorted[half - 1] + sorted[half]) / 2;
    }

    /** The z statistic of the sample {@code x − d} against {@code y}, as a function of d. */
    private record ShiftStatistic(double[] xs, double[] ys, Alternative alternative, boolean correct)
            implements java.util.function.DoubleUnaryOperator {
        @Override
        public double applyAsDouble(double d) {
            Ranking r = Ranking.of(xs, ys, d);
            double nx = xs.length, ny = ys.length;
            double dz = r.xRankSum - nx * (nx + 1) / 2 - nx * ny / 2;
            double c = correct ? correction(alternative, dz) : 0;
            return (dz - c) / sigma(nx, ny, r.tieSum);
        }
    }

    /**
     * Mid-ranks of the pooled sample {@code (x − d, y)}: the rank sum of the x's and Σ(t³ − t) over groups of t tied
     * values. Both inputs sorted ascending; subtracting d keeps x sorted, so one merge pass suffices. Sums of
     * half-integers, exact in doubles.
     */
    private record Ranking(double xRankSum, double tieSum) {

        boolean ties() {
            return tieSum != 0;
        }

        static Ranking of(double[] xs, double[] ys, double d) {
            int i = 0, j = 0, position = 0;
            double rankSum = 0, tieSum = 0;
            while (i < xs.length || j < ys.length) {
                double v = i < xs.length && (j >= ys.length || xs[i] - d <= ys[j]) ? xs[i] - d : ys[j];
                int fromX = 0, fromY = 0;
                while (i < xs.length && xs[i] - d == v) { i++; fromX++; }
                while (j < ys.length && ys[j] == v) { j++; fromY++; }
                int t = fromX + fromY;
                double averageRank = position + (t + 1) / 2.0;
                rankSum += fromX * averageRank;
                tieSum += (double) t * t * t - t;
                position += t;
            }
            return new Ranking(rankSum, tieSum);
        }
    }
}
