package io.blastwall.server;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import io.blastwall.store.StoreConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Date;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** OIDC bearer tokens: verified against a JWKS served on loopback with a key the test generates. */
class OidcTest {

    static final String ISSUER = "https://idp.test.example";
    static RSAKey key;
    static HttpServer jwks;
    static TestEnv env;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        key = new RSAKeyGenerator(2048).keyID("k1").generate();
        byte[] body = new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
        jwks = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        jwks.createContext("/jwks.json", ex -> {
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        jwks.start();
        URI uri = URI.create("http://127.0.0.1:" + jwks.getAddress().getPort() + "/jwks.json");
        env = TestEnv.start(StoreConfig.sqlite(dir.resolve("o.db")), null,
                ServerSettings.loopback(0).withOidc(new OidcSettings(ISSUER, uri, "blastwall", "email", "roles")), s -> s);
    }

    @AfterAll
    static void stop() {
        env.close();
        jwks.stop(0);
    }

    static String jwt(String issuer, Date expires, Map<String, Object> claims) throws Exception {
        JWTClaimsSet.Builder b = new JWTClaimsSet.Builder().issuer(issuer).audience("blastwall").subject("00u1")
                .issueTime(new Date()).expirationTime(expires);
        claims.forEach(b::claim);
        SignedJWT t = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("k1").type(JOSEObjectType.JWT).build(), b.build());
        t.sign(new RSASSASigner(key));
        return t.serialize();
    }

    static Date inMinutes(int m) {
        return new Date(System.currentTimeMillis() + m * 60_000L);
    }

    @Test
    void aValidTokenFromTheIssuerIsAPrincipalWithItsRoles() throws Exception {
        String human = jwt(ISSUER, inMinutes(10), Map.of("email", "grace@example.com", "roles", List.of("engineer", "senior")));
        Http.Res submitted = env.http.post("/api/v1/changes", human, Http.submission("c.yaml", TestEnv.changeFile("oidc", Map.of("approvals", "two"))));
        assertThat(submitted.status()).as(submitted.body()).isEqualTo(201);
        assertThat(submitted.json().at("/author/id").asText()).isEqualTo("grace@example.com");

        String agent = jwt(ISSUER, inMinutes(10), Map.of("email", "agent:oidc-bot", "blastwall_kind", "agent",
                "blastwall_on_behalf_of", "grace@example.com", "blastwall_model", "m-2"));
        Http.Res byAgent = env.http.post("/api/v1/changes", agent, Http.submission("c.yaml", TestEnv.changeFile("by bot", Map.of())));
        assertThat(byAgent.json().at("/author/model").asText()).isEqualTo("m-2");
        Http.Res graceApproves = env.http.post("/api/v1/changes/" + byAgent.json().get("id").asText() + "/approvals", human,
                Http.decision(byAgent.json(), ""));
        assertThat(graceApproves.status()).isEqualTo(403);
        assertThat(graceApproves.json().get("rule").asText()).isEqualTo("agent-human-cannot-approve");

        assertThat(env.http.get("/api/v1/changes", env.token("alice")).status()).isEqualTo(200); // API tokens still work
    }

    @Test
    void aTokenFromAnotherIssuerOrExpiredIs401() throws Exception {
        Http.Res wrongIssuer = env.http.get("/api/v1/changes", jwt("https://evil.example", inMinutes(10), Map.of("email", "x@example.com")));
        assertThat(wrongIssuer.status()).isEqualTo(401);
        assertThat(wrongIssuer.json().get("detail").asText()).contains("iss");

        Http.Res expired = env.http.get("/api/v1/changes", jwt(ISSUER, inMinutes(-30), Map.of("email", "x@example.com")));
        assertThat(expired.status()).isEqualTo(401);
        assertThat(expired.json().get("detail").asText()).containsIgnoringCase("expired");

        RSAKey other = new RSAKeyGenerator(2048).keyID("k1").generate();
        SignedJWT forged = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("k1").build(),
                new JWTClaimsSet.Builder().issuer(ISSUER).audience("blastwall").claim("email", "x@example.com")
                        .expirationTime(inMinutes(10)).build());
        forged.sign(new RSASSASigner(other));
        assertThat(env.http.get("/api/v1/changes", forged.serialize()).status()).isEqualTo(401);
    }
}
