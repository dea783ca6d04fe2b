package io.blastwall.core.policy;

import dev.cel.common.values.NullValue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the plain Java trees facts and params arrive in into the value types CEL works with, as deep immutable
 * copies: every integral number becomes a Long (CEL int), every other number a Double, collections become Lists,
 * maps keep their order, date-times become {@link Instant} (CEL timestamp). Why: CEL compares {@code 1 == 1} false
 * when one side is a Java Integer, and a Java null inside a map evaluates to an "unknown" instead of null.
 */
final class Values {

    private Values() {
    }

    /** A deep copy with Java nulls kept (for values held in records). */
    static Map<String, Object> normaliseMap(Map<?, ?> map, String path) {
        return map(map, path, false);
    }

    /** A deep copy ready to be bound to a CEL variable: nulls become CEL's null. */
    static Map<String, Object> forCel(Map<?, ?> map, String path) {
        return map(map, path, true);
    }

    static List<Object> listForCel(Collection<?> list, String path) {
        return list(list, path, true);
    }

    private static Map<String, Object> map(Map<?, ?> map, String path, boolean celNulls) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!(e.getKey() instanceof String key)) {
                // Facts are JSON-shaped: keys are strings, even for tiers ("0", "1" …), so policies index them uniformly.
                throw new IllegalArgumentException(path + ": map keys must be strings, found "
                        + (e.getKey() == null ? "null" : e.getKey().getClass().getSimpleName()));
            }
            out.put(key, value(e.getValue(), path + "." + key, celNulls));
        }
        return Collections.unmodifiableMap(out);
    }

    private static List<Object> list(Collection<?> list, String path, boolean celNulls) {
        List<Object> out = new ArrayList<>(list.size());
        int i = 0;
        for (Object o : list) {
            out.add(value(o, path + "[" + i++ + "]", celNulls));
        }
        return Collections.unmodifiableList(out);
    }

    private static Object value(Object v, String path, boolean celNulls) {
        return switch (v) {
            case null -> celNulls ? NullValue.NULL_VALUE : null;
            case NullValue n -> celNulls ? n : null;
            case String s -> s;
            case Boolean b -> b;
            case Long l -> l;
            case Integer i -> i.longValue();
            case Short s -> s.longValue();
            case Byte b -> b.longValue();
            case BigInteger bi -> bi.bitLength() < 64 ? (Object) bi.longValue() : bi.doubleValue();
            case BigDecimal bd -> bd.doubleValue();
            case Number n -> n.doubleValue();
            case Character c -> String.valueOf(c);
            case Enum<?> e -> e.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
            case Instant t -> t;
            case OffsetDateTime t -> t.toInstant();
            case ZonedDateTime t -> t.toInstant();
            case Duration d -> d;
            case Map<?, ?> m -> map(m, path, celNulls);
            case Collection<?> c -> list(c, path, celNulls);
            case Object[] a -> list(java.util.Arrays.asList(a), path, celNulls);
            default -> throw new IllegalArgumentException(path + ": unsupported value type " + v.getClass().getName());
        };
    }
}
