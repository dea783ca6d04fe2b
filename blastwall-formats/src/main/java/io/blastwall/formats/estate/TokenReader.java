package io.blastwall.formats.estate;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.base.ParserBase;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import io.blastwall.core.SourceLocation;
import io.blastwall.core.estate.Symbols;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Typed reads of the current token of a streaming parser. A value of the wrong type is recorded as a problem
 * (file, line, JSON path, what was expected) and skipped, and the read returns a sentinel, so that parsing goes on
 * and every mistake of a file is reported at once. The JSON path is computed from the parser's own context only
 * when a problem is recorded, so correct input pays nothing for it.
 *
 * <p>Not thread-safe: one per parser.
 */
class TokenReader {

    /** Returned by {@link #wholeNumber} when the value was bad. */
    static final long BAD_LONG = Long.MIN_VALUE;

    final String file;
    final JsonParser p;
    /** The JSON parser's own token position, read without a {@link JsonLocation} per call; null for YAML. */
    private final ParserBase json;
    final BadInputCollector bad;
    /** Canonical copies of repetitive values (owners, regions, zones, kinds): read without a new String each time. */
    private final Symbols values = new Symbols();

    TokenReader(String file, JsonParser p, BadInputCollector bad) {
        this.file = file;
        this.p = p;
        // YAML parsers extend ParserBase too but keep their positions elsewhere (SnakeYAML marks)
        this.json = p instanceof ParserBase b && !(p instanceof YAMLParser) ? b : null;
        this.bad = bad;
    }

    /**
     * The line of the current token (1-based), which must not be a field name: read from the JSON parser without a
     * {@link JsonLocation} (the parser's own token row, which for field names is the value's).
     */
    final int line() {
        return json != null ? json.getTokenLineNr() : p.currentTokenLocation().getLineNr();
    }

    /**
     * The byte offset of the current token in the JSON input, or -1 when the parser does not know it (YAML): exact,
     * through the parser's {@link JsonLocation}.
     */
    final long tokenOffset() {
        return json != null ? p.currentTokenLocation().getByteOffset() : -1;
    }

    /**
     * A cheap stand-in for {@link #tokenOffset()} that grows with it, within a few bytes (the parser's own token
     * counter, no allocation): to tell when the exact offset is worth asking for.
     */
    final long roughTokenOffset() {
        return json != null ? json.getTokenCharacterOffset() : -1;
    }

    /** The place of the current token, with its JSON path. */
    final SourceLocation here() {
        JsonLocation l = p.currentTokenLocation();
        return new SourceLocation(file, Math.max(0, l.getLineNr()), Math.max(0, l.getColumnNr()), path());
    }

    final void problem(String message) {
        bad.add(here(), message);
    }

    final void problem(SourceLocation where, String message) {
        bad.add(where, message);
    }

    /** JSON path of the current token, e.g. {@code $.nodes[41].tier}. */
    final String path() {
        List<JsonStreamContext> chain = new ArrayList<>();
        for (JsonStreamContext c = p.getParsingContext(); c != null && !c.inRoot(); c = c.getParent()) chain.add(c);
        StringBuilder sb = new StringBuilder("$");
        for (int i = chain.size() - 1; i >= 0; i--) {
            JsonStreamContext c = chain.get(i);
            if (c.inArray()) {
                // getCurrentIndex() reads 0 before the first element too; the entry count tells them apart
                if (c.getEntryCount() > 0) sb.append('[').append(c.getEntryCount() - 1).append(']');
            } else if (c.getCurrentName() != null) {
                String n = c.getCurrentName();
                if (isPlainName(n)) sb.append('.').append(n);
                else sb.append("[\"").append(n.replace("\\", "\\\\").replace("\"", "\\\"")).append("\"]");
            }
        }
        return sb.toString();
    }

    private static boolean isPlainName(String n) {
        if (n.isEmpty()) return false;
        for (int i = 0; i < n.length(); i++) {
            char c = n.charAt(i);
            if (!(Character.isLetterOrDigit(c) || c == '_' || c == '-')) return false;
        }
        return true;
    }

