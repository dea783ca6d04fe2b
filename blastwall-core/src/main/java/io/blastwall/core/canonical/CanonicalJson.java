package io.blastwall.core.canonical;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.AbstractMap;
import java.util.List;
import java.util.Map;
import java.util.Arrays;
import java.util.Comparator;

/**
 * Canonical JSON text for a tree of {@link Map}, {@link List}, {@link String}, {@link Number}, {@link Boolean} and null:
 * object keys sorted by UTF-16 code units, no insignificant whitespace, minimal string escapes, and numbers in
 * one form whatever their Java type ({@code 1}, {@code 1L}, {@code 1.0} all render as {@code 1}; {@code 1.50} as {@code 1.5}).
 * Two documents that differ only in key order, whitespace or number spelling therefore have the same canonical text and hash.
 *
 * <p>Stateless and thread-safe.
 */
public final class CanonicalJson {

    private CanonicalJson() {
    }

    public static String write(Object value) {
        StringBuilder sb = new StringBuilder(1024);
        write(value, sb);
        return sb.toString();
    }

    /**
     * Whether {@code value} is a plain JSON tree: maps with String keys, lists, strings, booleans, null, and finite
     * numbers of the JDK's own types. Such a tree is the same document however it is written (this class, or a JSON
     * library writing it and reading it back): the canonical text of either is the same.
     */
    public static boolean isPlain(Object value) {
        return switch (value) {
            case null -> true;
            case String s -> true;
            case Boolean b -> true;
            case Integer i -> true;
            case Long l -> true;
            case Short s -> true;
            case Byte b -> true;
            case BigInteger b -> true;
            case BigDecimal b -> true;
            case Double d -> Double.isFinite(d);
            case Float f -> Float.isFinite(f);
            case Map<?, ?> map -> {
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    if (!(e.getKey() instanceof String) || !isPlain(e.getValue())) yield false;
                }
                yield true;
            }
            case List<?> list -> {
                for (Object o : list) {
                    if (!isPlain(o)) yield false;
                }
                yield true;
            }
            default -> false;
        };
    }

    /** Hex SHA-256 of the canonical text's UTF-8 bytes. */
    public static String sha256(Object value) {
        return Sha256.hex(write(value).getBytes(StandardCharsets.UTF_8));
    }

    private static void write(Object v, StringBuilder sb) {
        switch (v) {
            case null -> sb.append("null");
            case String s -> string(s, sb);
            case Boolean b -> sb.append(b.booleanValue());
            case Number num -> number(num, sb);
            case Map<?, ?> map -> {
                // keys sorted by String order (UTF-16 code units); a key of another type is sorted by its text. The
                // sort is stable, so among keys equal as text (1 and "1", or equal Strings in a map comparing keys by
                // identity) the last in iteration order is rendered, as a map put would keep it
                @SuppressWarnings("unchecked") Map.Entry<?, ?>[] entries = map.entrySet().toArray(new Map.Entry[0]);
                for (int i = 0; i < entries.length; i++) {
                    if (!(entries[i].getKey() instanceof String)) {
                        entries[i] = new AbstractMap.SimpleImmutableEntry<>(String.valueOf(entries[i].getKey()),
                                entries[i].getValue());
                    }
                }
                Arrays.sort(entries, BY_KEY);
                sb.append('{');
                boolean first = true;
                for (int i = 0; i < entries.length; i++) {
                    if (i + 1 < entries.length && entries[i + 1].getKey().equals(entries[i].getKey())) continue;
                    if (!first) sb.append(',');
                    first = false;
                    string((String) entries[i].getKey(), sb);
                    sb.append(':');
                    write(entries[i].getValue(), sb);
                }
                sb.append('}');
            }
            case List<?> list -> {
                sb.append('[');
                for (int i = 0; i < list.size(); i++) {
                    if (i > 0) sb.append(',');
                    write(list.get(i), sb);
                }
                sb.append(']');
            }
            case Object[] arr -> write(List.of(arr), sb);
            default -> string(v.toString(), sb);
        }
    }

    /** Entries whose keys are all Strings, by key. */
    private static final Comparator<Map.Entry<?, ?>> BY_KEY =
            (a, b) -> ((String) a.getKey()).compareTo((String) b.getKey());

    private static void number(Number num, StringBuilder sb) {
        if (num instanceof Long || num instanceof Integer || num instanceof Short || num instanceof Byte) {
            sb.append(num.longValue()); // what the BigDecimal path below gives every integer of at most 19 digits
            return;
        }
        if (num instanceof Double d && (d.isNaN() || d.isInfinite())
                || num instanceof Float f && (f.isNaN() || f.isInfinite())) {
            sb.append("null");
            return;
        }
        BigDecimal bd = switch (num) {
            case BigDecimal b -> b;
            case BigInteger b -> new BigDecimal(b);
            case Double d -> new BigDecimal(d.toString());
            case Float f -> new BigDecimal(f.toString());
            default -> BigDecimal.valueOf(num.longValue());
        };
        bd = bd.stripTrailingZeros();
        if (bd.signum() == 0) {
            sb.append('0');
            return;
        }
        sb.append(bd.scale() <= 0 && bd.precision() - bd.scale() <= 21 ? bd.toPlainString() : bd.toString());
    }

    private static void string(String s, StringBuilder sb) {
        sb.append('"');
        int run = 0; // start of the characters not yet appended, all of which need no escape
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\') continue;
            sb.append(s, run, i);
            run = i + 1;
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> sb.append(String.format("\\u%04x", (int) c));
            }
        }
        sb.append(s, run, s.length()).append('"');
    }
}
