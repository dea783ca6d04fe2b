package io.blastwall.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.blastwall.server.console.ConsoleExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/** The served OpenAPI document lists exactly the registered routes. */
class OpenApiTest {

    @TempDir
    Path dir;

    @Test
    void everyRouteIsDocumentedAndEveryDocumentedRouteExists() {
        // the served extensions' routes too: the rollout API (the default) and the console's public /auth/config
        try (TestEnv env = TestEnv.sqlite(dir, List.of(new ConsoleExtension()))) {
            Http.Res res = env.http.get("/openapi.json", null);
            assertThat(res.status()).isEqualTo(200);
            JsonNode doc = res.json();
            assertThat(doc.get("openapi").asText()).startsWith("3.1");
            Set<String> documented = new TreeSet<>();
            doc.get("paths").properties().forEach(p -> p.getValue().properties()
                    .forEach(op -> documented.add(op.getKey().toUpperCase(Locale.ROOT) + " " + p.getKey())));
            Set<String> served = new TreeSet<>(env.server.routes());
            served.removeIf(r -> r.equals("GET /") || r.startsWith("GET /console")); // the console's pages are not API
            assertThat(documented).isEqualTo(served);
            // every operation says what its errors look like, except the operational endpoints
            doc.get("paths").properties().forEach(p -> p.getValue().properties().forEach(op -> {
                // (a public endpoint without any credential, security [] and no ticket, cannot answer 401)
                boolean open = op.getValue().path("security").isArray() && op.getValue().path("security").isEmpty()
                        && !p.getKey().equals("/api/v1/events");
                if (p.getKey().startsWith("/api/") && !open) {
                    assertThat(op.getValue().at("/responses/401/content/application~1problem+json").isMissingNode())
                            .as(op.getKey() + " " + p.getKey()).isFalse();
                }
            }));
        }
    }
}
