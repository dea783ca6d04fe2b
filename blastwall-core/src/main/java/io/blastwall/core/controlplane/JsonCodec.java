package io.blastwall.core.controlplane;

/**
 * Port: JSON text to and from plain trees (Map, List, String, Long, Double, Boolean, null; BigInteger/BigDecimal only
 * where a Long/Double would not render the same), so the core can keep the analysis reviewers were shown as text and
 * read it back without a JSON library of its own. Implementations are thread-safe.
 */
public interface JsonCodec {

    /** JSON text of a tree, keeping map order. */
    String write(Object tree);

    /** The tree of a JSON text this codec (or a compatible writer) produced. */
    Object read(String json);
}
