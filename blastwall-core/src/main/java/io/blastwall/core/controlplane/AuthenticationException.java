package io.blastwall.core.controlplane;

/**
 * A bearer credential did not authenticate anyone: unknown, expired, revoked, or its principal is disabled. The message
 * says which and never repeats the credential. An API maps it to 401.
 */
public final class AuthenticationException extends RuntimeException {

    public AuthenticationException(String message) {
        super(message);
    }
}
