package io.blastwall.formats.doc;

import io.blastwall.core.BadInputException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Typed, located access to a {@link LocatedDocument}'s tree: every accessor takes the JSON path of the value
 * it reads, and a missing or mistyped value becomes a {@link BadInputException} naming file, line, path and
 * what was expected. Stateless.
 */
public final class Fields {

    private final LocatedDocument doc;

    public Fields(LocatedDocument doc) {
        this.doc = doc;
    }

    public LocatedDocument document() {
        return doc;
    }

    public BadInputException error(String path, String message) {
        return new BadInputException(doc.at(path), message);
    }

    @SuppressWarnings("unchecked")
    public Map<String, Object> object(Object value, String path) {
        if (value instanceof Map<?, ?> m) return (Map<String, Object>) m;
        throw error(path, "expected an object, found " + describe(value));
    }

    @SuppressWarnings("unchecked")
    public List<Object> list(Object value, String path) {
        if (value instanceof List<?> l) return (List<Object>) l;
        throw error(path, "expected a list, found " + describe(value));
    }

    public String string(Map<String, Object> obj, String key, String path) {
        Object v = obj.get(key);
        if (v instanceof String s && !s.isBlank()) return s;
        if (v == null) throw error(path, "missing required field '" + key + "'");
        throw error(path + "." + key, "expected a non-empty string, found " + describe(v));
    }

    public Optional<String> optString(Map<String, Object> obj, String key, String path) {
        Object v = obj.get(key);
        if (v == null) return Optional.empty();
        if (v instanceof String s) return Optional.of(s);
        if (v instanceof Number || v instanceof Boolean) return Optional.of(String.valueOf(v));
        throw error(path + "." + key, "expected a string, found " + describe(v));
    }

    public Optional<Long> optLong(Map<String, Object> obj, String key, String path) {
        Object v = obj.get(key);
        if (v == null) return Optional.empty();
        if (v instanceof Long l) return Optional.of(l);
        if (v instanceof Integer i) return Optional.of(i.longValue());
        if (v instanceof Double d && d == Math.rint(d) && !d.isInfinite()) return Optional.of(d.longValue());
        if (v instanceof String s) {
            try {
                return Optional.of(Long.parseLong(s.trim()));
            } catch (NumberFormatException ignored) {
                // fall through to the error below
            }
        }
        throw error(path + "." + key, "expected a whole number, found " + describe(v));
    }

    public Optional<Double> optDouble(Map<String, Object> obj, String key, String path) {
        Object v = obj.get(key);
        if (v == null) return Optional.empty();
        if (v instanceof Number n) return Optional.of(n.doubleValue());
        if (v instanceof String s) {
            try {
                return Optional.of(Double.parseDouble(s.trim()));
            } catch (NumberFormatException ignored) {
                // fall through to the error below
            }
        }
        throw error(path + "." + key, "expected a number, found " + describe(v));
    }

    public Optional<Boolean> optBoolean(Map<String, Object> obj, String key, String path) {
        Object v = obj.get(key);
        if (v == null) return Optional.empty();
        if (v instanceof Boolean b) return Optional.of(b);
        if (v instanceof String s && (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false"))) {
            return Optional.of(Boolean.parseBoolean(s));
        }
        throw error(path + "." + key, "expected true or false, found " + describe(v));
    }

    /** A list of strings; a single string is accepted as a list of one. */
    public List<String> stringList(Map<String, Object> obj, String key, String path) {
        Object v = obj.get(key);
        if (v == null) return List.of();
        if (v instanceof String s) return List.of(s);
        List<String> out = new ArrayList<>();
        List<Object> l = list(v, path + "." + key);
        for (int i = 0; i < l.size(); i++) {
            Object e = l.get(i);
            if (!(e instanceof String s)) throw error(path + "." + key + "[" + i + "]", "expected a string, found " + describe(e));
            out.add(s);
        }
        return out;
    }

    /** A short description of a value's type for error messages; never the value itself (it may be secret). */
    public static String describe(Object v) {
        return switch (v) {
            case null -> "null";
            case String s -> s.isBlank() ? "an empty string" : "a string";
            case Boolean b -> "a boolean";
            case Number n -> "a number";
            case Map<?, ?> m -> "an object";
            case List<?> l -> "a list";
            default -> v.getClass().getSimpleName();
        };
    }
}
