package io.blastwall.core.canary;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The default configuration's detection quality on synthetic noisy data, with fixed seeds so the test cannot flake:
 * bad canaries that double the error rate or add 20 % to the median latency must be caught (recall ≥ 99 %), and
 * canaries drawn from the baseline's own distribution must rarely fail (false failures ≤ 1 %).
 *
 * <p>Noise model per sample (one scrape interval): the error rate is Poisson(requests × rate) / requests; the median
 * latency is log-normal around 80 ms with the given spread (σ of its logarithm), plus an occasional (2 %) slow
 * outlier at 3×. docs/canary.md lists where the defaults stop meeting the targets (too few events, too few points
 * for the noise). Each case prints its rate.
 */
class CanaryPowerTest {

    /** Trials per case for recall. False-failure cases run more, so a 1 % bound is not decided by a few draws. */
    static final int TRIALS = 300;
    static final CanaryJudge JUDGE = new CanaryJudge(CanaryConfig.defaults());

    static double poisson(SplittableRandom r, double lambda) {
        double l = Math.exp(-lambda), p = 1; // inversion by multiplication; fine for means up to ~50
        int k = 0;
        do {
            k++;
            p *= r.nextDouble();
        } while (p > l);
        return k - 1;
    }

    static Map<String, double[]> side(SplittableRandom r, int n, int requests, double errorRate, double spread,
                                      double latencyFactor) {
        double[] errors = new double[n], latency = new double[n];
        for (int i = 0; i < n; i++) {
            errors[i] = poisson(r, requests * errorRate) / requests;
            double l = 80 * Math.exp(spread * r.nextGaussian()) * latencyFactor;
            latency[i] = r.nextDouble() < 0.02 ? 3 * l : l;
        }
        return Map.of("error_rate", errors, "latency_p50_ms", latency);
    }

    static double failureRate(long seed, int n, int requests, double errorRate, double spread, double errorFactor,
                              double latencyFactor) {
        return failureRate(seed, TRIALS, n, requests, errorRate, spread, errorFactor, latencyFactor);
    }

    static double failureRate(long seed, int trials, int n, int requests, double errorRate, double spread,
                              double errorFactor, double latencyFactor) {
        SplittableRandom r = new SplittableRandom(seed);
        int failed = 0;
        for (int t = 0; t < trials; t++) {
            Map<String, double[]> baseline = side(r, n, requests, errorRate, spread, 1.0);
            Map<String, double[]> canary = side(r, n, requests, errorRate * errorFactor, spread, latencyFactor);
            CanaryVerdict v = JUDGE.judge(baseline, canary);
            assertThat(v.outcome()).isNotEqualTo(Outcome.INSUFFICIENT_DATA);
            if (!v.passed()) failed++;
        }
        double rate = (double) failed / trials;
        System.out.printf("canary power: n=%d requests=%d errorRate=%s spread=%s errors×%s latency×%s -> failed %.3f%n",
                n, requests, errorRate, spread, errorFactor, latencyFactor, rate);
        return rate;
    }

    @ParameterizedTest(name = "n = {0} per side, {1} requests per sample at {2} errors")
    @CsvSource({"30, 1000, 0.01", "60, 300, 0.01", "120, 200, 0.005", "60, 5000, 0.001"})
    void doubledErrorRateIsCaught(int n, int requests, double errorRate) {
        assertThat(failureRate(11 + n, n, requests, errorRate, 0.15, 2.0, 1.0)).isGreaterThanOrEqualTo(0.99);
    }

    @ParameterizedTest(name = "n = {0} per side, latency spread {1}")
    @CsvSource({"30, 0.10", "60, 0.15", "120, 0.15"})
    void twentyPercentSlowerMedianIsCaught(int n, double spread) {
        assertThat(failureRate(23 + n, n, 1000, 0.01, spread, 1.0, 1.2)).isGreaterThanOrEqualTo(0.99);
    }

    /**
     * The last case is sparse (half an error per sample): the tolerance cannot tell chance doublings from real ones
     * there, so the false-failure rate is α itself (0.5 %), the worst the defaults do.
     */
    @ParameterizedTest(name = "n = {0} per side, {1} requests per sample at {2} errors, latency spread {3}")
    @CsvSource({"30, 1000, 0.01, 0.10, 1000", "60, 300, 0.01, 0.15, 500", "120, 200, 0.005, 0.15, 300",
            "60, 5000, 0.001, 0.15, 500", "30, 50, 0.01, 0.10, 1000"})
    void equalDistributionsRarelyFail(int n, int requests, double errorRate, double spread, int trials) {
        assertThat(failureRate(37 + n, trials, n, requests, errorRate, spread, 1.0, 1.0)).isLessThanOrEqualTo(0.01);
    }
}
