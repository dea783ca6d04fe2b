package io.blastwall.core.canary;

import java.util.Arrays;

/**
 * One side's data points after cleaning: the finite values sorted, and how many NaN, +∞ and −∞ were dropped.
 * Immutable (the array is private and never handed out unsorted or shared).
 */
record Samples(double[] sorted, int nan, int positiveInfinite, int negativeInfinite) {

    static Samples of(double[] raw) {
        if (raw == null) return new Samples(new double[0], 0, 0, 0);
        double[] finite = new double[raw.length];
        int n = 0, nan = 0, pos = 0, neg = 0;
        for (double v : raw) {
            if (Double.isNaN(v)) nan++;
            else if (v == Double.POSITIVE_INFINITY) pos++;
            else if (v == Double.NEGATIVE_INFINITY) neg++;
            else finite[n++] = v;
        }
        double[] sorted = Arrays.copyOf(finite, n);
        Arrays.sort(sorted);
        return new Samples(sorted, nan, pos, neg);
    }

    int count() {
        return sorted.length;
    }

    int dropped() {
        return nan + positiveInfinite + negativeInfinite;
    }

    int raw() {
        return count() + dropped();
    }

    /** Infinite points in the bad direction of a metric. */
    int infiniteInBadDirection(Direction d) {
        return switch (d) {
            case INCREASE_IS_BAD -> positiveInfinite;
            case DECREASE_IS_BAD -> negativeInfinite;
            case EITHER_IS_BAD -> positiveInfinite + negativeInfinite;
        };
    }

    double median() {
        return RankSum.median(sorted);
    }

    double mean() {
        if (sorted.length == 0) return Double.NaN;
        double mean = 0; // running mean: cannot overflow where a plain sum of huge values would
        for (int i = 0; i < sorted.length; i++) mean += (sorted[i] - mean) / (i + 1);
        return mean;
    }

    boolean constant() {
        return sorted.length > 0 && sorted[0] == sorted[sorted.length - 1];
    }
}
