package io.blastwall.adapters;

import io.blastwall.core.BadInputException;
import io.blastwall.core.SourceLocation;
import io.blastwall.formats.doc.Documents;
import io.blastwall.formats.doc.Fields;
import io.blastwall.formats.doc.LocatedDocument;

import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Shared reading of the adapters' YAML/JSON configuration files: one document per file, no unknown keys (a typo must
 * not silently fall back to a default), durations as {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h} or ISO-8601.
 * Every problem is a {@link BadInputException} naming file, line and path. Stateless and thread-safe.
 */
public final class ConfigSupport {

    /** Configuration files are small; anything larger is a mistake. */
    public static final long MAX_CONFIG_BYTES = 1024 * 1024;

    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h)");

    private ConfigSupport() {
    }

    /** Reads {@code file}, which must hold exactly one document whose root is an object. */
    public static Fields readSingleObject(Path file) {
        List<LocatedDocument> docs = Documents.read(file, MAX_CONFIG_BYTES);
        if (docs.size() != 1) {
            throw new BadInputException(SourceLocation.of(file.toString()),
                    "expected exactly one YAML/JSON document, found " + docs.size());
        }
        Fields f = new Fields(docs.getFirst());
        f.object(docs.getFirst().root(), "$");
        return f;
    }

    /** Refuses keys of {@code obj} not in {@code allowed}, naming the first unknown one and the allowed set. */
    public static void onlyKeys(Fields f, Map<String, Object> obj, String path, Set<String> allowed) {
        for (String k : obj.keySet()) {
            if (!allowed.contains(k)) {
                throw f.error(path + "." + k, "unknown field '" + k + "'; expected one of " + new TreeSet<>(allowed));
            }
        }
    }

    /** An optional duration field; absent gives {@code dflt}. Must be positive. */
    public static Duration duration(Fields f, Map<String, Object> obj, String key, String path, Duration dflt) {
        Optional<String> text = f.optString(obj, key, path);
        if (text.isEmpty()) return dflt;
        Duration d = parseDuration(text.get().trim());
        if (d == null) {
            throw f.error(path + "." + key, "expected a duration such as 500ms, 30s, 5m, 1h or PT30S, found '"
                    + text.get() + "'");
        }
        if (d.isZero() || d.isNegative()) throw f.error(path + "." + key, "expected a positive duration");
        return d;
    }

    /** Parses {@code 250ms}, {@code 30s}, {@code 5m}, {@code 2h} or ISO-8601 ({@code PT1M30S}); null when neither. */
    public static Duration parseDuration(String text) {
        Matcher m = SHORT_DURATION.matcher(text);
        if (m.matches()) {
            long n;
            try {
                n = Long.parseLong(m.group(1));
            } catch (NumberFormatException e) {
                return null;
            }
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> null;
            };
        }
        try {
            return Duration.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** Resolves a path named in a configuration file against the file's directory (absolute paths stay as they are). */
    public static Path resolve(Path configFile, String named) {
        Path p = Path.of(named);
        if (p.isAbsolute()) return p;
        Path dir = configFile.toAbsolutePath().getParent();
        return dir == null ? p : dir.resolve(p).normalize();
    }
}
