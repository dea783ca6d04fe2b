package io.blastwall.server.mcp;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Typed access to a tool call's {@code arguments}, each failure naming the argument (as a JSON path) and what was
 * expected. The SDK already validates arguments against the tool's input schema before a handler runs; this is the
 * second line, so a handler never works on a value of the wrong type even if that validation is turned off (or a
 * schema is looser than the handler).
 *
 * <p>Immutable view over the map it was given; not thread-safe beyond that map's own guarantees.
 */
final class ToolArguments {

    /** An argument is missing or has the wrong type or value: becomes an MCP tool error. */
    static final class Invalid extends RuntimeException {
        Invalid(String path, String expected) {
            super("argument " + path + ": " + expected);
        }
    }

    private final Map<String, Object> args;

    ToolArguments(Map<String, Object> args) {
        this.args = args == null ? Map.of() : args;
    }

    /** Refuses arguments the tool does not define (a misspelt optional argument would otherwise be silently ignored). */
    ToolArguments only(Set<String> known) {
        for (String k : args.keySet()) {
            if (!known.contains(k)) {
                throw new Invalid("$." + k, "is not an argument of this tool; expected one of " + String.join(", ", known.stream().sorted().toList()));
            }
        }
        return this;
    }

    String requiredString(String name) {
        String s = optionalString(name, null);
        if (s == null || s.isBlank()) throw new Invalid("$." + name, "is required: a non-empty string");
        return s.strip();
    }

    String optionalString(String name, String dflt) {
        Object v = args.get(name);
        if (v == null) return dflt;
        if (!(v instanceof String s)) throw new Invalid("$." + name, "expected a string, found " + typeOf(v));
        return s;
    }

    int optionalInt(String name, int dflt, int min, int max) {
        Object v = args.get(name);
        if (v == null) return dflt;
        if (!(v instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
            throw new Invalid("$." + name, "expected a whole number, found " + typeOf(v));
        }
        long l = n.longValue();
        if (l < min || l > max) throw new Invalid("$." + name, "expected a number from " + min + " to " + max + ", found " + l);
        return (int) l;
    }

    /** {@code documents}: a non-empty array of {@code {name, content}} objects. */
    List<Document> documents(String name) {
        Object v = args.get(name);
        if (v == null) throw new Invalid("$." + name, "is required: an array of {name, content} documents");
        if (!(v instanceof List<?> list)) throw new Invalid("$." + name, "expected an array, found " + typeOf(v));
        if (list.isEmpty()) throw new Invalid("$." + name, "needs at least one document {name, content}");
        List<Document> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String at = "$." + name + "[" + i + "]";
            if (!(list.get(i) instanceof Map<?, ?> m)) throw new Invalid(at, "expected an object {name, content}, found " + typeOf(list.get(i)));
            if (!(m.get("name") instanceof String n) || n.isBlank()) throw new Invalid(at + ".name", "is required: a non-empty string");
            if (!(m.get("content") instanceof String c)) throw new Invalid(at + ".content", "is required: the document's text as a string");
            out.add(new Document(n, c));
        }
        return out;
    }

    /** One document of a check or proposal. */
    record Document(String name, String content) {
        Document {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(content, "content");
        }
    }

    private static String typeOf(Object v) {
        return switch (v) {
            case null -> "null";
            case String s -> "a string";
            case Boolean b -> "a boolean";
            case Number n -> "the number " + n;
            case List<?> l -> "an array";
            case Map<?, ?> m -> "an object";
            default -> v.getClass().getSimpleName();
        };
    }
}
