package io.blastwall.server.console;

import java.net.URI;
import java.util.Objects;

/**
 * The console as a public OIDC client (authorization code with PKCE, no client secret): the issuer whose discovery
 * document names the authorization and token endpoints, the client id registered there, and the scopes asked for.
 * The server verifies the resulting ID token like any OIDC bearer (see {@code OidcSettings}); configure its audience
 * as this client id. Immutable.
 *
 * @param issuer   the issuer URL, exactly as in the tokens' {@code iss}
 * @param clientId the client id the console uses at the issuer
 * @param scope    space-separated scopes; {@code openid} is always included
 */
public record OidcClient(String issuer, String clientId, String scope) {
    public OidcClient {
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(clientId, "clientId");
        if (clientId.isBlank()) throw new IllegalArgumentException("the OIDC client id is blank");
        URI u = URI.create(issuer);
        if (!"https".equals(u.getScheme()) && !"http".equals(u.getScheme())) {
            throw new IllegalArgumentException("the OIDC issuer must be an http(s) URL, was '" + issuer + "'");
        }
        scope = scope == null || scope.isBlank() ? "openid" : scope.strip();
        if (!(" " + scope + " ").contains(" openid ")) scope = "openid " + scope;
    }

    /** Where the issuer's discovery document is (OpenID Connect Discovery 1.0, section 4). */
    URI discoveryUri() {
        return URI.create((issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer)
                + "/.well-known/openid-configuration");
    }
}
