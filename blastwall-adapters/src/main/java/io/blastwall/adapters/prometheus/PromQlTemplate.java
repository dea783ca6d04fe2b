package io.blastwall.adapters.prometheus;

import io.blastwall.core.rollout.MetricQuery;
import io.blastwall.core.rollout.RolloutTarget;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * A PromQL query with placeholders filled per {@link MetricQuery}:
 * <ul>
 *   <li>{@code {{nodes}}}, {@code {{zones}}}, {@code {{regions}}}: the distinct values of the query's targets as a
 *       regular-expression alternation, each value escaped for RE2 and then for a double-quoted PromQL string — for
 *       use as {@code node=~"{{nodes}}"}. No values (e.g. targets without zones) gives the empty string, which
 *       matches only series without that label;</li>
 *   <li>{@code {{role}}}: {@code canary} or {@code baseline};</li>
 *   <li>{@code {{step}}}: the query's step as a PromQL duration ({@code 30s}, {@code 1500ms}), for range vectors
 *       such as {@code rate(x[{{step}}])}; {@code {{step_seconds}}}: the same in seconds.</li>
 * </ul>
 * Anything else in double braces is refused when the template is parsed, so a typo cannot silently select
 * everything.
 *
 * <p>Immutable and thread-safe.
 */
public final class PromQlTemplate {

    /** The placeholders a template may use. */
    public enum Placeholder {
        NODES("nodes"), ZONES("zones"), REGIONS("regions"), ROLE("role"), STEP("step"), STEP_SECONDS("step_seconds");

        final String token;

        Placeholder(String token) {
            this.token = token;
        }

        static Optional<Placeholder> named(String token) {
            for (Placeholder p : values()) if (p.token.equals(token)) return Optional.of(p);
            return Optional.empty();
        }
    }

    private sealed interface Part {
    }

    private record Literal(String text) implements Part {
    }

    private record Slot(Placeholder placeholder) implements Part {
    }

    private final String source;
    private final List<Part> parts;

    private PromQlTemplate(String source, List<Part> parts) {
        this.source = source;
        this.parts = List.copyOf(parts);
    }

    /**
     * Parses {@code template}.
     *
     * @throws IllegalArgumentException naming the unknown or unclosed placeholder
     */
    public static PromQlTemplate parse(String template) {
        Objects.requireNonNull(template, "template");
        if (template.isBlank()) throw new IllegalArgumentException("the query is empty");
        List<Part> parts = new ArrayList<>();
        int i = 0;
        while (i < template.length()) {
            int open = template.indexOf("{{", i);
            if (open < 0) {
                parts.add(new Literal(template.substring(i)));
                break;
            }
            if (open > i) parts.add(new Literal(template.substring(i, open)));
            int close = template.indexOf("}}", open + 2);
            if (close < 0) throw new IllegalArgumentException("'{{' at offset " + open + " is never closed with '}}'");
            String token = template.substring(open + 2, close).trim();
            Placeholder p = Placeholder.named(token).orElseThrow(() -> new IllegalArgumentException(
                    "unknown placeholder {{" + token + "}}; expected one of {{nodes}}, {{zones}}, {{regions}}, {{role}}, "
                            + "{{step}}, {{step_seconds}}"));
            parts.add(new Slot(p));
            i = close + 2;
        }
        return new PromQlTemplate(template, parts);
    }

    /** The template as written. */
    public String source() {
        return source;
    }

    /** The PromQL for {@code query}. */
    public String render(MetricQuery query) {
        StringBuilder sb = new StringBuilder();
        for (Part part : parts) {
            switch (part) {
                case Literal l -> sb.append(l.text());
                case Slot s -> sb.append(value(s.placeholder(), query));
            }
        }
        return sb.toString();
    }

    private static String value(Placeholder p, MetricQuery q) {
        return switch (p) {
            case NODES -> alternation(q.targets(), RolloutTarget::nodeId);
            case ZONES -> alternation(q.targets(), RolloutTarget::zone);
            case REGIONS -> alternation(q.targets(), RolloutTarget::region);
            case ROLE -> q.role().name().toLowerCase(Locale.ROOT);
            case STEP -> promDuration(q.step());
            case STEP_SECONDS -> stepSeconds(q.step());
        };
    }

    /** Distinct non-empty values, each regex- then string-escaped, joined by {@code |}. */
    static String alternation(List<RolloutTarget> targets, Function<RolloutTarget, String> f) {
        Set<String> values = new LinkedHashSet<>();
        for (RolloutTarget t : targets) {
            String v = f.apply(t);
            if (!v.isEmpty()) values.add(v);
        }
        List<String> escaped = new ArrayList<>();
        for (String v : values) escaped.add(stringEscape(regexEscape(v)));
        return String.join("|", escaped);
    }

    /** Escapes RE2 metacharacters so the value matches only itself. */
    static String regexEscape(String value) {
        StringBuilder sb = new StringBuilder(value.length() + 8);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ("\\.+*?()|[]{}^$".indexOf(c) >= 0) sb.append('\\');
            sb.append(c);
        }
        return sb.toString();
    }

    /** Escapes for the inside of a double-quoted PromQL string literal (Go string escapes). */
    static String stringEscape(String value) {
        StringBuilder sb = new StringBuilder(value.length() + 8);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '"' -> sb.append("\\\"");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    /** A PromQL duration: whole seconds as {@code 30s}, otherwise milliseconds as {@code 1500ms}. */
    static String promDuration(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? (ms / 1000) + "s" : ms + "ms";
    }

    static String stepSeconds(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? Long.toString(ms / 1000) : java.math.BigDecimal.valueOf(ms, 3).stripTrailingZeros().toPlainString();
    }

    @Override
    public String toString() {
        return source;
    }
}
