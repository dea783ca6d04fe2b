package io.blastwall.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static io.blastwall.cli.CliRun.WEDNESDAY;
import static io.blastwall.cli.CliRun.example;
import static org.assertj.core.api.Assertions.assertThat;

/** End-to-end: one test per exit code, each output format, and the bad inputs the issue lists. */
class CheckCommandTest {

    private static final String ESTATE = example("estate/shop.yaml");

    private static CliRun check(String change, String... more) {
        String[] base = {"check", "--estate", ESTATE, "--change", example(change), "--now", WEDNESDAY, "--no-color"};
        String[] all = new String[base.length + more.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return CliRun.of(all);
    }

    @Test
    void exit0AllowsAMetadataOnlyChange() {
        CliRun r = check("changes/05-human-search-tags.json", "--author", "erin");
        assertThat(r.code()).as(r.err()).isEqualTo(0);
        assertThat(r.out()).startsWith("ALLOW");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void exit10NeedsApprovalAndSaysFromWhom() {
        CliRun r = check("changes/01-human-config-timeout.yaml");
        assertThat(r.code()).as(r.err()).isEqualTo(10);
        assertThat(r.out().lines().findFirst().orElseThrow()).startsWith("NEEDS APPROVAL");
        assertThat(r.out()).contains("1 approval, independent of the author (not alice)");
    }

    @Test
    void exit20DeniesTheAgentRecreatingTheOrdersDatabase() {
        CliRun r = check("changes/02-agent-recreate-orders-db.json",
                "--agent", "agent:infra-copilot", "--model", "claude-opus-4", "--on-behalf-of", "bob");
        assertThat(r.code()).as(r.err()).isEqualTo(20);
        String[] lines = r.out().split("\n");
        assertThat(lines[0]).startsWith("DENY");
        assertThat(lines[1]).contains("destroying the data held by orders-db-eu-west-1").contains("destructive-stateful");
        assertThat(r.out()).contains("checkout-api-eu-west-1").contains("data-loss");
    }

    @Test
    void jsonOutputCarriesTheDocumentedFields() throws Exception {
        CliRun r = check("changes/03-agent-scale-down-checkout/desired.yaml", "--current",
                example("changes/03-agent-scale-down-checkout/current.yaml"),
                "--agent", "agent:cost-optimiser", "--on-behalf-of", "dave", "--format", "json");
        assertThat(r.code()).as(r.err()).isEqualTo(20);
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertThat(j.path("schemaVersion").asText()).isEqualTo("blastwall.io/check/v1");
        assertThat(j.path("verdict").asText()).isEqualTo("deny");
        assertThat(j.path("exitCode").asInt()).isEqualTo(20);
        assertThat(j.path("risk").path("score").asInt()).isBetween(1, 100);
        assertThat(j.path("risk").path("contributions").size()).isPositive();
        assertThat(j.path("change").path("hash").asText()).hasSize(64);
        JsonNode action = j.path("change").path("actions").get(0);
        assertThat(action.path("address").asText()).isEqualTo("Deployment/shop/checkout-api");
        assertThat(action.path("kind").asText()).isEqualTo("scale");
        assertThat(action.path("nodes").get(0).asText()).isEqualTo("checkout-api-eu-west-1");
        assertThat(action.path("capacity").get(0).path("safeMinimum").asInt()).isEqualTo(6);
        JsonNode impacted = j.path("blast").path("impacted").get(0);
        assertThat(impacted.has("node") && impacted.has("severity") && impacted.path("path").isArray()).isTrue();
        assertThat(j.path("blast").path("summary").path("belowPeak").asBoolean()).isTrue();
        assertThat(j.path("findings").findValuesAsText("policy")).contains("capacity-below-peak");
        assertThat(j.path("requirements").path("approvals").isArray()).isTrue();
        assertThat(j.path("alternatives").get(0).path("kind").asText()).isEqualTo("smaller-scale-down");
    }

    @Test
    void sarifAndMarkdownAreWellFormed() throws Exception {
        CliRun sarif = check("changes/06-agent-detach-lb-targets.json", "--agent", "agent:cleanup-bot",
                "--on-behalf-of", "frank", "--format", "sarif");
        assertThat(sarif.code()).isEqualTo(20);
        JsonNode s = new ObjectMapper().readTree(sarif.out());
        assertThat(s.path("version").asText()).isEqualTo("2.1.0");
        JsonNode run = s.path("runs").get(0);
        assertThat(run.path("tool").path("driver").path("name").asText()).isEqualTo("Blastwall");
        assertThat(run.path("results").findValuesAsText("ruleId")).contains("zero-live-targets");
        assertThat(run.path("results").findValuesAsText("level")).contains("error");

        CliRun md = check("changes/06-agent-detach-lb-targets.json", "--agent", "agent:cleanup-bot",
                "--on-behalf-of", "frank", "--format", "markdown");
        assertThat(md.out()).startsWith(io.blastwall.cli.render.MarkdownRenderer.MARKER + "\n### Blastwall: ⛔ DENY").contains("| Component | Severity | Tier | Why |");
    }

    @Test
    void exit2ForMalformedChangeNamesFileAndLine(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("plan.json");
        Files.writeString(bad, "{\n  \"format_version\": \"1.2\",\n  \"resource_changes\": [\n    {\"address\": }\n  ]\n}\n");
        CliRun r = CliRun.of("check", "--estate", ESTATE, "--change", bad.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains(bad + ":4").doesNotContain("\tat ").doesNotContain("Exception");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void exit2ForAMissingEstateAndForAnAgentWithoutItsHuman() {
        CliRun missing = CliRun.of("check", "--estate", "/nonexistent/estate.yaml", "--change", example("changes/01-human-config-timeout.yaml"));
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).contains("/nonexistent/estate.yaml").contains("no such file");

        CliRun agent = check("changes/02-agent-recreate-orders-db.json", "--agent", "agent:x");
        assertThat(agent.code()).isEqualTo(2);
        assertThat(agent.err()).contains("on-behalf-of");
    }

    @Test
    void exit2ForAPolicyThatDoesNotCompileNamingFileAndLine(@TempDir Path dir) throws Exception {
        Path policy = dir.resolve("broken.yaml");
        Files.writeString(policy, """
                apiVersion: blastwall.io/v1
                kind: Policy
                id: broken
                description: does not compile
                scope: change
                condition: change.actionCount >
                effect: deny
                message: never
                """);
        CliRun r = check("changes/05-human-search-tags.json", "--policies", policy.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains(policy + ":6").doesNotContain("\tat ");
    }

    @Test
    void exit2WhenAPolicyReturnsANonBooleanAtRunTime(@TempDir Path dir) throws Exception {
        Path policy = dir.resolve("dyn.yaml");
        Files.writeString(policy, """
                apiVersion: blastwall.io/v1
                kind: Policy
                id: returns-a-string
                description: dyn field that is a string at run time
                scope: change
                condition: change.title
                effect: deny
                message: never
                """);
        CliRun r = check("changes/01-human-config-timeout.yaml", "--policies", policy.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("returns-a-string").contains("refused");
    }

    /** A command that breaks a contract, standing in for any bug: it must surface as exit 1, not as bad input. */
    @picocli.CommandLine.Command(name = "boom")
    static final class Boom implements java.util.concurrent.Callable<Integer> {
        @Override
        public Integer call() {
            throw new IllegalStateException("invariant broken");
        }
    }

    private static CliRun withBoom(String... args) {
        java.io.StringWriter out = new java.io.StringWriter(), err = new java.io.StringWriter();
        int code = Main.run(args, new java.io.PrintWriter(out), new java.io.PrintWriter(err), cl -> cl.addSubcommand("boom", new Boom()));
        return new CliRun(code, out.toString(), err.toString());
    }

    @Test
    void exit1ForAnInternalErrorWithoutAStackTraceUnlessDebug() {
        CliRun plain = withBoom("boom");
        assertThat(plain.code()).isEqualTo(1);
        assertThat(plain.err()).contains("internal error").contains("invariant broken").contains("--debug").doesNotContain("\tat ");
        CliRun debug = withBoom("--debug", "boom");
        assertThat(debug.code()).isEqualTo(1);
        assertThat(debug.err()).contains("\tat ");
    }

    @Test
    void exit2ForANegativeListLimit() {
        CliRun r = check("changes/05-human-search-tags.json", "--max-impacted", "-1");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--max-impacted");
    }

    @Test
    void theVerdictDoesNotDependOnKeyOrderOrFormatting(@TempDir Path dir) throws Exception {
        ObjectMapper m = new ObjectMapper();
        JsonNode plan = m.readTree(Path.of(example("changes/02-agent-recreate-orders-db.json")).toFile());
        Path pretty = dir.resolve("pretty.json");
        Files.writeString(pretty, m.writerWithDefaultPrettyPrinter().writeValueAsString(plan));
        CliRun a = check("changes/02-agent-recreate-orders-db.json", "--agent", "a:1", "--on-behalf-of", "bob", "--format", "json");
        CliRun b = CliRun.of("check", "--estate", ESTATE, "--change", pretty.toString(), "--now", WEDNESDAY,
                "--agent", "a:1", "--on-behalf-of", "bob", "--format", "json");
        assertThat(m.readTree(a.out()).path("change").path("hash")).isEqualTo(m.readTree(b.out()).path("change").path("hash"));
    }
}
