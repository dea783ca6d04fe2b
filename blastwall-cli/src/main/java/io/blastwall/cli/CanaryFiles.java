package io.blastwall.cli;

import io.blastwall.core.BadInputException;
import io.blastwall.core.SourceLocation;
import io.blastwall.core.canary.CanaryConfig;
import io.blastwall.core.canary.CanaryMetric;
import io.blastwall.core.canary.Direction;
import io.blastwall.formats.doc.Documents;
import io.blastwall.formats.doc.Fields;
import io.blastwall.formats.doc.LocatedDocument;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads the input of {@code blastwall canary judge}: sample files (YAML/JSON {@code metrics: {name: [numbers]}} or
 * CSV {@code metric,value} lines) and the judge configuration (YAML/JSON). The formats are documented in
 * docs/canary.md. Every mistake becomes a {@link BadInputException} naming file and line (and JSON path); all
 * mistakes of a file are reported together (up to a limit). Stateless.
 */
final class CanaryFiles {

    /** Largest sample or config file read. */
    static final long MAX_BYTES = 16L * 1024 * 1024;
    private static final int MAX_PROBLEMS = 20;
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");
    private static final Pattern CSV_START = Pattern.compile("^[A-Za-z_][A-Za-z0-9_.:-]*\\s*,.*");

    private CanaryFiles() {
    }

    /** The samples of a file, per metric in file order; every metric must be configured. */
    static Map<String, double[]> samples(Path file, CanaryConfig config) {
        String name = file.toString();
        String text = Documents.readText(file, MAX_BYTES);
        Map<String, List<Double>> values = isCsv(name, text) ? csv(name, text, config) : document(name, text, config);
        if (values.values().stream().allMatch(List::isEmpty)) {
            throw new BadInputException(SourceLocation.of(name), "no samples; expected "
                    + "{metrics: {error_rate: [0.01, …], latency_p50_ms: [81.5, …]}} or CSV lines 'metric,value'");
        }
        Map<String, double[]> out = new LinkedHashMap<>();
        values.forEach((k, v) -> out.put(k, v.stream().mapToDouble(Double::doubleValue).toArray()));
        return out;
    }

