package io.blastwall.core.controlplane;

import io.blastwall.core.canonical.CanonicalJson;
import io.blastwall.core.store.StoredRevision;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The stored analyses one operation reads, each parsed (and hashed) at most once. A decision reads the same analysis
 * (a revision's {@code analysis_json}, tens of kilobytes) for its requirements, the summary the ledger keeps, the
 * approval status and the view it answers with; a submission has the analysis it just made. Parsing it once — or not at
 * all for a fresh analysis — keeps that work out of the write transaction, where it held the write lock.
 *
 * <p>Keyed by the stored text itself, so what is reused is by construction the parse of exactly that text. One per
 * operation (nothing is shared between requests); mutable and not thread-safe.
 */
final class ParsedAnalyses {

    private final Function<String, Object> parser;
    private final Map<String, Parsed> seen = new HashMap<>();

    private static final class Parsed {
        final Map<String, Object> tree;
        String hash;

        Parsed(Map<String, Object> tree, String hash) {
            this.tree = tree;
            this.hash = hash;
        }
    }

    ParsedAnalyses(Function<String, Object> parser) {
        this.parser = parser;
    }

    /** Seeds the analysis an operation just made: its stored text, tree and hash are known. */
    ParsedAnalyses with(Analysis an) {
        seen.put(an.json(), new Parsed(an.tree(), an.analysisHash()));
        return this;
    }

    /** The analysis of {@code rev} as a tree (an object; anything else reads as the empty object). */
    Map<String, Object> tree(StoredRevision rev) {
        return parsed(rev).tree;
    }

    /** SHA-256 of the canonical JSON of {@link #tree}. */
    String hash(StoredRevision rev) {
        Parsed p = parsed(rev);
        if (p.hash == null) p.hash = CanonicalJson.sha256(p.tree);
        return p.hash;
    }

    private Parsed parsed(StoredRevision rev) {
        return seen.computeIfAbsent(rev.analysisJson(), json -> new Parsed(Analysis.object(parser.apply(json)), null));
    }
}
