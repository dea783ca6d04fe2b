package io.blastwall.core.rollout;

import io.blastwall.core.store.StoreException;

/**
 * This replica no longer holds the lease on driving a rollout (it expired and another replica took it): the step is
 * not written and the replica stops driving that rollout.
 */
public final class LeaseLostException extends StoreException {
    public LeaseLostException(String rolloutId, String holder) {
        super("replica " + holder + " no longer holds the lease on rollout " + rolloutId
                + " (it expired and may have been taken over); the step was not written");
    }
}
