package io.blastwall.formats.policy;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads durations as people write them in configuration: {@code 10m}, {@code 1h30m}, {@code 90s}, {@code 500ms},
 * {@code 2d}, or ISO-8601 ({@code PT10M}). A bare number is refused because its unit would be a guess. Stateless.
 */
final class Durations {

    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h|d)");
    private static final Pattern WHOLE = Pattern.compile("(?:\\d+(?:\\.\\d+)?(?:ms|s|m|h|d))+");

    private Durations() {
    }

    /** The duration, or empty when the text is not one. */
    static Optional<Duration> parse(String text) {
        String t = text.strip();
        if (t.isEmpty()) return Optional.empty();
        if (t.charAt(0) == 'P' || t.charAt(0) == 'p') {
            try {
                return Optional.of(Duration.parse(t));
            } catch (DateTimeParseException e) {
                return Optional.empty();
            }
        }
        if (!WHOLE.matcher(t).matches()) return Optional.empty();
        Matcher m = PART.matcher(t);
        Duration total = Duration.ZERO;
        while (m.find()) {
            double amount = Double.parseDouble(m.group(1));
            long unitNanos = switch (m.group(2)) {
                case "ms" -> 1_000_000L;
                case "s" -> 1_000_000_000L;
                case "m" -> 60_000_000_000L;
                case "h" -> 3_600_000_000_000L;
                case "d" -> 86_400_000_000_000L;
                default -> throw new IllegalStateException("unit " + m.group(2));
            };
            double nanos = amount * unitNanos;
            if (nanos > Long.MAX_VALUE / 2) return Optional.empty();
            total = total.plusNanos(Math.round(nanos));
        }
        return Optional.of(total);
    }

    /** {@code 10m}, {@code 1h30m}: the shortest form {@link #parse} reads back. */
    static String format(Duration d) {
        if (d.isZero()) return "0s";
        StringBuilder sb = new StringBuilder();
        long s = d.getSeconds();
        if (s / 86400 > 0) sb.append(s / 86400).append('d');
        if (s % 86400 / 3600 > 0) sb.append(s % 86400 / 3600).append('h');
        if (s % 3600 / 60 > 0) sb.append(s % 3600 / 60).append('m');
        if (s % 60 > 0) sb.append(s % 60).append('s');
        if (d.getNano() > 0) sb.append(d.getNano() / 1_000_000).append("ms");
        return sb.toString();
    }
}
