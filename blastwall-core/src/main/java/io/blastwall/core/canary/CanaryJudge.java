package io.blastwall.core.canary;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import static io.blastwall.core.canary.CanaryFormat.num;
import static io.blastwall.core.canary.CanaryFormat.p;
import static io.blastwall.core.canary.CanaryFormat.signed;

/**
 * Judges a canary against its baseline, metric by metric, and combines the results into a verdict.
 *
 * <p>Per metric (in this order; the first rule that applies decides):
 * <ol>
 *   <li>NaN and infinite points are dropped and counted. Infinite points in the bad direction on the canary
 *       (+∞ latency: beyond the largest histogram bucket, x/0) that the baseline does not show as often fail the
 *       metric — dropping them would hide the worst of the canary.</li>
 *   <li>The SLO gate: when the canary has at least {@code minSamples} usable points and their median breaches
 *       {@code sloLimit}, the metric fails, whatever the baseline says (an empty baseline cannot hide a breach).</li>
 *   <li>Fewer than {@code minSamples} usable points on either side, or more than a quarter of a side's points
 *       dropped: INSUFFICIENT_DATA — never PASS.</li>
 *   <li>Both sides constant and equal: PASS. (Other constant series go through the test, which handles them.)</li>
 *   <li>Mann–Whitney U test of canary against baseline, one-sided in the bad direction (two-sided for either).
 *       FAIL when p &lt; α and the shift in the bad direction exceeds the allowed shift — the Hodges–Lehmann shift
 *       beyond max(tolerance × |baseline median|, floor), or — only when the baseline median is 0 — the
 *       mean difference beyond max(tolerance × |baseline mean|, floor). The mean catches sparse error counts whose
 *       shift estimate stays on the tie at 0; the floor makes a zero baseline a question of absolute difference,
 *       never a division by zero into "no change".</li>
 *   <li>Otherwise PASS (not significant, or significant but within the tolerance).</li>
 * </ol>
 *
 * <p>Verdict: a failed critical metric fails it alone. Otherwise the score is the share of configured metrics that
 * passed (each weighs the same; criticality is expressed by the veto, not by weight). If some metrics lack data,
 * the verdict is INSUFFICIENT_DATA unless the failures already put even the best case below the marginal score,
 * in which case it fails. With full data: score ≥ passScore passes, ≥ marginalScore is marginal, else fails.
 *
 * <p>Immutable and thread-safe; judging allocates per call and keeps nothing.
 */
public final class CanaryJudge {

    /** A side with more than this share of its points NaN or infinite is not judged. */
    public static final double MAX_DROPPED_SHARE = 0.25;

    private final CanaryConfig config;

