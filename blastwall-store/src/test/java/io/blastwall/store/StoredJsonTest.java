package io.blastwall.store;

import io.blastwall.core.canonical.CanonicalJson;
import io.blastwall.core.store.StoreException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Payloads come back as the tree the ledger hashes: same canonical text, hence the same hash. */
class StoredJsonTest {

    @Test
    void numbersComeBackAsLongDoubleOrExactDecimal() {
        Map<String, Object> in = new LinkedHashMap<>();
        in.put("int", 7);
        in.put("long", Long.MAX_VALUE);
        in.put("big", new BigInteger("123456789012345678901234567890"));
        in.put("half", 0.5);
        in.put("whole", 2.0);
        in.put("tiny", 1e-7);
        in.put("huge", 1e300);
        in.put("beyondDouble", new BigDecimal("1E+400"));
        in.put("nan", Double.NaN);
        in.put("nested", Map.of("list", List.of(1.25, "x", true, Map.of("deep", -3))));
        Map<String, Object> out = StoredJson.readObject(StoredJson.write(in));
        assertThat(out.get("int")).isEqualTo(7L);
        assertThat(out.get("long")).isEqualTo(Long.MAX_VALUE);
        assertThat(out.get("half")).isEqualTo(0.5);
        assertThat(out.get("whole")).isEqualTo(2L);
        assertThat(out.get("tiny")).isEqualTo(1e-7);
        assertThat(out.get("huge")).isEqualTo(1e300);
        assertThat(out.get("nan")).isNull();
        assertThat(CanonicalJson.sha256(out)).isEqualTo(CanonicalJson.sha256(in));
    }

    @Test
    void aPayloadReadOnDemandIsTheSameObjectAndFailsOnlyWhenUsed() {
        Map<String, Object> in = Map.of("analysis", Map.of("verdict", "allow", "risk", 3), "to", "approved");
        String text = StoredJson.write(in);
        LazyJsonObject lazy = new LazyJsonObject(text);
        assertThat(lazy).isEqualTo(StoredJson.readObject(text)).hasSameHashCodeAs(StoredJson.readObject(text));
        assertThat(lazy.get("to")).isEqualTo("approved");
        assertThat(CanonicalJson.write(lazy)).isEqualTo(text);

        LazyJsonObject broken = new LazyJsonObject("{\"to\": ");
        assertThatThrownBy(() -> broken.get("to")).isInstanceOf(StoreException.class)
                .hasMessageContaining("stored JSON cannot be read");
    }

    @Property(tries = 300)
    void anyPayloadKeepsItsCanonicalText(@ForAll("payloads") Map<String, Object> payload) {
        String text = StoredJson.write(payload);
        assertThat(StoredJson.write(StoredJson.readObject(text))).isEqualTo(text);
    }

    @Provide
    Arbitrary<Map<String, Object>> payloads() {
        Arbitrary<Object> leaf = Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(12).map(s -> (Object) s),
                Arbitraries.longs().map(l -> (Object) l),
                Arbitraries.doubles().map(d -> (Object) d),
                Arbitraries.of(Double.MIN_VALUE, Double.MAX_VALUE, -0.0, 1e21, 1e20, 123456.789e-30).map(d -> (Object) d),
                Arbitraries.of(true, false).map(b -> (Object) b));
        Arbitrary<Object> level1 = Arbitraries.oneOf(leaf,
                leaf.list().ofMaxSize(4).map(l -> (Object) l),
                Arbitraries.maps(Arbitraries.strings().alpha().ofMaxLength(5), leaf).ofMaxSize(4).map(m -> (Object) m));
        return Arbitraries.maps(Arbitraries.strings().ofMaxLength(8), Arbitraries.oneOf(level1,
                level1.list().ofMaxSize(3).map(l -> (Object) l))).ofMaxSize(6);
    }
}
