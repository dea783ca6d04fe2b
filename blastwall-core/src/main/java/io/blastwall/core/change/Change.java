package io.blastwall.core.change;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A proposed change in Blastwall's one intermediate representation, whatever format it came from.
 *
 * @param source  the format it was read from: {@code terraform-plan}, {@code kubernetes}, {@code blastwall-change}
 * @param title   a short human title, may be empty
 * @param author  who proposed it
 * @param actions what it does, in source order
 * @param scope   where it declares to land at once ({@link Scope#UNSPECIFIED} when the source has no such notion)
 * @param hash    SHA-256 of the canonical form of its content: equal content, equal hash; any edit, a new change
 * @param notes   things the reader noticed and did not treat as actions (drift, ignored documents)
 * @param labels  free-form labels from the change file (ticket, reason), readable by policies
 *
 * <p>Immutable.
 */
public record Change(String source, String title, Provenance author, List<Action> actions, Scope scope,
                     String hash, List<String> notes, Map<String, String> labels) {

    public Change {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(author, "author");
        Objects.requireNonNull(hash, "hash");
        title = title == null ? "" : title;
        actions = List.copyOf(actions);
        scope = scope == null ? Scope.UNSPECIFIED : scope;
        notes = notes == null ? List.of() : List.copyOf(notes);
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }

    public Change withAuthor(Provenance newAuthor) {
        return new Change(source, title, newAuthor, actions, scope, hash, notes, labels);
    }

    public Change withActions(List<Action> newActions) {
        return new Change(source, title, author, newActions, scope, hash, notes, labels);
    }

    /** Content hash of a source document: SHA-256 over canonical JSON of {@code {"source": source, "content": tree}}. */
    public static String contentHash(String source, Object contentTree) {
        return io.blastwall.core.canonical.CanonicalJson.sha256(Map.of("source", source, "content", contentTree == null ? Map.of() : contentTree));
    }
}
