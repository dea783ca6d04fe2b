package io.blastwall.server;

import io.blastwall.core.controlplane.AuthenticationException;
import io.blastwall.core.controlplane.ControlPlane;
import io.blastwall.core.store.Principal;

import java.util.Optional;

/**
 * Turns an {@code Authorization} header into a {@link Principal}: a JWT from the configured OIDC issuer, or an API
 * token looked up by its SHA-256 hash. The credential itself is never logged or kept. Thread-safe.
 */
final class Authenticator {

    private final ControlPlane controlPlane;
    private final Optional<OidcVerifier> oidc;

    Authenticator(ControlPlane controlPlane, Optional<OidcSettings> oidc) {
        this.controlPlane = controlPlane;
        this.oidc = oidc.map(OidcVerifier::new);
    }

    Principal authenticate(String header) {
        if (header == null || header.isBlank()) {
            throw new AuthenticationException("this endpoint needs a credential: send Authorization: Bearer <token>");
        }
        String h = header.strip();
        if (h.length() < 7 || !h.substring(0, 7).equalsIgnoreCase("bearer ")) {
            throw new AuthenticationException("only bearer credentials are accepted: send Authorization: Bearer <token>");
        }
        String token = h.substring(7).strip();
        if (oidc.isPresent() && OidcVerifier.looksLikeJwt(token)) return oidc.get().verify(token);
        return controlPlane.authenticate(token);
    }
}
