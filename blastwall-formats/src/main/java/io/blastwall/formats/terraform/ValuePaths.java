package io.blastwall.formats.terraform;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Attribute paths between two plain value trees (maps, lists, scalars), as the change readers report them:
 * {@code ami}, {@code tags.env}, {@code ingress[0].cidr_blocks}, {@code metadata.labels["app.kubernetes.io/name"]}.
 *
 * <p>Only paths are produced, never values, so the result can be shown and stored even when the values are secret.
 * Lists are descended into only when every element on both sides is an object (blocks such as {@code ingress});
 * a list of scalars (tags sets, CIDR lists, args) is reported as one path, because its indexes carry no meaning
 * a reviewer can use. Numbers compare by value ({@code 1} equals {@code 1.0}).
 *
 * <p>Stateless and thread-safe. Shared by the Terraform and Kubernetes readers.
 */
public final class ValuePaths {

    /** The path reported when a whole value changes and there is no attribute name to give. */
    public static final String WHOLE = "*";

    private ValuePaths() {
    }

    /** The path of {@code key} inside the object at {@code parent} ("" for the root). */
    public static String child(String parent, String key) {
        if (identifier(key)) return parent.isEmpty() ? key : parent + "." + key;
        return parent + "[\"" + key.replace("\\", "\\\\").replace("\"", "\\\"") + "\"]";
    }

    /** Whether {@code key} matches {@code [A-Za-z_][A-Za-z0-9_-]*} (a loop: this runs for every key compared). */
    private static boolean identifier(String key) {
        if (key.isEmpty()) return false;
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            boolean letter = c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c == '_';
            if (!letter && (i == 0 || !(c >= '0' && c <= '9' || c == '-'))) return false;
        }
        return true;
    }

    /** The path of element {@code i} of the list at {@code parent}. */
    public static String index(String parent, int i) {
        return parent + "[" + i + "]";
    }

    /** Adds to {@code out} every path whose value differs between {@code before} and {@code after} (both ways). */
    public static void changed(Object before, Object after, String path, Set<String> out) {
        if (same(before, after)) return;
        if (before instanceof Map<?, ?> b && after instanceof Map<?, ?> a) {
            Set<Object> keys = new HashSet<>(b.keySet());
            keys.addAll(a.keySet());
            for (Object k : keys) changed(b.get(k), a.get(k), child(path, String.valueOf(k)), out);
        } else if (before instanceof List<?> b && after instanceof List<?> a && b.size() == a.size() && allObjects(b) && allObjects(a)) {
            for (int i = 0; i < b.size(); i++) changed(b.get(i), a.get(i), index(path, i), out);
        } else {
            out.add(path.isEmpty() ? WHOLE : path);
        }
    }

    /**
     * Adds to {@code out} every path that {@code desired} sets to a value different from {@code current}; fields
     * {@code desired} leaves out are not compared (a live object carries server defaults a manifest does not name).
     */
    public static void changedWhereSet(Object desired, Object current, String path, Set<String> out) {
        if (desired == null || same(desired, current)) return;
        if (desired instanceof Map<?, ?> d && current instanceof Map<?, ?> c) {
            for (Map.Entry<?, ?> e : d.entrySet()) {
                changedWhereSet(e.getValue(), c.get(e.getKey()), child(path, String.valueOf(e.getKey())), out);
            }
        } else if (desired instanceof List<?> d && current instanceof List<?> c && d.size() == c.size() && allObjects(d) && allObjects(c)) {
            for (int i = 0; i < d.size(); i++) changedWhereSet(d.get(i), c.get(i), index(path, i), out);
        } else {
            out.add(path.isEmpty() ? WHOLE : path);
        }
    }

    /**
     * Adds the path of every {@code true} leaf of a marker tree ({@code after_unknown}, {@code before_sensitive} …);
     * a list of scalars holding a {@code true} is reported as the list's path.
     */
    public static void marked(Object marks, String path, Set<String> out) {
        switch (marks) {
            case Boolean b when b -> out.add(path.isEmpty() ? WHOLE : path);
            case Map<?, ?> m -> {
                for (Map.Entry<?, ?> e : m.entrySet()) marked(e.getValue(), child(path, String.valueOf(e.getKey())), out);
            }
            case List<?> l -> {
                boolean scalarMarked = false;
                for (int i = 0; i < l.size(); i++) {
                    Object e = l.get(i);
                    if (Boolean.TRUE.equals(e)) scalarMarked = true;
                    else if (e instanceof Map<?, ?> || e instanceof List<?>) marked(e, index(path, i), out);
                }
                if (scalarMarked) out.add(path.isEmpty() ? WHOLE : path);
            }
            case null, default -> {
                // false or absent: nothing marked here
            }
        }
    }

    /** Value equality over plain trees, comparing numbers by value whatever their Java type. */
    public static boolean same(Object a, Object b) {
        if (a == b) return true;
        if (a == null || b == null) return false;
        if (a instanceof Number x && b instanceof Number y) return decimal(x).compareTo(decimal(y)) == 0;
        if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
            if (x.size() != y.size()) return false;
            for (Map.Entry<?, ?> e : x.entrySet()) {
                if (!y.containsKey(e.getKey()) || !same(e.getValue(), y.get(e.getKey()))) return false;
            }
            return true;
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            if (x.size() != y.size()) return false;
            for (int i = 0; i < x.size(); i++) if (!same(x.get(i), y.get(i))) return false;
            return true;
        }
        return a.equals(b);
    }

    /** The value as a whole number when it is one (a long, or a double/BigInteger with an exact long value). */
    public static java.util.OptionalLong wholeNumber(Object v) {
        if (v instanceof Long l) return java.util.OptionalLong.of(l);
        if (v instanceof Integer i) return java.util.OptionalLong.of(i);
        if (v instanceof BigInteger b && b.bitLength() < 64) return java.util.OptionalLong.of(b.longValue());
        if (v instanceof Double d && !d.isInfinite() && d == Math.rint(d) && Math.abs(d) < 9.0e15) return java.util.OptionalLong.of(d.longValue());
        return java.util.OptionalLong.empty();
    }

    private static BigDecimal decimal(Number n) {
        return switch (n) {
            case BigDecimal b -> b;
            case BigInteger b -> new BigDecimal(b);
            case Double d when d.isNaN() || d.isInfinite() -> BigDecimal.ZERO;
            case Double d -> new BigDecimal(d.toString());
            case Float f -> new BigDecimal(f.toString());
            default -> BigDecimal.valueOf(n.longValue());
        };
    }

    private static boolean allObjects(List<?> l) {
        for (Object e : l) if (!(e instanceof Map<?, ?>)) return false;
        return true;
    }
}
