package io.blastwall.core.controlplane;

import java.util.Objects;

/**
 * One document of a submitted change, exactly as the client sent it: a plan JSON, a manifest, a change file.
 *
 * @param name    a file name used in messages and locations ({@code plan.json}); never empty
 * @param content the document's text
 *
 * <p>Immutable. {@link #toString()} omits the content, which may hold sensitive values.
 */
public record SubmittedDocument(String name, String content) {
    public SubmittedDocument {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(content, "content");
        if (name.isBlank()) throw new IllegalArgumentException("a document needs a name");
    }

    @Override
    public String toString() {
        return "SubmittedDocument[name=" + name + ", " + content.length() + " chars]";
    }
}
