package io.blastwall.core.store;

/**
 * A record with this identity (change id, approval id, principal id, token id or token hash) already exists.
 * Nothing was written.
 */
public final class AlreadyExistsException extends StoreException {

    private final String kind;
    private final String id;

    public AlreadyExistsException(String kind, String id) {
        super("a " + kind + " " + id + " already exists; nothing was written");
        this.kind = kind;
        this.id = id;
    }

    /** What kind of record: {@code change}, {@code approval}, {@code principal}, {@code token}. */
    public String kind() { return kind; }

    /** Its identity; for a token whose hash collides, the token id being created (never the hash). */
    public String id() { return id; }
}
