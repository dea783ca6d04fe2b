package io.blastwall.sim;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict reader of the Prometheus text exposition format 0.0.4, for tests: every line must be a HELP, a TYPE or a
 * sample; a family's HELP and TYPE come before its samples, once; samples of a family are contiguous and belong to it
 * (histograms: _bucket with an le label, _sum, _count); label values are quoted with only \\, \" and \n escaped; no
 * series appears twice; histogram buckets are cumulative and the +Inf bucket equals _count. Violations throw with the
 * line number.
 */
final class ExpositionParser {

    record Sample(String name, Map<String, String> labels, double value) {
    }

    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final Set<String> TYPES = Set.of("counter", "gauge", "histogram", "summary", "untyped");

    static List<Sample> parse(String text) {
        if (!text.isEmpty() && !text.endsWith("\n")) throw new IllegalArgumentException("exposition must end with a newline");
        List<Sample> out = new ArrayList<>();
        Map<String, String> types = new HashMap<>();
        Set<String> helped = new HashSet<>();
        Set<String> finished = new HashSet<>();
        Set<String> seen = new HashSet<>();
        String current = null;
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length - 1; i++) {
            String line = lines[i];
            int no = i + 1;
            if (line.startsWith("# HELP ") || line.startsWith("# TYPE ")) {
                String[] parts = line.split(" ", 4);
                if (parts.length < 4 || !NAME.matcher(parts[2]).matches()) throw bad(no, "malformed " + parts[1]);
                String family = parts[2];
                if (finished.contains(family)) throw bad(no, "family " + family + " reopened");
                if (current != null && !current.equals(family)) finished.add(current);
                current = family;
                if (parts[1].equals("HELP")) {
                    if (!helped.add(family)) throw bad(no, "second HELP for " + family);
                } else {
                    if (!TYPES.contains(parts[3])) throw bad(no, "unknown type " + parts[3]);
                    if (types.put(family, parts[3]) != null) throw bad(no, "second TYPE for " + family);
                }
                continue;
            }
            if (line.startsWith("#") || line.isBlank()) throw bad(no, "unexpected line");
            Sample s = sample(line, no);
            String family = familyOf(s.name(), types);
            if (family == null || !family.equals(current)) throw bad(no, "sample " + s.name() + " outside its family's block");
            if (!seen.add(s.name() + s.labels())) throw bad(no, "duplicate series " + s.name() + s.labels());
            String type = types.get(family);
            if (type.equals("histogram") && s.name().endsWith("_bucket") && !s.labels().containsKey("le")) throw bad(no, "bucket without le");
            if (type.equals("counter") && !(s.value() >= 0)) throw bad(no, "negative counter");
            out.add(s);
        }
        checkHistograms(out, types);
        return out;
    }

    private static String familyOf(String name, Map<String, String> types) {
        if (types.containsKey(name)) return name;
        for (String suffix : new String[] {"_bucket", "_sum", "_count"}) {
            if (name.endsWith(suffix)) {
                String f = name.substring(0, name.length() - suffix.length());
                if ("histogram".equals(types.get(f))) return f;
            }
        }
        return null;
    }

    private static Sample sample(String line, int no) {
        Matcher m = NAME.matcher(line);
        if (!m.lookingAt()) throw bad(no, "no metric name");
        String name = m.group();
        int i = m.end();
        Map<String, String> labels = new LinkedHashMap<>();
        if (i < line.length() && line.charAt(i) == '{') {
            i++;
            while (line.charAt(i) != '}') {
                Matcher ln = LABEL_NAME.matcher(line).region(i, line.length());
                if (!ln.lookingAt()) throw bad(no, "bad label name at column " + (i + 1));
                i = ln.end();
                if (line.charAt(i) != '=' || line.charAt(i + 1) != '"') throw bad(no, "expected =\" at column " + (i + 1));
                i += 2;
                StringBuilder v = new StringBuilder();
                while (line.charAt(i) != '"') {
                    char c = line.charAt(i++);
                    if (c == '\\') {
                        char e = line.charAt(i++);
                        v.append(switch (e) {
                            case '\\' -> '\\';
                            case '"' -> '"';
                            case 'n' -> '\n';
                            default -> throw bad(no, "bad escape \\" + e);
                        });
                    } else {
                        v.append(c);
                    }
                }
                i++;
                if (labels.put(ln.group(), v.toString()) != null) throw bad(no, "label " + ln.group() + " twice");
                if (line.charAt(i) == ',') i++;
                else if (line.charAt(i) != '}') throw bad(no, "expected , or } at column " + (i + 1));
            }
            i++;
        }
        if (i >= line.length() || line.charAt(i) != ' ') throw bad(no, "expected a space before the value");
        String[] rest = line.substring(i + 1).split(" ");
        if (rest.length > 2) throw bad(no, "trailing text");
        double value = switch (rest[0]) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            case "NaN" -> Double.NaN;
            default -> {
                try {
                    yield Double.parseDouble(rest[0]);
                } catch (NumberFormatException e) {
                    throw bad(no, "bad value " + rest[0]);
                }
            }
        };
        if (rest.length == 2) {
            try {
                Long.parseLong(rest[1]);
            } catch (NumberFormatException e) {
                throw bad(no, "bad timestamp " + rest[1]);
            }
        }
        return new Sample(name, labels, value);
    }

    private static void checkHistograms(List<Sample> samples, Map<String, String> types) {
        Map<String, List<Sample>> buckets = new LinkedHashMap<>();
        Map<String, Double> counts = new HashMap<>();
        for (Sample s : samples) {
            if (s.name().endsWith("_bucket")) {
                Map<String, String> key = new LinkedHashMap<>(s.labels());
                key.remove("le");
                buckets.computeIfAbsent(s.name().replace("_bucket", "") + key, k -> new ArrayList<>()).add(s);
            } else if (s.name().endsWith("_count")) {
                counts.put(s.name().replace("_count", "") + s.labels(), s.value());
            }
        }
        buckets.forEach((series, bs) -> {
            double prevLe = Double.NEGATIVE_INFINITY, prev = 0;
            for (Sample b : bs) {
                double le = b.labels().get("le").equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(b.labels().get("le"));
                if (!(le > prevLe)) throw new IllegalArgumentException(series + ": le not increasing");
                if (b.value() < prev) throw new IllegalArgumentException(series + ": buckets not cumulative at le=" + le);
                prevLe = le;
                prev = b.value();
            }
            if (prevLe != Double.POSITIVE_INFINITY) throw new IllegalArgumentException(series + ": no +Inf bucket");
            Double count = counts.get(series);
            if (count == null || count != prev) throw new IllegalArgumentException(series + ": +Inf bucket " + prev + " != count " + count);
        });
    }

    private static IllegalArgumentException bad(int line, String what) {
        return new IllegalArgumentException("line " + line + ": " + what);
    }
}