    static boolean isCsv(String name, String text) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".csv")) return true;
        if (lower.endsWith(".json") || lower.endsWith(".yaml") || lower.endsWith(".yml")) return false;
        for (String line : text.split("\n", -1)) {
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("#")) continue;
            return CSV_START.matcher(t).matches();
        }
        return false;
    }

    private static Map<String, List<Double>> csv(String name, String text, CanaryConfig config) {
        Map<String, List<Double>> values = new LinkedHashMap<>();
        List<BadInputException.Problem> problems = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        boolean first = true;
        for (int i = 0; i < lines.length && problems.size() < MAX_PROBLEMS; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            SourceLocation at = SourceLocation.of(name, i + 1, "");
            String[] fields = line.split(",", -1);
            if (first && fields.length == 2 && fields[0].strip().equalsIgnoreCase("metric")
                    && fields[1].strip().equalsIgnoreCase("value")) {
                first = false;
                continue; // header
            }
            first = false;
            if (fields.length != 2) {
                problems.add(new BadInputException.Problem(at, "expected 'metric,value', found " + fields.length + " fields"));
                continue;
            }
            String metric = fields[0].strip();
            if (config.metric(metric).isEmpty()) {
                problems.add(new BadInputException.Problem(at, unknown(metric, config)));
                continue;
            }
            Double v = number(fields[1].strip());
            if (v == null) {
                problems.add(new BadInputException.Problem(at, "expected a number (or NaN, +Inf, -Inf) as the value of "
                        + metric + ", found '" + abbreviate(fields[1].strip()) + "'"));
                continue;
            }
            values.computeIfAbsent(metric, k -> new ArrayList<>()).add(v);
        }
        if (!problems.isEmpty()) throw new BadInputException(problems);
        return values;
    }

    private static Map<String, List<Double>> document(String name, String text, CanaryConfig config) {
        List<LocatedDocument> docs = Documents.parse(name, text, Documents.guessSyntax(name, text));
        if (docs.isEmpty()) throw new BadInputException(SourceLocation.of(name), "empty file; expected {metrics: {name: [numbers]}}");
        if (docs.size() > 1) throw new BadInputException(SourceLocation.of(name), "expected one document, found " + docs.size());
        Fields f = new Fields(docs.getFirst());
        Map<String, Object> root = f.object(docs.getFirst().root(), "$");
        for (String key : root.keySet()) {
            if (!key.equals("metrics")) throw f.error("$." + key, "unknown field '" + key + "'; expected only 'metrics'");
        }
        if (!root.containsKey("metrics")) throw f.error("$", "missing required field 'metrics'");
        Map<String, Object> metrics = f.object(root.get("metrics"), "$.metrics");
        Map<String, List<Double>> values = new LinkedHashMap<>();
        List<BadInputException.Problem> problems = new ArrayList<>();
        for (Map.Entry<String, Object> e : metrics.entrySet()) {
            String path = "$.metrics." + e.getKey();
            if (config.metric(e.getKey()).isEmpty()) {
                problems.add(new BadInputException.Problem(f.document().at(path), unknown(e.getKey(), config)));
                continue;
            }
            List<Object> list = f.list(e.getValue(), path);
            List<Double> vs = new ArrayList<>(list.size());
            for (int i = 0; i < list.size() && problems.size() < MAX_PROBLEMS; i++) {
                Object o = list.get(i);
                Double v = o == null ? Double.valueOf(Double.NaN) // a scrape gap
                        : o instanceof Number n ? Double.valueOf(n.doubleValue())
                        : o instanceof String s ? number(s.strip()) : null;
                if (v == null) {
                    problems.add(new BadInputException.Problem(f.document().at(path + "[" + i + "]"),
                            "expected a number (or null, NaN, +Inf, -Inf), found " + Fields.describe(o)
                                    + (o instanceof String s ? " '" + abbreviate(s) + "'" : "")));
                } else {
                    vs.add(v);
                }
            }
            values.put(e.getKey(), vs);
        }
        if (!problems.isEmpty()) throw new BadInputException(problems);
        return values;
    }

    /** A decimal number or one of the spellings of NaN and infinity used by Prometheus, YAML and R; else null. */
    static Double number(String s) {
        if (DECIMAL.matcher(s).matches()) return Double.parseDouble(s);
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "nan", ".nan" -> Double.NaN;
            case "inf", "+inf", ".inf", "+.inf", "infinity", "+infinity" -> Double.POSITIVE_INFINITY;
            case "-inf", "-.inf", "-infinity" -> Double.NEGATIVE_INFINITY;
            default -> null;
        };
    }

    private static String unknown(String metric, CanaryConfig config) {
        return "unknown metric '" + abbreviate(metric) + "'; configured: "
                + String.join(", ", config.metrics().stream().map(CanaryMetric::name).toList())
                + " (add it with --config)";
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }

    /** The judge configuration of a YAML/JSON file; fields left out take the defaults of docs/canary.md. */
    static CanaryConfig config(Path file) {
        List<LocatedDocument> docs = Documents.read(file, MAX_BYTES);
        if (docs.size() != 1) {
            throw new BadInputException(SourceLocation.of(file.toString()), "expected one configuration document, found " + docs.size());
        }
        Fields f = new Fields(docs.getFirst());
        Map<String, Object> root = f.object(docs.getFirst().root(), "$");
        known(f, root, "$", List.of("alpha", "passScore", "marginalScore", "metrics"));
        CanaryConfig d = CanaryConfig.defaults();
        if (root.get("metrics") == null) throw f.error("$", "missing required field 'metrics'");
        List<Object> list = f.list(root.get("metrics"), "$.metrics");
        List<CanaryMetric> metrics = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String path = "$.metrics[" + i + "]";
            Map<String, Object> m = f.object(list.get(i), path);
            known(f, m, path, List.of("name", "direction", "tolerance", "critical", "sloLimit", "minSamples", "absoluteFloor"));
            String name = f.string(m, "name", path);
            Direction direction = direction(f, f.string(m, "direction", path), path + ".direction");
            double tolerance = f.optDouble(m, "tolerance", path).orElseThrow(() -> f.error(path, "missing required field 'tolerance'"));
            try {
                metrics.add(new CanaryMetric(name, direction, tolerance, f.optBoolean(m, "critical", path).orElse(false),
                        f.optDouble(m, "sloLimit", path).orElse(Double.NaN),
                        Math.toIntExact(f.optLong(m, "minSamples", path).orElse(20L)),
                        f.optDouble(m, "absoluteFloor", path).orElse(0.0)));
            } catch (IllegalArgumentException | ArithmeticException e) {
                throw f.error(path, e.getMessage());
            }
        }
        try {
            return new CanaryConfig(metrics, f.optDouble(root, "alpha", "$").orElse(d.alpha()),
                    f.optDouble(root, "passScore", "$").orElse(d.passScore()),
                    f.optDouble(root, "marginalScore", "$").orElse(d.marginalScore()));
        } catch (IllegalArgumentException e) {
            throw f.error("$", e.getMessage());
        }
    }

    private static void known(Fields f, Map<String, Object> obj, String path, List<String> fields) {
        for (String key : obj.keySet()) {
            if (!fields.contains(key)) {
                throw f.error(path + "." + key, "unknown field '" + key + "'; expected one of " + String.join(", ", fields));
            }
        }
    }

    private static Direction direction(Fields f, String value, String path) {
        return switch (value.toLowerCase(Locale.ROOT).replace('_', '-')) {
            case "increase-is-bad" -> Direction.INCREASE_IS_BAD;
            case "decrease-is-bad" -> Direction.DECREASE_IS_BAD;
            case "either-is-bad" -> Direction.EITHER_IS_BAD;
            default -> throw f.error(path, "expected increase-is-bad, decrease-is-bad or either-is-bad, found '" + abbreviate(value) + "'");
        };
    }
}
