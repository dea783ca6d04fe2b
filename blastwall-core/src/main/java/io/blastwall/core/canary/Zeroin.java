package io.blastwall.core.canary;

import java.util.function.DoubleUnaryOperator;

/**
 * Brent's root finder in the form of Forsythe, Malcolm and Moler's {@code zeroin} with the endpoint values passed in,
 * as R's {@code uniroot} runs it: the same sequence of bisection, secant and inverse quadratic steps, the same
 * tolerance {@code 2·ε·|b| + tol/2}, so that a root of a step function (the rank-sum z statistic as a function of the
 * shift) lands on the very point R returns, not merely somewhere within {@code tol} of it.
 *
 * <p>Stateless and thread-safe.
 */
final class Zeroin {

    private static final double EPSILON = Math.ulp(1.0);

    private Zeroin() {
    }

    /**
     * A root of {@code f} in [{@code ax}, {@code bx}], given {@code fa = f(ax)} and {@code fb = f(bx)} of opposite signs
     * (or one of them zero). Returns the last iterate after {@code maxIterations} when it has not converged.
     */
    static double root(DoubleUnaryOperator f, double ax, double bx, double fa, double fb, double tol, int maxIterations) {
        double a = ax, b = bx, c = a, fc = fa;
        if (fa == 0.0) return a;
        if (fb == 0.0) return b;
        for (int left = maxIterations + 1; left > 0; left--) {
            double previousStep = b - a;
            if (Math.abs(fc) < Math.abs(fb)) {
                // make b the best approximation so far
                a = b;
                b = c;
                c = a;
                fa = fb;
                fb = fc;
                fc = fa;
            }
            double tolerance = 2 * EPSILON * Math.abs(b) + tol / 2;
            double step = (c - b) / 2;
            if (Math.abs(step) <= tolerance || fb == 0.0) return b;
            if (Math.abs(previousStep) >= tolerance && Math.abs(fa) > Math.abs(fb)) {
                // interpolation may be tried: p/q is the step, division delayed to avoid overflow
                double p, q;
                double cb = c - b;
                if (a == c) {
                    double t1 = fb / fa; // secant: only two distinct points
                    p = cb * t1;
                    q = 1.0 - t1;
                } else {
                    double qa = fa / fc, t1 = fb / fc, t2 = fb / fa; // inverse quadratic interpolation
                    p = t2 * (cb * qa * (qa - t1) - (b - a) * (t1 - 1.0));
                    q = (qa - 1.0) * (t1 - 1.0) * (t2 - 1.0);
                }
                if (p > 0) q = -q;
                else p = -p;
                if (p < (0.75 * cb * q - Math.abs(tolerance * q) / 2) && p < Math.abs(previousStep * q / 2)) {
                    step = p / q; // falls inside [b, c] and shrinks faster than bisection would
                }
            }
            if (Math.abs(step) < tolerance) step = step > 0 ? tolerance : -tolerance;
            a = b;
            fa = fb;
            b += step;
            fb = f.applyAsDouble(b);
            if ((fb > 0 && fc > 0) || (fb < 0 && fc < 0)) {
                c = a; // keep the root bracketed between b and c
                fc = fa;
            }
        }
        return b;
    }
}
