package io.blastwall.bench.detect;

import io.blastwall.bench.detect.RolloutRun.Result;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The accounting of a detection-quality run: a bad change that stopped is a true positive, a good one that stopped a
 * false halt; precision, recall overall and per kind and size, the wave rollouts stopped at, the time from the first
 * bad signal to the stop. Immutable once built; renders Markdown.
 */
public record DetectionReport(List<Result> results) {

    public DetectionReport {
        results = List.copyOf(results);
    }

    public List<Result> bad() {
        return results.stream().filter(r -> !(r.scenario().fault() instanceof Fault.Good)).toList();
    }

    public List<Result> good() {
        return results.stream().filter(r -> r.scenario().fault() instanceof Fault.Good).toList();
    }

    public long caught() {
        return bad().stream().filter(Result::stopped).count();
    }

    public long falseHalts() {
        return good().stream().filter(Result::stopped).count();
    }

    public double precision() {
        long tp = caught();
        return tp == 0 ? 0 : (double) tp / (tp + falseHalts());
    }

    public double recall() {
        return bad().isEmpty() ? 0 : (double) caught() / bad().size();
    }

    /** Recall over the bad changes the issue's target covers ({@link Fault#mustCatch()}). */
    public double mustCatchRecall() {
        List<Result> m = bad().stream().filter(r -> r.scenario().fault().mustCatch()).toList();
        return m.isEmpty() ? 0 : (double) m.stream().filter(Result::stopped).count() / m.size();
    }

    public long mustCatchCount() {
        return bad().stream().filter(r -> r.scenario().fault().mustCatch()).count();
    }

    public double falseHaltRate() {
        return good().isEmpty() ? 0 : (double) falseHalts() / good().size();
    }

    /** Median wave at which caught bad changes stopped (nearest rank); 0 when none was caught. */
    public int medianStopWave() {
        List<Integer> w = bad().stream().filter(Result::stopped).map(Result::stopWave).sorted().toList();
        return w.isEmpty() ? 0 : w.get((w.size() - 1) / 2);
    }

    /** Time from the first bad signal to the stop, over caught bad changes: quantile {@code q} (nearest rank). */
    public Optional<Duration> detection(double q, Predicate<Result> which) {
        List<Duration> d = bad().stream().filter(which).map(Result::detection).flatMap(Optional::stream).sorted().toList();
        if (d.isEmpty()) return Optional.empty();
        return Optional.of(d.get(Math.max(0, (int) Math.ceil(q * d.size()) - 1)));
    }

