package io.blastwall.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.blastwall.server.console.ConsoleExtension;
import io.blastwall.server.console.OidcClient;
import io.blastwall.store.StoreConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * OIDC sign-in in a real browser against a tiny OIDC provider run by the test (JDK HttpServer): discovery, an
 * authorization endpoint that signs the reader in at once and redirects back with a code, a token endpoint that checks
 * the PKCE verifier against the challenge and issues an RS256 ID token carrying the nonce, and the JWKS the server
 * verifies it with. A forged redirect (state from no sign-in of this tab) is refused.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleOidcBrowserTest {

    static final String CLIENT = "blastwall-console";
    Path dir;
    TestEnv env;
    Browser browser;
    HttpServer idp;
    String issuer;
    RSAKey key;
    /** code → the authorization request's parameters. */
    final Map<String, Map<String, String>> codes = new ConcurrentHashMap<>();
    final List<String> refused = new CopyOnWriteArrayList<>();

    @BeforeAll
    void start() throws Exception {
        Browser.assumeInstalled();
        dir = Files.createTempDirectory("console-oidc-test");
        key = new RSAKeyGenerator(2048).keyID("k1").generate();
        idp = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        issuer = "http://127.0.0.1:" + idp.getAddress().getPort();
        idp.createContext("/.well-known/openid-configuration", ex -> send(ex, 200, "application/json", """
                {"issuer": "%s", "authorization_endpoint": "%s/authorize", "token_endpoint": "%s/token", "jwks_uri": "%s/jwks"}"""
                .formatted(issuer, issuer, issuer, issuer)));
        idp.createContext("/jwks", ex -> send(ex, 200, "application/json", new JWKSet(key.toPublicJWK()).toString()));
        idp.createContext("/authorize", this::authorize);
        idp.createContext("/token", this::token);
        idp.start();
        env = TestEnv.start(StoreConfig.sqlite(dir.resolve("blastwall.db")), null, ServerSettings.loopback(0).withOidc(
                        new OidcSettings(issuer, URI.create(issuer + "/jwks"), CLIENT, "sub", "roles")), s -> s,
                store -> List.of(new ConsoleExtension(Optional.of(new OidcClient(issuer, CLIENT, "openid profile")))));
        browser = Browser.start();
    }

    @AfterAll
    void stop() throws IOException {
        if (browser != null) browser.close();
        if (env != null) env.close();
        if (idp != null) idp.stop(0);
        Browser.delete(dir);
    }

    @Test
    void aReviewerSignsInAtTheIssuerWithPkceAndAForgedRedirectIsRefused() {
        JsonNode config = env.http.get("/api/v1/auth/config", null).json();
        assertThat(config.at("/oidc/tokenEndpoint").asText()).isEqualTo(issuer + "/token");
        assertThat(config.at("/oidc/clientId").asText()).isEqualTo(CLIENT);

        WebDriverWait wait = browser.waitFor();
        browser.driver.get(env.server.baseUrl() + "/console/#/ledger");
        wait.until(ExpectedConditions.elementToBeClickable(By.id("oidc-signin"))).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("who"), "erin"));
        assertThat(browser.driver.findElement(By.id("who")).getText()).contains("engineer");
        // back on the page the reader wanted, with the code and state gone from the address bar
        wait.until(ExpectedConditions.urlContains("#/ledger"));
        assertThat(browser.driver.getCurrentUrl()).doesNotContain("code=").doesNotContain("state=");
        assertThat(refused).isEmpty();
        assertThat(codes).isEmpty(); // the one code was redeemed

        browser.js("sessionStorage.clear()");
        browser.driver.get(env.server.baseUrl() + "/console/?code=stolen&state=forged");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("main"), "state mismatch"));
        assertThat(browser.driver.findElement(By.id("who")).getText()).isEmpty();
        browser.assertNoScriptErrors();
    }

    /** Signs "erin" in at once and sends the browser back with a code bound to the PKCE challenge and nonce. */
    private void authorize(HttpExchange ex) throws IOException {
        Map<String, String> q = form(ex.getRequestURI().getRawQuery());
        if (!"code".equals(q.get("response_type")) || !CLIENT.equals(q.get("client_id")) || !"S256".equals(q.get("code_challenge_method"))
                || q.get("code_challenge") == null || q.get("nonce") == null || !q.getOrDefault("scope", "").contains("openid")) {
            refused.add("authorize " + q);
            send(ex, 400, "text/plain", "bad authorization request");
            return;
        }
        String code = "c" + System.nanoTime();
        codes.put(code, q);
        ex.getResponseHeaders().add("Location", q.get("redirect_uri") + "?code=" + code + "&state="
                + URLEncoder.encode(q.get("state"), StandardCharsets.UTF_8));
        ex.sendResponseHeaders(302, -1);
        ex.close();
    }

    /** Redeems a code once, only with the verifier whose SHA-256 is the challenge; answers with CORS like real issuers. */
    private void token(HttpExchange ex) throws IOException {
        ex.getResponseHeaders().add("Access-Control-Allow-Origin", "*");
        Map<String, String> f = form(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        Map<String, String> auth = codes.remove(f.getOrDefault("code", ""));
        try {
            String challenge = f.get("code_verifier") == null ? null : Base64.getUrlEncoder().withoutPadding().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(f.get("code_verifier").getBytes(StandardCharsets.US_ASCII)));
            if (auth == null || !"authorization_code".equals(f.get("grant_type")) || !CLIENT.equals(f.get("client_id"))
                    || !auth.get("redirect_uri").equals(f.get("redirect_uri")) || !auth.get("code_challenge").equals(challenge)) {
                refused.add("token " + f);
                send(ex, 400, "application/json", "{\"error\": \"invalid_grant\"}");
                return;
            }
            SignedJWT id = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("k1").type(JOSEObjectType.JWT).build(),
                    new JWTClaimsSet.Builder().issuer(issuer).audience(CLIENT).subject("erin").claim("roles", List.of("engineer"))
                            .claim("nonce", auth.get("nonce")).issueTime(new Date())
                            .expirationTime(new Date(System.currentTimeMillis() + 600_000)).build());
            id.sign(new RSASSASigner(key));
            send(ex, 200, "application/json", "{\"id_token\": \"" + id.serialize() + "\", \"access_token\": \"opaque\", "
                    + "\"token_type\": \"Bearer\", \"expires_in\": 600}");
        } catch (Exception e) {
            refused.add("token " + e);
            send(ex, 500, "text/plain", e.toString());
        }
    }

    private static Map<String, String> form(String raw) {
        Map<String, String> m = new HashMap<>();
        if (raw == null || raw.isEmpty()) return m;
        for (String kv : raw.split("&")) {
            int i = kv.indexOf('=');
            m.put(URLDecoder.decode(i < 0 ? kv : kv.substring(0, i), StandardCharsets.UTF_8),
                    i < 0 ? "" : URLDecoder.decode(kv.substring(i + 1), StandardCharsets.UTF_8));
        }
        return m;
    }

    private static void send(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", type);
        ex.sendResponseHeaders(status, b.length);
        ex.getResponseBody().write(b);
        ex.close();
    }
}