    /** Skips the value that starts at token {@code t} (a whole object or list, or one scalar). */
    final void skip(JsonToken t) throws IOException {
        if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) p.skipChildren();
    }

    /** Records "found X, expected Y" for the current value and skips it. */
    final void wrongType(JsonToken t, String expected) throws IOException {
        problem("expected " + expected + ", found " + describe(t));
        skip(t);
    }

    /** A string value, or null after recording a problem. Blank strings are refused when {@code nonBlank}. */
    final String string(JsonToken t, boolean nonBlank) throws IOException {
        if (t == JsonToken.VALUE_STRING) {
            String s = p.getText();
            if (nonBlank && s.isBlank()) {
                problem("expected a non-empty string, found an empty string");
                return null;
            }
            return s;
        }
        wrongType(t, nonBlank ? "a non-empty string" : "a string");
        return null;
    }

    /**
     * Like {@link #string} but returns one shared String per distinct value, for fields whose few values repeat on
     * every node: saves the allocation, and the builder's dictionary lookups then hit cached hashes and identity.
     */
    final String repeatedString(JsonToken t, boolean nonBlank) throws IOException {
        if (t == JsonToken.VALUE_STRING) {
            int len = p.getTextLength();
            if (len > 0 || !nonBlank) {
                String s = values.name(values.get(p.getTextCharacters(), p.getTextOffset(), len));
                if (!nonBlank || !s.isBlank()) return s;
            }
        }
        return string(t, nonBlank);
    }

    /** A whole number in {@code min..max}, or {@link #BAD_LONG} after recording a problem. */
    final long wholeNumber(JsonToken t, long min, long max, String expected) throws IOException {
        if (t == JsonToken.VALUE_NUMBER_INT && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
            long v = p.getLongValue();
            if (v >= min && v <= max) return v;
        } else if (t == JsonToken.VALUE_NUMBER_FLOAT) {
            double d = p.getDoubleValue();
            if (d == Math.rint(d) && d >= min && d <= max) return (long) d;
        } else if (t != JsonToken.VALUE_NUMBER_INT) {
            wrongType(t, expected);
            return BAD_LONG;
        }
        problem("expected " + expected + ", found " + p.getText());
        return BAD_LONG;
    }

    /** A finite number ≥ 0, or NaN after recording a problem. */
    final double nonNegative(JsonToken t) throws IOException {
        if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
            double d = p.getDoubleValue();
            if (Double.isFinite(d) && d >= 0) return d;
            problem("expected a number >= 0, found " + p.getText());
            return Double.NaN;
        }
        wrongType(t, "a number >= 0");
        return Double.NaN;
    }

    /** TRUE or FALSE, or null after recording a problem. */
    final Boolean bool(JsonToken t) throws IOException {
        if (t == JsonToken.VALUE_TRUE) return Boolean.TRUE;
        if (t == JsonToken.VALUE_FALSE) return Boolean.FALSE;
        wrongType(t, "true or false");
        return null;
    }

    /** A list of non-empty strings (a single string counts as a list of one), or null after recording problems. */
    final List<String> stringList(JsonToken t) throws IOException {
        if (t == JsonToken.VALUE_STRING) {
            String s = repeatedString(t, true);
            return s == null ? null : List.of(s);
        }
        if (t != JsonToken.START_ARRAY) {
            wrongType(t, "a list of strings");
            return null;
        }
        List<String> out = new ArrayList<>(4);
        boolean ok = true;
        JsonToken e;
        while ((e = p.nextToken()) != JsonToken.END_ARRAY) {
            String s = repeatedString(e, true);
            if (s == null) ok = false;
            else out.add(s);
        }
        return ok ? out : null;
    }

    /**
     * An object of scalar values as strings (numbers and booleans are taken as written; labels are text),
     * refusing repeated keys; null after recording problems.
     */
    final Map<String, String> stringMap(JsonToken t) throws IOException {
        if (t != JsonToken.START_OBJECT) {
            wrongType(t, "an object of string values");
            return null;
        }
        Map<String, String> out = new LinkedHashMap<>();
        boolean ok = true;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            JsonToken v = p.nextToken();
            if (!v.isScalarValue() || v == JsonToken.VALUE_NULL) {
                wrongType(v, "a string value");
                ok = false;
                continue;
            }
            if (out.put(key, p.getText()) != null) {
                problem("key '" + key + "' appears twice");
                ok = false;
            }
        }
        return ok ? out : null;
    }

    /** Records an unknown field (usually a typo) with the accepted names, and skips its value. */
    final void unknownField(String name, JsonToken value, String accepted) throws IOException {
        problem("unknown field '" + shorten(name) + "'; expected one of: " + accepted);
        skip(value);
    }

    /** How a token's value is described in messages; never the value itself, which might be sensitive. */
    static String describe(JsonToken t) {
        if (t == null) return "the end of the input";
        return switch (t) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "a list";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> t.name().toLowerCase(java.util.Locale.ROOT);
        };
    }

    /** A value quoted in a message (kinds, types): cut to 60 characters. */
    static String shorten(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }
}
