package io.blastwall.core.store;

import io.blastwall.core.change.Provenance;
import io.blastwall.core.lifecycle.ChangeState;

import java.time.Instant;
import java.util.Objects;

/**
 * A change as stored: who proposed it, where it is in its lifecycle, and which revision is current.
 *
 * @param id              the change id, chosen by the caller, unique
 * @param title           a short human title
 * @param source          where it came from ({@code api}, {@code cli}, {@code mcp} …)
 * @param author          who proposed it (for an agent: the agent, model and the human it acts for)
 * @param state           lifecycle state, changed only by {@link StoreTransaction#transition}
 * @param currentRevision the latest revision number, 1 for a new change, +1 per amendment
 * @param version         optimistic-lock counter: increases by one with every write to the change row
 *                        (a transition or an amendment); compare-and-set operations take the value the caller read
 * @param createdAt       when it was submitted
 * @param updatedAt       when the row last changed
 *
 * <p>Immutable; times are kept to the millisecond.
 */
public record StoredChange(String id, String title, String source, Provenance author, ChangeState state,
                           int currentRevision, long version, Instant createdAt, Instant updatedAt) {
    public StoredChange {
        Millis.text(id, "id");
        if (id.isBlank()) throw new IllegalArgumentException("a change needs an id");
        title = title == null ? "" : title;
        source = source == null ? "" : source;
        Objects.requireNonNull(author, "author");
        Objects.requireNonNull(state, "state");
        if (currentRevision < 1) throw new IllegalArgumentException("revisions are numbered from 1");
        createdAt = Millis.required(createdAt, "createdAt");
        updatedAt = Millis.required(updatedAt, "updatedAt");
    }

    /** A new change in {@link ChangeState#PROPOSED} at revision 1, version 1. */
    public static StoredChange proposed(String id, String title, String source, Provenance author, Instant at) {
        return new StoredChange(id, title, source, author, ChangeState.PROPOSED, 1, 1, at, at);
    }
}
