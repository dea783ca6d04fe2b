package io.blastwall.core.ledger;

import io.blastwall.core.canonical.CanonicalJson;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;

/**
 * A ledger entry's payload with its canonical JSON text ({@link CanonicalJson}) already rendered: the text is both
 * what the store keeps and the {@code payload} member of the canonical form {@link LedgerChain#hash} digests. Rendering
 * a large payload (an analysis of tens of kilobytes) is the costly part of appending an entry, so the control plane
 * prepares it <em>before</em> its write transaction, and only the chain step (previous hash → new hash) runs under
 * the write lock.
 *
 * <p>Immutable as long as {@code value} is not modified after {@link #of} (the text was rendered from it once).
 *
 * @param value     the payload tree (Map/List/String/Long/Double/Boolean/null)
 * @param canonical its canonical JSON text
 */
public record LedgerPayload(Map<String, Object> value, String canonical) {

    private static final LedgerPayload EMPTY = new LedgerPayload(Map.of(), "{}");

    public LedgerPayload {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(canonical, "canonical");
    }

    /** Renders {@code value} (null: the empty object) once. */
    public static LedgerPayload of(Map<String, Object> value) {
        if (value == null || value.isEmpty()) return EMPTY;
        return new LedgerPayload(value, CanonicalJson.write(value));
    }

    /**
     * The payload {@code rest} plus the member {@code key: value} whose canonical text {@code valueCanonical} the
     * caller already rendered (from {@code value}, with {@link CanonicalJson#write}): the large member is not rendered
     * again. {@code key} must sort before every key of {@code rest} (canonical member order); otherwise, or when
     * {@code rest} is empty, the whole payload is rendered as {@link #of} would.
     */
    public static LedgerPayload withFirst(String key, Object value, String valueCanonical, Map<String, Object> rest) {
        Map<String, Object> all = new java.util.LinkedHashMap<>();
        all.put(key, value);
        all.putAll(rest);
        boolean first = !rest.isEmpty() && !rest.containsKey(key);
        for (String k : rest.keySet()) first &= key.compareTo(k) < 0;
        if (!first) return of(all);
        String others = CanonicalJson.write(rest);
        return new LedgerPayload(all, "{" + CanonicalJson.write(key) + ":" + valueCanonical + "," + others.substring(1));
    }

    /** The canonical text as UTF-8, the bytes the entry hash covers. */
    byte[] utf8() {
        return canonical.getBytes(StandardCharsets.UTF_8);
    }
}
