package io.blastwall.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.blastwall.core.canary.CanaryConfig;
import io.blastwall.core.canary.CanaryFormat;
import io.blastwall.core.canary.CanaryJudge;
import io.blastwall.core.canary.CanaryVerdict;
import io.blastwall.core.canary.MetricResult;
import io.blastwall.core.canary.Outcome;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code blastwall canary judge --baseline FILE --canary FILE [--config FILE] [--json]}: judges two samples offline with
 * the same {@link CanaryJudge} the rollout engine uses (docs/canary.md).
 *
 * <p>Exit codes: 0 pass, 10 marginal, 11 insufficient data, 20 fail, 2 bad input (file:line and what was expected)
 * or a usage mistake. Output goes to the command line's writers; instances are used once per execution.
 */
@Command(name = "canary", mixinStandardHelpOptions = true,
        description = "Canary analysis: compare a canary's metric samples with a baseline's.",
        subcommands = {CanaryCommand.Judge.class})
public final class CanaryCommand implements Callable<Integer> {

    public static final int EXIT_PASS = 0;
    public static final int EXIT_MARGINAL = 10;
    public static final int EXIT_INSUFFICIENT_DATA = 11;
    public static final int EXIT_FAIL = 20;

    /** JSON schema identifier of {@code --json}; fields are only ever added within a version. */
    public static final String SCHEMA = "blastwall.io/canary/v1";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        err.println("Missing subcommand: judge.");
        spec.commandLine().usage(err);
        return Main.EXIT_BAD_INPUT;
    }

    static int exitCode(Outcome o) {
        return switch (o) {
            case PASS -> EXIT_PASS;
            case MARGINAL -> EXIT_MARGINAL;
            case INSUFFICIENT_DATA -> EXIT_INSUFFICIENT_DATA;
            case FAIL -> EXIT_FAIL;
        };
    }

    static String label(Outcome o) {
        return o.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Judges a canary sample file against a baseline sample file. */
    @Command(name = "judge", mixinStandardHelpOptions = true,
            description = {"Judge a canary against its baseline: Mann-Whitney U per metric with the Hodges-Lehmann shift,",
                    "tolerances, SLO gates and critical metrics. Exit 0 pass, 10 marginal, 11 insufficient data, 20 fail,",
                    "2 bad input."})
    static final class Judge implements Callable<Integer> {

        @Option(names = "--baseline", required = true, paramLabel = "FILE",
                description = "Baseline samples: YAML/JSON {metrics: {name: [numbers]}} or CSV 'metric,value' lines.")
        Path baseline;

        @Option(names = "--canary", required = true, paramLabel = "FILE", description = "Canary samples, same formats.")
        Path canary;

        @Option(names = "--config", paramLabel = "FILE",
                description = "Judge configuration (YAML/JSON: alpha, passScore, marginalScore, metrics). Default: error_rate and latency_p50_ms.")
        Path config;

        @Option(names = "--json", description = "Print the verdict as JSON (schema " + SCHEMA + ").")
        boolean json;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            CanaryConfig cfg = config == null ? CanaryConfig.defaults() : CanaryFiles.config(config);
            Map<String, double[]> base = CanaryFiles.samples(baseline, cfg);
            Map<String, double[]> can = CanaryFiles.samples(canary, cfg);
            CanaryVerdict verdict = new CanaryJudge(cfg).judge(base, can);
            PrintWriter out = spec.commandLine().getOut();
            if (json) out.println(json(verdict, cfg));
            else text(verdict, cfg, out);
            out.flush();
            return exitCode(verdict.outcome());
        }
    }

    static void text(CanaryVerdict v, CanaryConfig cfg, PrintWriter out) {
        List<String> reasons = v.reasons();
        out.println(v.outcome().name().replace('_', ' ') + ": " + (reasons.isEmpty() ? "" : reasons.getFirst()));
        for (String r : reasons.subList(Math.min(1, reasons.size()), reasons.size())) out.println("  " + r);
        out.printf(Locale.ROOT, "score %.2f (pass at %s, marginal at %s); α %s per metric%n", v.score(),
                CanaryFormat.num(cfg.passScore()), CanaryFormat.num(cfg.marginalScore()), CanaryFormat.num(cfg.alpha()));
        out.println();
        String[] header = {"metric", "outcome", "n base", "n canary", "median base", "median canary", "shift", "effect",
                "p-value", "allowed"};
        List<String[]> rows = new java.util.ArrayList<>();
        rows.add(header);
        for (MetricResult m : v.metrics()) {
            rows.add(new String[]{m.metric() + (m.critical() ? " *" : ""), m.outcome().name(),
                    m.baselineCount() + (m.baselineDropped() > 0 ? "(-" + m.baselineDropped() + ")" : ""),
                    m.canaryCount() + (m.canaryDropped() > 0 ? "(-" + m.canaryDropped() + ")" : ""),
                    CanaryFormat.num(m.baselineMedian()), CanaryFormat.num(m.canaryMedian()),
                    CanaryFormat.signed(m.shift()), CanaryFormat.percent(m.relativeEffect()),
                    CanaryFormat.p(m.pValue()), CanaryFormat.num(m.allowedShift())});
        }
        int[] width = new int[header.length];
        for (String[] r : rows) for (int i = 0; i < r.length; i++) width[i] = Math.max(width[i], r[i].length());
        for (String[] r : rows) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < r.length; i++) {
                String cell = i < 2 ? String.format("%-" + width[i] + "s", r[i]) : String.format("%" + width[i] + "s", r[i]);
                sb.append(i == 0 ? "" : "  ").append(cell);
            }
            out.println(sb.toString().stripTrailing());
        }
        out.println();
        for (MetricResult m : v.metrics()) out.println(m.metric() + ": " + m.reason());
        if (v.metrics().stream().anyMatch(MetricResult::critical)) out.println("(* critical: fails the verdict alone)");
    }

    static String json(CanaryVerdict v, CanaryConfig cfg) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("schemaVersion", SCHEMA);
        root.put("outcome", label(v.outcome()));
        root.put("exitCode", exitCode(v.outcome()));
        root.put("score", v.score());
        root.put("reasons", v.reasons());
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("alpha", cfg.alpha());
        c.put("passScore", cfg.passScore());
        c.put("marginalScore", cfg.marginalScore());
        root.put("config", c);
        root.put("metrics", v.metrics().stream().map(m -> {
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("metric", m.metric());
            j.put("outcome", label(m.outcome()));
            j.put("critical", m.critical());
            j.put("baseline", side(m.baselineCount(), m.baselineDropped(), m.baselineMedian(), m.baselineMean()));
            j.put("canary", side(m.canaryCount(), m.canaryDropped(), m.canaryMedian(), m.canaryMean()));
            j.put("u", n(m.u()));
            j.put("pValue", n(m.pValue()));
            j.put("shift", n(m.shift()));
            Map<String, Object> ci = new LinkedHashMap<>();
            ci.put("low", n(m.confLow()));
            ci.put("high", n(m.confHigh()));
            ci.put("level", n(m.confLevel()));
            j.put("confidenceInterval", ci);
            j.put("relativeEffect", n(m.relativeEffect()));
            j.put("meanShift", n(m.meanShift()));
            j.put("allowedShift", n(m.allowedShift()));
            j.put("reason", m.reason());
            return j;
        }).toList());
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of maps, lists and numbers always serialises", e);
        }
    }

    private static Map<String, Object> side(int count, int dropped, double median, double mean) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("count", count);
        m.put("dropped", dropped);
        m.put("median", n(median));
        m.put("mean", n(mean));
        return m;
    }

    /** JSON has no NaN or infinity: statistics that could not be computed are null. */
    private static Double n(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
