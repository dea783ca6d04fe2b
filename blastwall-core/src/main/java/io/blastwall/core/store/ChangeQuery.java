package io.blastwall.core.store;

import io.blastwall.core.lifecycle.ChangeState;

import java.time.Instant;
import java.util.Set;

/**
 * A filter over changes, newest first. Empty criteria match everything.
 *
 * @param states  match any of these states; empty for all
 * @param author  match changes whose author id, or the human an agent author acts for, equals this; null for all
 * @param since   match changes created at or after this time; null for all
 * @param limit   at most this many (1–1000)
 * @param offset  skip this many first
 *
 * <p>Immutable.
 */
public record ChangeQuery(Set<ChangeState> states, String author, Instant since, int limit, int offset) {

    public static final int MAX_LIMIT = 1000;

    public ChangeQuery {
        states = states == null ? Set.of() : Set.copyOf(states);
        if (limit < 1 || limit > MAX_LIMIT) throw new IllegalArgumentException("limit must be 1.." + MAX_LIMIT + ", was " + limit);
        if (offset < 0) throw new IllegalArgumentException("offset must not be negative");
        since = Millis.of(since);
    }

    /** Everything, newest first, first page of 100. */
    public static ChangeQuery all() {
        return new ChangeQuery(Set.of(), null, null, 100, 0);
    }

    public ChangeQuery withStates(ChangeState... s) { return new ChangeQuery(Set.of(s), author, since, limit, offset); }

    public ChangeQuery withAuthor(String a) { return new ChangeQuery(states, a, since, limit, offset); }

    public ChangeQuery withSince(Instant t) { return new ChangeQuery(states, author, t, limit, offset); }

    public ChangeQuery page(int newLimit, int newOffset) { return new ChangeQuery(states, author, since, newLimit, newOffset); }
}
