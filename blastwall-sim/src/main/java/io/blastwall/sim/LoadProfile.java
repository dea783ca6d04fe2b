package io.blastwall.sim;

/**
 * The share of the estate's peak traffic offered at a moment of simulated time (1 = the peak the estate file
 * declares). Per-tick arrivals are Poisson around it, so this is the mean, not the exact count.
 *
 * <p>Immutable.
 */
public sealed interface LoadProfile {

    /** The mean load factor at {@code secondsOfDay} (0 ≤ s &lt; 86400, UTC). */
    double factorAt(double secondsOfDay);

    /** The same share of the peak all day. */
    record Constant(double factor) implements LoadProfile {
        public Constant {
            if (!(factor >= 0) || Double.isInfinite(factor)) throw new IllegalArgumentException("load factor must be >= 0, was " + factor);
        }

        @Override
        public double factorAt(double secondsOfDay) {
            return factor;
        }
    }

    /**
     * A day curve: a cosine between {@code min} at night and {@code max} at {@code peakHourUtc}, as user traffic does.
     */
    record Diurnal(double min, double max, double peakHourUtc) implements LoadProfile {
        public Diurnal {
            if (!(min >= 0) || !(max >= min) || Double.isInfinite(max)) {
                throw new IllegalArgumentException("need 0 <= min <= max, was min=" + min + " max=" + max);
            }
            if (!(peakHourUtc >= 0 && peakHourUtc < 24)) throw new IllegalArgumentException("peakHourUtc must be 0..24");
        }

        @Override
        public double factorAt(double secondsOfDay) {
            double phase = (secondsOfDay / 3600.0 - peakHourUtc) / 24.0 * 2 * Math.PI;
            return min + (max - min) * (0.5 + 0.5 * Math.cos(phase));
        }
    }
}