    /** The report as Markdown: the headline numbers, per kind and size, the stop waves, and every miss and false halt. */
    public String markdown(Duration runtime) {
        StringBuilder b = new StringBuilder();
        long mc = bad().stream().filter(r -> r.scenario().fault().mustCatch() && r.stopped()).count();
        b.append("| measure | value | target |\n|---|---|---|\n");
        row(b, "rollouts (bad / good)", results.size() + " (" + bad().size() + " / " + good().size() + ")", "≥ 200");
        row(b, "precision", pct(precision()) + " (" + caught() + " of " + (caught() + falseHalts()) + " stops were bad changes)", "");
        row(b, "recall, all bad changes", pct(recall()) + " (" + caught() + " / " + bad().size() + ")", "");
        row(b, "recall, ≥ ×2 errors or ≥ +20 % latency", pct(mustCatchRecall()) + " (" + mc + " / " + mustCatchCount()
                + "; 95 % CI " + wilson(mc, mustCatchCount()) + ")", "≥ 99 %");
        row(b, "false halts of good rollouts", pct(falseHaltRate()) + " (" + falseHalts() + " / " + good().size()
                + "; 95 % CI " + wilson(falseHalts(), good().size()) + ")", "≤ 1 %");
        row(b, "median stop wave (caught bad changes)", Integer.toString(medianStopWave()), "1");
        row(b, "first bad signal → stop, median / p90", dur(detection(0.5, r -> true)) + " / " + dur(detection(0.9, r -> true)), "");
        row(b, "runtime (wall)", dur(Optional.of(runtime)), "");
        b.append("\nPer kind and size of bad change (recall, median stop wave, first bad signal → stop median / p90):\n\n");
        b.append("| change | target? | rollouts | caught | recall | median wave | detection median | p90 |\n");
        b.append("|---|---|---|---|---|---|---|---|\n");
        Map<String, List<Result>> byLabel = new LinkedHashMap<>();
        for (Fault f : Fault.badChanges()) byLabel.put(f.label(), new ArrayList<>());
        for (Result r : bad()) byLabel.computeIfAbsent(r.scenario().fault().label(), k -> new ArrayList<>()).add(r);
        for (var e : byLabel.entrySet()) {
            List<Result> rs = e.getValue();
            if (rs.isEmpty()) continue;
            DetectionReport sub = new DetectionReport(rs);
            b.append("| ").append(e.getKey()).append(" | ").append(rs.getFirst().scenario().fault().mustCatch() ? "yes" : "")
                    .append(" | ").append(rs.size()).append(" | ").append(sub.caught()).append(" | ").append(pct(sub.recall()))
                    .append(" | ").append(sub.caught() == 0 ? "–" : sub.medianStopWave())
                    .append(" | ").append(dur(sub.detection(0.5, r -> true))).append(" | ").append(dur(sub.detection(0.9, r -> true)))
                    .append(" |\n");
        }
        TreeMap<String, Long> states = new TreeMap<>();
        for (Result r : results) states.merge(r.state().name().toLowerCase(Locale.ROOT), 1L, Long::sum);
        b.append("\nEnd states: ").append(String.join(", ", states.entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue()).toList())).append(" (running = out of time, counted as stopped).\n");
        b.append("\nStop wave of caught bad changes: ");
        TreeMap<Integer, Long> waves = new TreeMap<>();
        for (Result r : bad()) if (r.stopped()) waves.merge(r.stopWave(), 1L, Long::sum);
        b.append(waves.isEmpty() ? "none" : String.join(", ", waves.entrySet().stream()
                .map(e -> "wave " + e.getKey() + ": " + e.getValue()).toList())).append(".\n");
        List<Result> misses = bad().stream().filter(r -> !r.stopped()).toList();
        List<Result> falseHalts = good().stream().filter(Result::stopped).toList();
        if (!misses.isEmpty() || !falseHalts.isEmpty()) {
            b.append("\nMisses and false halts:\n\n");
            for (Result r : misses) b.append("- missed: ").append(describe(r)).append(" — wave 1: ").append(r.firstWave()).append('\n');
            for (Result r : falseHalts) b.append("- false halt: ").append(describe(r)).append(" — ").append(r.reason()).append('\n');
        }
        return b.toString();
    }

    static String describe(Result r) {
        Scenario s = r.scenario();
        return "#" + s.index() + " " + s.fault().label() + " on " + String.join("+", s.nodeIds()) + " at "
                + s.start().toString().substring(11, 16) + " UTC, " + r.state().name().toLowerCase(Locale.ROOT)
                + (r.stopWave() > 0 ? " in wave " + r.stopWave() + " of " + r.waves() : " (" + r.waves() + " waves)");
    }

    private static void row(StringBuilder b, String k, String v, String target) {
        b.append("| ").append(k).append(" | ").append(v).append(" | ").append(target).append(" |\n");
    }

    static String pct(double d) {
        return String.format(Locale.ROOT, "%.1f %%", d * 100);
    }

    /** Wilson score interval at 95 % for k of n. */
    static String wilson(long k, long n) {
        if (n == 0) return "–";
        double z = 1.959964, p = (double) k / n, z2 = z * z;
        double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
        double half = z * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n)) / (1 + z2 / n);
        return pct(Math.max(0, centre - half)) + "–" + pct(Math.min(1, centre + half));
    }

    static String dur(Optional<Duration> d) {
        if (d.isEmpty()) return "–";
        long s = d.get().toSeconds();
        return s < 60 ? s + " s" : String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60);
    }

    /** The results sorted by scenario index (parallel runs finish out of order). */
    public static DetectionReport of(List<Result> results) {
        List<Result> sorted = new ArrayList<>(results);
        sorted.sort(Comparator.comparingInt(r -> r.scenario().index()));
        return new DetectionReport(sorted);
    }
}
