package io.blastwall.server;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.blastwall.core.change.Provenance;
import io.blastwall.core.controlplane.AuthenticationException;
import io.blastwall.core.store.Principal;

import java.net.MalformedURLException;
import java.text.ParseException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Verifies JWT bearer tokens against an OIDC issuer's JWKS (signature with RS256/RS384/RS512/PS256/ES256/EdDSA keys
 * from the JWKS, exact issuer, audience when configured, expiry and not-before with the library's default clock skew)
 * and maps their claims to a {@link Principal}. Failures become {@link AuthenticationException}s saying why, never
 * repeating the token.
 *
 * <p>Thread-safe; the JWKS is fetched on first use and cached (refetched when a token names an unknown key).
 */
final class OidcVerifier {

    private final OidcSettings settings;
    private final DefaultJWTProcessor<SecurityContext> processor;

    OidcVerifier(OidcSettings settings) {
        this.settings = settings;
        JWKSource<SecurityContext> keys;
        try {
            keys = JWKSourceBuilder.<SecurityContext>create(settings.jwksUri().toURL()).retrying(true).build();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException("the OIDC JWKS URI is not a URL: " + settings.jwksUri(), e);
        }
        processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384,
                JWSAlgorithm.RS512, JWSAlgorithm.PS256, JWSAlgorithm.ES256, JWSAlgorithm.EdDSA), keys));
        JWTClaimsSet exact = new JWTClaimsSet.Builder().issuer(settings.issuer()).build();
        processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(
                settings.audience() == null ? null : Set.of(settings.audience()), exact,
                Set.of("iss", "exp", settings.idClaim()), null));
    }

    /** True when the credential has the shape of a JWT (three base64url parts). */
    static boolean looksLikeJwt(String token) {
        return token.chars().filter(c -> c == '.').count() == 2 && token.startsWith("ey");
    }

    Principal verify(String jwt) {
        JWTClaimsSet claims;
        try {
            claims = processor.process(jwt, null);
        } catch (ParseException e) {
            throw new AuthenticationException("the bearer token is not a well-formed JWT");
        } catch (BadJOSEException e) {
            throw new AuthenticationException("the OIDC token was refused: " + e.getMessage());
        } catch (JOSEException e) {
            throw new AuthenticationException("the OIDC token could not be verified (" + e.getMessage()
                    + "); is the issuer's JWKS reachable?");
        }
        try {
            String id = claims.getStringClaim(settings.idClaim());
            if (id == null || id.isBlank()) {
                throw new AuthenticationException("the OIDC token has no " + settings.idClaim() + " claim to identify the principal");
            }
            List<String> roles = roles(claims.getClaim(settings.rolesClaim()));
            Instant at = claims.getIssueTime() == null ? Instant.EPOCH : claims.getIssueTime().toInstant();
            if ("agent".equals(claims.getStringClaim("blastwall_kind"))) {
                String human = claims.getStringClaim("blastwall_on_behalf_of");
                if (human == null || human.isBlank()) {
                    throw new AuthenticationException("the OIDC token says it is an agent but has no blastwall_on_behalf_of claim");
                }
                String model = claims.getStringClaim("blastwall_model");
                return new Principal(id, Provenance.AuthorKind.AGENT, id, roles, human, model, false, at);
            }
            return new Principal(id, Provenance.AuthorKind.HUMAN, id, roles, "", "", false, at);
        } catch (ParseException e) {
            throw new AuthenticationException("the OIDC token's claims have unexpected types: " + e.getMessage());
        }
    }

    private static List<String> roles(Object claim) {
        List<String> out = new ArrayList<>();
        if (claim instanceof List<?> l) {
            for (Object o : l) if (o != null) out.add(o.toString());
        } else if (claim instanceof String s && !s.isBlank()) {
            out.addAll(Arrays.asList(s.trim().split("\\s+")));
        }
        return out;
    }
}
