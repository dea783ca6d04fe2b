package io.blastwall.core.rollout;

import io.blastwall.core.store.StoreException;

/**
 * A compare-and-set on a rollout lost: another writer (an operator's command, another replica) changed it since it was
 * read. Nothing was written; the engine reads it again and decides anew. The API maps it to 409.
 */
public final class StaleRolloutException extends StoreException {
    public StaleRolloutException(String rolloutId, long expectedVersion, long actualVersion) {
        super("rollout " + rolloutId + " was modified by another writer: expected version " + expectedVersion
                + ", found " + actualVersion + ". Nothing was written; read it again and retry if still appropriate");
    }
}
