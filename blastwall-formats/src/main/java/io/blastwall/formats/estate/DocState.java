package io.blastwall.formats.estate;

import io.blastwall.core.SourceLocation;

/**
 * A top-level estate document's fields as read so far: what the checks at its end need (whether apiVersion and
 * kind were given, which fields were seen). The second part of a split read ({@link JsonSplit}) starts from a copy
 * of the first part's. Mutable; not thread-safe.
 */
final class DocState {
    /** Where the document's object starts. */
    final SourceLocation start;
    String apiVersion;
    String kind;
    /** Bit per top-level field seen (positions as in {@code EstateDocumentParser.TOP_FIELDS}). */
    long seen;

    DocState(SourceLocation start) {
        this.start = start;
    }

    /** A copy that starts at {@code start}. */
    DocState copy(SourceLocation start) {
        DocState c = new DocState(start);
        c.apiVersion = apiVersion;
        c.kind = kind;
        c.seen = seen;
        return c;
    }
}
