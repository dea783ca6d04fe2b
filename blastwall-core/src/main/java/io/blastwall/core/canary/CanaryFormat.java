package io.blastwall.core.canary;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;

/**
 * How canary numbers are written for people: four significant digits, no exponent between 1e-6 and 1e9, "n/a" for
 * what could not be computed. Used by the judge's reasons and the CLI's table so both read alike. Stateless.
 */
public final class CanaryFormat {

    private static final MathContext FOUR_DIGITS = new MathContext(4);

    private CanaryFormat() {
    }

    /** A number to four significant digits; whole numbers as such; NaN as "n/a". */
    public static String num(double v) {
        if (Double.isNaN(v)) return "n/a";
        if (Double.isInfinite(v)) return v > 0 ? "+inf" : "-inf";
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return String.valueOf((long) v);
        double a = Math.abs(v);
        if (a >= 1e-6 && a < 1e9) return BigDecimal.valueOf(v).round(FOUR_DIGITS).stripTrailingZeros().toPlainString();
        return String.format(Locale.ROOT, "%.3g", v);
    }

    /** A number with its sign always shown. */
    public static String signed(double v) {
        return (v >= 0 ? "+" : "") + num(v);
    }

    /** A ratio as a signed percentage with one decimal; "n/a" when undefined. */
    public static String percent(double ratio) {
        return Double.isFinite(ratio) ? String.format(Locale.ROOT, "%+.1f%%", 100 * ratio) : "n/a";
    }

    /** A p-value: two significant digits in exponent form when tiny. */
    public static String p(double v) {
        return v < 1e-4 ? String.format(Locale.ROOT, "%.2g", v) : num(v);
    }
}
