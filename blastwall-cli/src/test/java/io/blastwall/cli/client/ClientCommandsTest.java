package io.blastwall.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.blastwall.cli.Main;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.blastwall.cli.client.LiveServer.AGENT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The client commands against a real server started in-process: verdicts and states become check's exit codes,
 * the server's rules come back as exit 2 with the rule, failures to reach the server as exit 1 naming it.
 */
class ClientCommandsTest {

    @TempDir
    Path dir;
    LiveServer live;

    @BeforeEach
    void start() {
        live = new LiveServer(dir);
    }

    @AfterEach
    void stop() {
        ClientOptions.environment = System::getenv;
        live.close();
    }

    record Run(int code, String out, String err) {
    }

    private Run as(String who, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--server");
        all.add(live.url());
        if (who != null) {
            all.add("--token");
            all.add(live.token(who));
        }
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Main.run(all.toArray(String[]::new), new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    private String idFrom(Run r) {
        Matcher m = Pattern.compile(Pattern.quote(live.url()) + "(?:/api/v1)?/changes/(\\S+)").matcher(r.out() + r.err());
        assertThat(m.find()).as(r.out() + r.err()).isTrue();
        return m.group(1);
    }

    @Test
    void anAgentsPlanWaitsForAnIndependentSeniorAndTheAgentsHumanIsRefused() {
        Run submitted = as(AGENT, "submit", "--change", LiveServer.example("02-agent-recreate-orders-db.json").toString(),
                "--session", "sess-7", "--prompt-hash", "sha256:abc");
        assertThat(submitted.code()).as(submitted.err()).isEqualTo(Main.EXIT_NEEDS_APPROVAL);
        assertThat(submitted.out().lines().findFirst().orElse("")).startsWith("NEEDS APPROVAL  risk ");
        String id = idFrom(submitted);
        assertThat(submitted.out()).contains("Change " + id + "  state awaiting-approval  revision 1")
                .contains("proposed by agent " + AGENT + ", model gpt-test-1, acting for carol")
                .contains("[ ] 1 approval from senior").contains("0 of 1")
                .contains("  " + live.url() + "/changes/" + id + "\n");
        assertThat(submitted.err()).isEqualTo("blastwall: submitted change " + id + ": " + live.url() + "/changes/" + id + "\n");

        Run status = as("bob", "status", id);
        assertThat(status.code()).isEqualTo(Main.EXIT_NEEDS_APPROVAL);
        assertThat(status.out()).contains("awaiting-approval").contains("Waiting for approval");

        Run byCarol = as("carol", "approve", id, "--comment", "mine anyway");
        assertThat(byCarol.code()).isEqualTo(Main.EXIT_BAD_INPUT);
        assertThat(byCarol.err()).contains("403 forbidden").contains("rule: agent-human-cannot-approve").contains("carol");

        Run byDave = as("dave", "approve", id, "--comment", "checked the backup");
        assertThat(byDave.code()).as(byDave.err()).isEqualTo(Main.EXIT_ALLOW);
        assertThat(byDave.out()).contains("approving revision 1 of change " + id + " (content " + json(as("bob", "status", id, "--format", "json").out()).at("/revision/contentHash").asText() + ")")
                .contains("[x] 1 approval from senior").contains("Approved: it may proceed.");

        Run after = as("bob", "status", id);
        assertThat(after.code()).isEqualTo(Main.EXIT_ALLOW);
        assertThat(after.out()).contains("state approved").contains("dave (engineer, senior) approved revision 1")
                .contains("\"checked the backup\"");

        Run attribution = as("bob", "attribution", id);
        assertThat(attribution.code()).isEqualTo(0);
        assertThat(attribution.out()).contains("Let through by: dave");
        Run attributionJson = as("bob", "attribution", id, "--format", "json");
        assertThat(json(attributionJson.out()).at("/letThroughBy/0").asText()).isEqualTo("dave");
        assertThat(as("bob", "attribution", id, "--format", "sarif").code()).isEqualTo(Main.EXIT_BAD_INPUT);
    }

    @Test
    void aDeniedChangeExits20() {
        Path change = LiveServer.changeFile(dir, "bad idea", Map.of("deny", "yes"));
        Run r = as("bob", "submit", "--change", change.toString(), "--title", "bad idea");
        assertThat(r.code()).isEqualTo(Main.EXIT_DENY);
        assertThat(r.out().lines().findFirst().orElse("")).startsWith("DENY").endsWith("bad idea");
        assertThat(r.out()).contains("deny-when-labelled").contains("Rejected: this change must not proceed.");
        assertThat(as("dave", "status", idFrom(r)).code()).isEqualTo(Main.EXIT_DENY);
    }

    @Test
    void aReplayedApprovalAndAStaleHashAreRefusedAndARejectionSticks() {
        Run submitted = as("bob", "submit", "--change", LiveServer.changeFile(dir, "two", Map.of("approvals", "two")).toString());
        assertThat(submitted.code()).isEqualTo(Main.EXIT_NEEDS_APPROVAL);
        String id = idFrom(submitted);
        JsonNode view = json(as("bob", "status", id, "--format", "json").out());
        String hash = view.at("/revision/contentHash").asText();

        Run stale = as("dave", "approve", id, "--revision", "1", "--hash", "sha256:" + "0".repeat(64));
        assertThat(stale.code()).isEqualTo(Main.EXIT_BAD_INPUT);
        assertThat(stale.err()).contains("409 stale").contains("stale-content-hash");

        Run first = as("dave", "approve", id, "--revision", "1", "--hash", hash);
        assertThat(first.code()).as(first.err()).isEqualTo(Main.EXIT_NEEDS_APPROVAL);
        assertThat(first.out()).contains("1 of 2: dave").doesNotContain("approving revision"); // nothing fetched: given

        Run replay = as("dave", "approve", id, "--revision", "1", "--hash", hash);
        assertThat(replay.code()).isEqualTo(Main.EXIT_BAD_INPUT);
        assertThat(replay.err()).contains("409 duplicate-decision");

        Run half = as("dave", "approve", id, "--revision", "1");
        assertThat(half.code()).isEqualTo(Main.EXIT_BAD_INPUT);
        assertThat(half.err()).contains("--hash");

        assertThat(as("frank", "reject", id).code()).as("--comment is required").isEqualTo(Main.EXIT_BAD_INPUT);
        Run rejected = as("frank", "reject", id, "--comment", "not during the sale");
        assertThat(rejected.code()).as(rejected.err()).isEqualTo(0);
        assertThat(rejected.out()).contains("rejecting revision 1").contains("frank (senior) rejected revision 1");
        assertThat(as("bob", "status", id).code()).isEqualTo(Main.EXIT_DENY);
    }

    @Test
    void aWithdrawnChangeExits3() {
        Run submitted = as(AGENT, "submit", "--change", LiveServer.example("02-agent-recreate-orders-db.json").toString());
        String id = idFrom(submitted);
        Run w = as("carol", "withdraw", id, "--reason", "wrong plan");
        assertThat(w.code()).as(w.err()).isEqualTo(0);
        assertThat(w.out()).contains("Withdrawn");
        assertThat(as("bob", "status", id).code()).isEqualTo(ChangeOutput.EXIT_CLOSED);
        assertThat(as("bob", "withdraw", id).code()).as("bob is not the author").isEqualTo(Main.EXIT_BAD_INPUT);
    }

    @Test
    void jsonIsTheServersBodyAsItCameAndMarkdownAndSarifRenderTheVerdict() throws Exception {
        Run submitted = as(AGENT, "submit", "--change", LiveServer.example("02-agent-recreate-orders-db.json").toString(),
                "--format", "json");
        assertThat(submitted.code()).isEqualTo(Main.EXIT_NEEDS_APPROVAL);
        JsonNode view = json(submitted.out());
        String id = view.get("id").asText();
        assertThat(view.at("/revision/analysis/schemaVersion").asText()).isEqualTo("blastwall.io/check/v1");
        assertThat(submitted.err()).contains("submitted change " + id + ": " + live.url() + "/changes/" + id);

        Run status = as("bob", "status", id, "--format", "json");
        HttpResponse<String> raw = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(live.url() + "/api/v1/changes/" + id))
                .header("Authorization", "Bearer " + live.token("bob")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(status.out().strip()).isEqualTo(raw.body().strip());

        Run md = as("bob", "status", id, "--format", "markdown");
        assertThat(md.out()).startsWith("### Blastwall: 🟡 NEEDS APPROVAL").contains("- [ ] 1 approval from senior")
                .contains("(" + live.url() + "/api/v1/changes/" + id + ")");

        Run sarif = as("bob", "status", id, "--format", "sarif");
        JsonNode s = json(sarif.out());
        assertThat(s.get("version").asText()).isEqualTo("2.1.0");
        assertThat(s.at("/runs/0/results/0/ruleId").asText()).isEqualTo("agent-needs-senior");
        assertThat(s.at("/runs/0/results/0/level").asText()).isEqualTo("warning");
        assertThat(s.at("/runs/0/properties/changeId").asText()).isEqualTo(id);
        io.blastwall.cli.SarifSchema.assertValid(s);
        assertThat(s.at("/runs/0/results/0/locations/0/physicalLocation/region/startLine").asInt()).isPositive();
        assertThat(s.at("/runs/0/results/0/partialFingerprints/blastwallFinding~1v1").asText()).hasSize(64);
    }

    @Test
    void aDocumentTheServerCannotReadIsExit2WithItsPlace() throws Exception {
        Path broken = dir.resolve("broken.json");
        Files.writeString(broken, "{\"format_version\": \"1.2\",\n \"resource_changes\": [\n");
        Run r = as("bob", "submit", "--change", broken.toString());
        assertThat(r.code()).isEqualTo(Main.EXIT_BAD_INPUT);
        assertThat(r.err()).contains("400 bad-input").contains("broken.json");
        assertThat(as("bob", "submit", "--change", dir.resolve("missing.yaml").toString()).err()).contains("missing.yaml");
    }

    @Test
    void aBadTokenIsExit2WithTheServersReasonAndIsNeverPrinted() {
        String secret = "bw_not-a-real-token-0123456789";
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Main.run(new String[]{"status", "chg_x", "--server", live.url(), "--token", secret},
                new PrintWriter(out), new PrintWriter(err));
        assertThat(code).isEqualTo(Main.EXIT_BAD_INPUT);
        assertThat(err.toString()).contains("401 unauthenticated").contains("not known");
        assertThat(out.toString() + err).doesNotContain(secret);
    }

    @Test
    void theTokenComesFromTheEnvironmentAndItsAbsenceIsBadInput() {
        ClientOptions.environment = name -> name.equals("BLASTWALL_TOKEN") ? live.token("bob")
                : name.equals("BLASTWALL_SERVER") ? live.url() : null;
        StringWriter out = new StringWriter(), err = new StringWriter();
        Path change = LiveServer.changeFile(dir, "fine", Map.of());
        int code = Main.run(new String[]{"submit", "--change", change.toString()}, new PrintWriter(out), new PrintWriter(err));
        assertThat(code).as(err.toString()).isEqualTo(Main.EXIT_ALLOW);
        assertThat(out.toString()).startsWith("ALLOW").contains("Approved: it may proceed.");

        ClientOptions.environment = name -> null;
        StringWriter err2 = new StringWriter();
        int none = Main.run(new String[]{"status", "chg_x", "--server", live.url()}, new PrintWriter(new StringWriter()), new PrintWriter(err2));
        assertThat(none).isEqualTo(Main.EXIT_BAD_INPUT);
        assertThat(err2.toString()).contains("BLASTWALL_TOKEN");
    }

    @Test
    void aServerThatIsDownIsExit1NamingIt() {
        String url = live.url();
        String token = live.token("bob");
        live.close();
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Main.run(new String[]{"status", "chg_x", "--server", url, "--token", token}, new PrintWriter(out), new PrintWriter(err));
        assertThat(code).isEqualTo(Main.EXIT_INTERNAL);
        assertThat(err.toString()).contains("cannot reach the Blastwall server at " + url).doesNotContain("\tat ").doesNotContain(token);
        live = new LiveServer(dir.resolve("again")); // for @AfterEach
    }

    @Test
    void aServerUrlThatIsNotOneIsBadInput() {
        StringWriter err = new StringWriter();
        int code = Main.run(new String[]{"status", "chg_x", "--server", "ftp://x", "--token", "t"},
                new PrintWriter(new StringWriter()), new PrintWriter(err));
        assertThat(code).isEqualTo(Main.EXIT_BAD_INPUT);
        assertThat(err.toString()).contains("--server").contains("not a server URL");
    }

    private static JsonNode json(String text) {
        try {
            return new ObjectMapper().readTree(text);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }
}
