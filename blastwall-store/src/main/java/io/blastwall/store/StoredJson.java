package io.blastwall.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.blastwall.core.canonical.CanonicalJson;
import io.blastwall.core.store.StoreException;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON held in text columns: ledger payloads and role lists are written as canonical JSON ({@link CanonicalJson}) and
 * read back into the plain Java tree the ledger hashes — Map, List, String, Long (BigInteger beyond), Double
 * (BigDecimal when a double would render differently), Boolean, null — so a stored entry re-verifies: the canonical text
 * of what is read equals the canonical text that was hashed.
 *
 * <p>Stateless and thread-safe.
 */
final class StoredJson {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
            .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    static {
        // our own output, possibly carrying a large analysis: do not cut it at Jackson's defaults for untrusted input
        MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxStringLength(512 * 1024 * 1024).maxNestingDepth(5_000).maxNumberLength(100_000).build());
    }

    private StoredJson() {
    }

    static String write(Object value) {
        return CanonicalJson.write(value);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> readObject(String text) {
        Object v = read(text);
        if (!(v instanceof Map)) throw new StoreException("stored JSON is not an object: " + abbreviate(text));
        return (Map<String, Object>) v;
    }

    static List<String> readStrings(String text) {
        Object v = read(text);
        if (!(v instanceof List<?> list)) throw new StoreException("stored JSON is not an array: " + abbreviate(text));
        List<String> out = new ArrayList<>(list.size());
        for (Object o : list) out.add(String.valueOf(o));
        return List.copyOf(out);
    }

    static Object read(String text) {
        try {
            return convert(MAPPER.readTree(text));
        } catch (JsonProcessingException e) {
            throw new StoreException("stored JSON cannot be read (" + e.getOriginalMessage() + "): " + abbreviate(text), e);
        }
    }

    private static Object convert(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode()) return null;
        if (n.isTextual()) return n.textValue();
        if (n.isBoolean()) return n.booleanValue();
        if (n.isIntegralNumber()) return n.canConvertToLong() ? (Object) n.longValue() : n.bigIntegerValue();
        if (n.isNumber()) return decimal(n.decimalValue());
        if (n.isArray()) {
            List<Object> out = new ArrayList<>(n.size());
            for (JsonNode e : n) out.add(convert(e));
            return Collections.unmodifiableList(out);
        }
        if (n.isObject()) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> e : n.properties()) out.put(e.getKey(), convert(e.getValue()));
            return Collections.unmodifiableMap(out);
        }
        throw new StoreException("unexpected JSON node in stored data: " + n.getNodeType());
    }

    /** A Double when it renders to the same canonical number, else the exact decimal (so the hash is unchanged). */
    private static Object decimal(BigDecimal exact) {
        double d = exact.doubleValue();
        if (!Double.isInfinite(d) && CanonicalJson.write(d).equals(CanonicalJson.write(exact))) return d;
        return exact;
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 80) + "…";
    }
}
