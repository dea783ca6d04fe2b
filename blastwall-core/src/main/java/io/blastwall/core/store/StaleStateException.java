package io.blastwall.core.store;

import io.blastwall.core.lifecycle.ChangeState;

/**
 * A compare-and-set on a change lost: the change is no longer in the state, version or revision the caller read,
 * because another writer (another request, another replica) got there first. Nothing was written. The caller re-reads
 * the change and decides again; an API maps it to 409 Conflict.
 */
public final class StaleStateException extends StoreException {

    private final String changeId;
    private final ChangeState expectedState;
    private final long expectedVersion;
    private final ChangeState actualState;
    private final long actualVersion;

    public StaleStateException(String changeId, ChangeState expectedState, long expectedVersion,
                               ChangeState actualState, long actualVersion) {
        super("change " + changeId + " was modified by another writer: expected "
                + expectedState.externalName() + " at version " + expectedVersion
                + ", found " + actualState.externalName() + " at version " + actualVersion + ". Nothing was written; "
                + "read the change again and retry if still appropriate");
        this.changeId = changeId;
        this.expectedState = expectedState;
        this.expectedVersion = expectedVersion;
        this.actualState = actualState;
        this.actualVersion = actualVersion;
    }

    /**
     * For compare-and-sets on something other than state and version (the revision number of an amendment):
     * {@code detail} says what differed; {@link #expectedState()} is null and {@link #expectedVersion()} is -1.
     */
    public StaleStateException(String changeId, String detail, ChangeState actualState, long actualVersion) {
        super("change " + changeId + " was modified by another writer: " + detail + " (it is now "
                + actualState.externalName() + " at version " + actualVersion + "). Nothing was written; "
                + "read the change again and retry if still appropriate");
        this.changeId = changeId;
        this.expectedState = null;
        this.expectedVersion = -1;
        this.actualState = actualState;
        this.actualVersion = actualVersion;
    }

    public String changeId() { return changeId; }

    /** The state the caller expected, or null when a revision number was compared. */
    public ChangeState expectedState() { return expectedState; }

    public long expectedVersion() { return expectedVersion; }

    public ChangeState actualState() { return actualState; }

    public long actualVersion() { return actualVersion; }
}
