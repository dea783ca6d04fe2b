package io.blastwall.core.store;

/**
 * The database cannot be used right now: unreachable, refusing connections, closed, or locked by another writer for
 * longer than the configured wait. The message says what to check. Nothing of the failed transaction was written
 * (except that a failure during commit itself cannot tell whether the commit reached the disk: the message says so).
 * A server fails closed on it: it refuses changes and approvals until the database is back.
 */
public final class StoreUnavailableException extends StoreException {

    public StoreUnavailableException(String message) {
        super(message);
    }

    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
