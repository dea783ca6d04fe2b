package io.blastwall.core.store;

/** An operation named a record that does not exist (a change, revision, principal or token). Nothing was written. */
public final class RecordNotFoundException extends StoreException {

    private final String kind;
    private final String id;

    public RecordNotFoundException(String kind, String id) {
        super("no " + kind + " " + id + " exists; nothing was written");
        this.kind = kind;
        this.id = id;
    }

    public String kind() { return kind; }

    public String id() { return id; }
}
