package io.blastwall.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.blastwall.server.console.ConsoleExtension;
import io.blastwall.server.console.OidcClient;
import io.blastwall.store.StoreConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /api/v1/auth/config}: public; {@code oidc: null} without an OIDC client; 503 problem+json (not a broken
 * sign-in button) when the issuer's discovery document cannot be read, while the console itself still loads.
 */
class ConsoleAuthConfigTest {

    @TempDir
    Path dir;

    @Test
    void withoutOidcTheConsoleOffersTokensAndAnUnreachableIssuerIsA503() throws Exception {
        try (TestEnv env = TestEnv.start(StoreConfig.sqlite(dir.resolve("a.db")), null, ServerSettings.loopback(0), s -> s,
                store -> List.of(new ConsoleExtension()))) {
            Http.Res r = env.http.get("/api/v1/auth/config", null);
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.json().get("oidc").isNull()).isTrue();
        }
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort(); // nothing listens there once closed
        }
        String issuer = "http://127.0.0.1:" + closed;
        try (TestEnv env = TestEnv.start(StoreConfig.sqlite(dir.resolve("b.db")), null, ServerSettings.loopback(0), s -> s,
                store -> List.of(new ConsoleExtension(Optional.of(new OidcClient(issuer, "console", null)))))) {
            Http.Res r = env.http.get("/api/v1/auth/config", null);
            assertThat(r.status()).as(r.body()).isEqualTo(503);
            assertThat(r.contentType()).startsWith("application/problem+json");
            JsonNode p = r.json();
            assertThat(p.get("type").asText()).endsWith("/oidc-discovery-failed");
            assertThat(p.get("detail").asText()).contains(issuer + "/.well-known/openid-configuration").contains("unreachable");
            Http.Res page = env.http.get("/console/", null, "text/html");
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.headers().firstValue("content-security-policy").orElse("")).contains("connect-src 'self';");
        }
    }
}
