package io.blastwall.server;

import java.net.URI;
import java.util.Objects;

/**
 * Optional OIDC: JWT bearer tokens signed by this issuer (keys from its JWKS) are accepted next to API tokens.
 *
 * @param issuer     the exact {@code iss} a token must carry
 * @param jwksUri    where the issuer publishes its signing keys
 * @param audience   the {@code aud} a token must include, or null to accept any
 * @param idClaim    the claim holding the principal id ({@code sub} by default; {@code email} or {@code preferred_username} are common)
 * @param rolesClaim the claim holding the roles, a list or a space-separated string ({@code roles} by default)
 *
 * <p>Agents: a token whose {@code blastwall_kind} claim is {@code agent} is an agent acting for the human in
 * {@code blastwall_on_behalf_of}, with the model in {@code blastwall_model}. Immutable.
 */
public record OidcSettings(String issuer, URI jwksUri, String audience, String idClaim, String rolesClaim) {
    public OidcSettings {
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(jwksUri, "jwksUri");
        idClaim = idClaim == null || idClaim.isBlank() ? "sub" : idClaim;
        rolesClaim = rolesClaim == null || rolesClaim.isBlank() ? "roles" : rolesClaim;
    }
}