    public CanaryJudge(CanaryConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    public CanaryConfig config() {
        return config;
    }

    /**
     * Judges the canary's samples against the baseline's, per configured metric. A configured metric absent from
     * either map has no data; samples of metrics that are not configured are ignored (and said so in the reasons).
     */
    public CanaryVerdict judge(Map<String, double[]> baseline, Map<String, double[]> canary) {
        Objects.requireNonNull(baseline, "baseline");
        Objects.requireNonNull(canary, "canary");
        List<MetricResult> results = new ArrayList<>();
        for (CanaryMetric m : config.metrics()) {
            results.add(judgeMetric(m, Samples.of(baseline.get(m.name())), Samples.of(canary.get(m.name()))));
        }
        List<String> ignored = new ArrayList<>();
        for (String name : new java.util.TreeSet<>(unionKeys(baseline, canary))) {
            if (config.metric(name).isEmpty()) ignored.add("samples of metric '" + name + "' ignored: it is not configured");
        }
        return combine(results, ignored);
    }

    private static java.util.Set<String> unionKeys(Map<String, double[]> a, Map<String, double[]> b) {
        java.util.Set<String> keys = new java.util.HashSet<>(a.keySet());
        keys.addAll(b.keySet());
        return keys;
    }

    private CanaryVerdict combine(List<MetricResult> results, List<String> notes) {
        int total = results.size(), passed = 0, insufficient = 0;
        List<String> failures = new ArrayList<>(), criticalFailures = new ArrayList<>(), missing = new ArrayList<>();
        for (MetricResult r : results) {
            switch (r.outcome()) {
                case PASS -> passed++;
                case FAIL -> (r.critical() ? criticalFailures : failures).add(r.metric() + ": " + r.reason());
                case INSUFFICIENT_DATA -> {
                    insufficient++;
                    missing.add(r.metric() + ": " + r.reason());
                }
                case MARGINAL -> throw new IllegalStateException("metrics are never marginal");
            }
        }
        double score = (double) passed / total;
        double bestCase = (double) (passed + insufficient) / total;
        Outcome outcome;
        List<String> reasons = new ArrayList<>();
        if (!criticalFailures.isEmpty()) {
            outcome = Outcome.FAIL;
            reasons.add("critical metric failed: " + String.join("; ", criticalFailures));
            reasons.addAll(failures);
            reasons.addAll(missing);
        } else if (insufficient > 0 && bestCase < config.marginalScore()) {
            outcome = Outcome.FAIL;
            reasons.add(String.format(Locale.ROOT, "score %.2f is below the marginal threshold %.2f even if the metrics"
                    + " without data passed", score, config.marginalScore()));
            reasons.addAll(failures);
            reasons.addAll(missing);
        } else if (insufficient > 0) {
            outcome = Outcome.INSUFFICIENT_DATA;
            reasons.add("not enough data to judge " + insufficient + " of " + total
                    + (total == 1 ? " metric" : " metrics") + "; wait for more or halt, never promote on missing data");
            reasons.addAll(missing);
            reasons.addAll(failures);
        } else {
            outcome = score >= config.passScore() ? Outcome.PASS
                    : score >= config.marginalScore() ? Outcome.MARGINAL : Outcome.FAIL;
            reasons.add(String.format(Locale.ROOT, "%d of %d metrics passed (score %.2f; pass at %.2f, marginal at %.2f)",
                    passed, total, score, config.passScore(), config.marginalScore()));
            reasons.addAll(failures);
        }
        reasons.addAll(notes);
        return new CanaryVerdict(outcome, score, results, reasons);
    }

    private MetricResult judgeMetric(CanaryMetric m, Samples base, Samples can) {
        Partial p = new Partial(m, base, can);
        int badInfinite = can.infiniteInBadDirection(m.direction());
        if (badInfinite > 0 && share(badInfinite, can) > share(base.infiniteInBadDirection(m.direction()), base)) {
            return p.done(Outcome.FAIL, String.format(Locale.ROOT, "canary reported %d infinite %s of %d (baseline %d of %d):"
                            + " worse than any measurable value", badInfinite, badInfinite == 1 ? "value" : "values", can.raw(),
                    base.infiniteInBadDirection(m.direction()), base.raw()));
        }
        if (can.count() >= m.minSamples() && m.breachesSlo(can.median())) {
            return p.done(Outcome.FAIL, String.format(Locale.ROOT, "canary median %s breaches the SLO limit %s",
                    num(can.median()), num(m.sloLimit())));
        }
        String shortage = shortage(m, "baseline", base);
        if (shortage == null) shortage = shortage(m, "canary", can);
        if (shortage != null) return p.done(Outcome.INSUFFICIENT_DATA, shortage);
        if (base.constant() && can.constant() && base.sorted()[0] == can.sorted()[0]) {
            return p.done(Outcome.PASS, "baseline and canary are the same constant " + num(base.median()));
        }
        return p.tested(config.alpha());
    }

    private static double share(int k, Samples s) {
        return s.raw() == 0 ? 0 : (double) k / s.raw();
    }

    private static String shortage(CanaryMetric m, String side, Samples s) {
        if (s.raw() == 0) return "no " + side + " samples";
        if (s.dropped() > MAX_DROPPED_SHARE * s.raw()) {
            return String.format(Locale.ROOT, "%d of %d %s samples are NaN or infinite (more than %.0f%%): the source is"
                    + " not reporting reliably%s", s.dropped(), s.raw(), side, 100 * MAX_DROPPED_SHARE,
                    side.equals("canary") ? ", which a broken canary also causes" : "");
        }
        if (s.count() < m.minSamples()) {
            return String.format(Locale.ROOT, "only %d usable %s %s, need %d", s.count(), side,
                    s.count() == 1 ? "sample" : "samples", m.minSamples());
        }
        return null;
    }

    /** One metric's result in the making: the descriptive statistics are known, the test is run on demand. */
    private record Partial(CanaryMetric m, Samples base, Samples can) {

        MetricResult done(Outcome outcome, String reason) {
            return result(outcome, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, reason);
        }

        MetricResult result(Outcome outcome, double u, double p, double shift, double low, double high, double level,
                            String reason) {
            double baseMedian = base.median();
            double relative = Double.isNaN(shift) || baseMedian == 0 || Double.isNaN(baseMedian) ? Double.NaN
                    : shift / Math.abs(baseMedian);
            return new MetricResult(m.name(), outcome, m.critical(), base.count(), can.count(), base.dropped(),
                    can.dropped(), baseMedian, can.median(), base.mean(), can.mean(), u, p, shift, low, high, level,
                    relative, can.mean() - base.mean(), allowed(baseMedian), reason);
        }

        double allowed(double centre) {
            return Double.isNaN(centre) ? Double.NaN : Math.max(m.tolerance() * Math.abs(centre), m.absoluteFloor());
        }

        MetricResult tested(double alpha) {
            double[] x = can.sorted(), y = base.sorted();
            RankSum.Alternative alternative = switch (m.direction()) {
                case INCREASE_IS_BAD -> RankSum.Alternative.GREATER;
                case DECREASE_IS_BAD -> RankSum.Alternative.LESS;
                case EITHER_IS_BAD -> RankSum.Alternative.TWO_SIDED;
            };
            double level = m.direction() == Direction.EITHER_IS_BAD ? 1 - alpha : 1 - 2 * alpha;
            // R's tol.root is absolute (1e-4); relative to the data's range it keeps error rates of 0.001 precise too
            double range = Math.max(x[x.length - 1], y[y.length - 1]) - Math.min(x[0], y[0]);
            double tol = range > 0 ? range * 1e-6 : RankSum.DEFAULT_TOL_ROOT;
            RankSum.Result test = RankSum.test(x, y, alternative, 0.95, tol);
            RankSum.Result interval = RankSum.test(x, y, RankSum.Alternative.TWO_SIDED, level, tol);
            double shift = interval.estimate(), meanShift = can.mean() - base.mean();
            double allowedShift = allowed(base.median()), allowedMean = allowed(base.mean());
            boolean significant = test.pValue() < alpha;
            // with a baseline median of 0 (sparse errors) the shift estimate sits on the tie at 0 however many canary
            // points are non-zero; the mean difference sees them. Elsewhere the mean would only add outlier noise.
            boolean useMean = base.median() == 0;
            boolean beyond = switch (m.direction()) {
                case INCREASE_IS_BAD -> shift > allowedShift || (useMean && meanShift > allowedMean);
                case DECREASE_IS_BAD -> shift < -allowedShift || (useMean && meanShift < -allowedMean);
                case EITHER_IS_BAD -> Math.abs(shift) > allowedShift || (useMean && Math.abs(meanShift) > allowedMean);
            };
            String change = describe(shift, meanShift, interval);
            String pText = String.format(Locale.ROOT, "p = %s", p(test.pValue()));
            Outcome outcome;
            String reason;
            if (significant && beyond) {
                outcome = Outcome.FAIL;
                reason = String.format(Locale.ROOT, "canary %s, %s < α %s, beyond the tolerance (%s)", change, pText,
                        num(alpha), toleranceText(allowedShift));
            } else if (significant) {
                outcome = Outcome.PASS;
                reason = String.format(Locale.ROOT, "canary %s, %s: significant but within the tolerance (%s)", change,
                        pText, toleranceText(allowedShift));
            } else {
                outcome = Outcome.PASS;
                reason = String.format(Locale.ROOT, "no significant %s (%s ≥ α %s); canary %s", badWord(), pText,
                        num(alpha), change);
            }
            return result(outcome, test.statistic(), test.pValue(), shift, interval.confLow(), interval.confHigh(),
                    interval.confLevel(), reason);
        }

        private String describe(double shift, double meanShift, RankSum.Result interval) {
            double baseMedian = base.median();
            String rel = baseMedian == 0 ? "baseline median 0" : String.format(Locale.ROOT, "%+.1f%% of the baseline median %s",
                    100 * shift / Math.abs(baseMedian), num(baseMedian));
            return String.format(Locale.ROOT, "shift %s (%s; %.0f%% CI %s to %s; mean %s)", signed(shift), rel,
                    100 * interval.confLevel(), num(interval.confLow()), num(interval.confHigh()), signed(meanShift));
        }

        private String toleranceText(double allowedShift) {
            return String.format(Locale.ROOT, "%s%% of the baseline, at least %s: allowed shift %s",
                    num(100 * m.tolerance()), num(m.absoluteFloor()), num(allowedShift));
        }

        private String badWord() {
            return switch (m.direction()) {
                case INCREASE_IS_BAD -> "increase";
                case DECREASE_IS_BAD -> "decrease";
                case EITHER_IS_BAD -> "shift";
            };
        }
    }
}
