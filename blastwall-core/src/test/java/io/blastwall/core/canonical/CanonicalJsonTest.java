package io.blastwall.core.canonical;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The canonical form is what every content hash and ledger entry is computed over: it must never change. Fixed
 * examples pin the text; a property compares the implementation with a plain reference (a TreeMap per object, every
 * number through BigDecimal) on random trees, so an optimisation cannot move a single byte.
 */
class CanonicalJsonTest {

    @Test
    void pinsTheForm() {
        Map<Object, Object> m = new LinkedHashMap<>();
        m.put("b", List.of(1, 1L, 1.0, 1.50, -0.0, 100L, 1e22, 12345678901234567890.0, Double.NaN));
        m.put("a", "é\"\\\n\u0001");
        m.put("Z", null);
        m.put(2, true);
        m.put("2", false); // the same key as text: the later one wins
        assertThat(CanonicalJson.write(m)).isEqualTo(
                "{\"2\":false,\"Z\":null,\"a\":\"é\\\"\\\\\\n\\u0001\",\"b\":[1,1,1,1.5,0,100,1E+22,12345678901234567000,null]}");
        assertThat(CanonicalJson.sha256(Map.of("x", 1))).isEqualTo(CanonicalJson.sha256(Map.of("x", 1.0)));
    }

    @Test
    void equalStringKeysOfAnIdentityMapRenderOnceTheLastWins() {
        Map<Object, Object> m = new java.util.IdentityHashMap<>();
        m.put(new String("k"), 1);
        m.put("a", 0);
        m.put(new String("k"), 2);
        String text = CanonicalJson.write(m);
        assertThat(text).isEqualTo(reference(m)).startsWith("{\"a\":0,\"k\":");
        assertThat(text.indexOf("\"k\"")).isEqualTo(text.lastIndexOf("\"k\""));
    }

    @Test
    void plainTreesHoldOnlyJsonValues() {
        Map<String, Object> plain = new LinkedHashMap<>();
        plain.put("a", List.of(1, 2L, 0.5, 1.5f, new BigInteger("12345678901234567890"), new java.math.BigDecimal("1.25")));
        plain.put("b", null);
        plain.put("c", Map.of("d", true, "e", "text"));
        assertThat(CanonicalJson.isPlain(plain)).isTrue();
        assertThat(CanonicalJson.isPlain(Map.of("x", List.of(Double.NaN)))).isFalse();
        assertThat(CanonicalJson.isPlain(Map.of("x", Float.POSITIVE_INFINITY))).isFalse();
        assertThat(CanonicalJson.isPlain(Map.of(1, "key is not text"))).isFalse();
        assertThat(CanonicalJson.isPlain(Map.of("x", java.time.Instant.EPOCH))).isFalse();
        assertThat(CanonicalJson.isPlain(List.of(java.time.DayOfWeek.MONDAY))).isFalse();
    }

    @Property(tries = 300)
    void sameTextAsTheReference(@ForAll("trees") Object tree) {
        assertThat(CanonicalJson.write(tree)).isEqualTo(reference(tree));
    }

    @Provide
    Arbitrary<Object> trees() {
        return Arbitraries.recursive(this::leaf, inner -> Arbitraries.oneOf(list(inner), map(inner)), 0, 3);
    }

    private Arbitrary<Object> leaf() {
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(6).map(s -> (Object) s),
                Arbitraries.longs().map(l -> (Object) l),
                Arbitraries.integers().map(i -> (Object) i),
                Arbitraries.doubles().map(d -> (Object) d),
                Arbitraries.of(Double.NaN, Double.POSITIVE_INFINITY, 0.0, -0.0, 1e21, 1e22, 123.4500),
                Arbitraries.bigIntegers().between(BigInteger.TEN.pow(25).negate(), BigInteger.TEN.pow(25)).map(b -> (Object) b),
                Arbitraries.of(true, false).map(b -> (Object) b),
                Arbitraries.just(null));
    }

    private static Arbitrary<Object> list(Arbitrary<Object> inner) {
        return inner.list().ofMaxSize(4).map(l -> (Object) l);
    }

    private static Arbitrary<Object> map(Arbitrary<Object> inner) {
        Arbitrary<Object> keys = Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(3).map(s -> (Object) s),
                Arbitraries.integers().between(0, 3).map(i -> (Object) i));
        return inner.list().ofMaxSize(5).flatMap(values ->
                keys.list().ofSize(values.size()).map(ks -> {
                    Map<Object, Object> m = new LinkedHashMap<>();
                    for (int i = 0; i < ks.size(); i++) m.put(ks.get(i), values.get(i));
                    return (Object) m;
                }));
    }

    /** The straightforward form the implementation must match. */
    private static String reference(Object v) {
        StringBuilder sb = new StringBuilder();
        ref(v, sb);
        return sb.toString();
    }

    private static void ref(Object v, StringBuilder sb) {
        switch (v) {
            case null -> sb.append("null");
            case String s -> refString(s, sb);
            case Boolean b -> sb.append(b.booleanValue());
            case Number num -> {
                if (num instanceof Double d && (d.isNaN() || d.isInfinite())) {
                    sb.append("null");
                    return;
                }
                BigDecimal bd = switch (num) {
                    case BigInteger b -> new BigDecimal(b);
                    case Double d -> new BigDecimal(d.toString());
                    default -> BigDecimal.valueOf(num.longValue());
                };
                bd = bd.stripTrailingZeros();
                if (bd.signum() == 0) sb.append('0');
                else sb.append(bd.scale() <= 0 && bd.precision() - bd.scale() <= 21 ? bd.toPlainString() : bd.toString());
            }
            case Map<?, ?> map -> {
                TreeMap<String, Object> sorted = new TreeMap<>();
                for (Map.Entry<?, ?> e : map.entrySet()) sorted.put(String.valueOf(e.getKey()), e.getValue());
                List<String> parts = new ArrayList<>();
                for (Map.Entry<String, Object> e : sorted.entrySet()) {
                    StringBuilder p = new StringBuilder();
                    refString(e.getKey(), p);
                    p.append(':');
                    ref(e.getValue(), p);
                    parts.add(p.toString());
                }
                sb.append('{').append(String.join(",", parts)).append('}');
            }
            case List<?> list -> {
                List<String> parts = new ArrayList<>();
                for (Object o : list) parts.add(reference(o));
                sb.append('[').append(String.join(",", parts)).append(']');
            }
            default -> refString(v.toString(), sb);
        }
    }

    private static void refString(String s, StringBuilder sb) {
        sb.append('"');
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
                    else sb.append(c);
                }
            }
        }
        sb.append('"');
    }
}
