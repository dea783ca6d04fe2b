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

    /** The canonical text as UTF-8, the bytes the entry hash covers. */
    byte[] utf8() {
        return canonical.getBytes(StandardCharsets.UTF_8);
    }
}
