package io.blastwall.core.store;

/**
 * A storage operation failed. Subtypes say why and what the caller can do; this base type on its own means an
 * unexpected database error (a bug or a schema problem), never a condition a client caused.
 *
 * <p>Thrown inside {@link ControlPlaneStore#inTransaction} it rolls the whole transaction back.
 */
public class StoreException extends RuntimeException {

    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
