package io.blastwall.server;

import io.blastwall.server.console.ConsoleExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console's files as the server serves them, without a browser: the page with its security headers, the
 * front-end libraries from their WebJars (nothing from a CDN), and refusals for paths outside the console.
 */
class ConsoleAssetsTest {

    @TempDir
    Path dir;

    @Test
    void pageAndLibrariesAreServedWithAStrictPolicyAndNothingElseIs() throws Exception {
        try (TestEnv env = TestEnv.sqlite(dir, List.of(new ConsoleExtension()))) {
            HttpClient client = HttpClient.newHttpClient();
            HttpResponse<String> page = get(client, env, "/console/");
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.headers().firstValue("content-type").orElse("")).startsWith("text/html");
            String csp = page.headers().firstValue("content-security-policy").orElse("");
            assertThat(csp).contains("script-src 'self'").contains("frame-ancestors 'none'").doesNotContain("unsafe-inline");
            assertThat(page.headers().firstValue("x-content-type-options")).hasValue("nosniff");
            assertThat(page.body()).contains("app.js").doesNotContain("http://").doesNotContain("https://");

            HttpResponse<String> cy = get(client, env, "/console/lib/cytoscape.esm.min.mjs");
            assertThat(cy.statusCode()).isEqualTo(200);
            assertThat(cy.headers().firstValue("content-type").orElse("")).startsWith("text/javascript");
            assertThat(cy.body().length()).isGreaterThan(100_000);
            assertThat(get(client, env, "/console/lib/uPlot.esm.js").statusCode()).isEqualTo(200);

            assertThat(get(client, env, "/console").statusCode()).isEqualTo(302);
            assertThat(get(client, env, "/").headers().firstValue("location")).hasValue("/console/");
            assertThat(get(client, env, "/console/lib/other.js").statusCode()).isEqualTo(404);
            assertThat(get(client, env, "/console/views/..%2F..%2Fio/blastwall/server/openapi.json").statusCode()).isIn(400, 404);
            assertThat(get(client, env, "/console/app.class").statusCode()).isEqualTo(404);
            // no console page uses innerHTML or similar with data
            for (String f : List.of("app.js", "dom.js", "graph.js", "events.js", "views/change.js", "views/inbox.js",
                    "views/estate.js", "views/ledger.js", "views/signin.js", "views/rollouts.js", "confirm.js")) {
                assertThat(get(client, env, "/console/" + f).body()).as(f)
                        .doesNotContain("innerHTML").doesNotContain("outerHTML").doesNotContain("insertAdjacentHTML")
                        .doesNotContain("document.write");
            }
        }
    }

    private static HttpResponse<String> get(HttpClient client, TestEnv env, String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(env.server.baseUrl() + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
