package io.blastwall.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
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
        try (TestEnv env = TestEnv.sqlite(dir)) {
            Http.Res res = env.http.get("/openapi.json", null);
            assertThat(res.status()).isEqualTo(200);
            JsonNode doc = res.json();
            assertThat(doc.get("openapi").asText()).startsWith("3.1");
            Set<String> documented = new TreeSet<>();
            doc.get("paths").properties().forEach(p -> p.getValue().properties()
                    .forEach(op -> documented.add(op.getKey().toUpperCase(Locale.ROOT) + " " + p.getKey())));
            assertThat(documented).isEqualTo(new TreeSet<>(env.server.routes()));
            // every operation says what its errors look like, except the operational endpoints
            doc.get("paths").properties().forEach(p -> p.getValue().properties().forEach(op -> {
                if (p.getKey().startsWith("/api/")) {
                    assertThat(op.getValue().at("/responses/401/content/application~1problem+json").isMissingNode())
                            .as(op.getKey() + " " + p.getKey()).isFalse();
                }
            }));
        }
    }
}
