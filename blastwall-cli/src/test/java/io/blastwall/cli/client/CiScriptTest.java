package io.blastwall.cli.client;

import io.blastwall.cli.render.MarkdownRenderer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * examples/ci/generic.sh run by bash with the real CLI (this module's class path in a child JVM) against a real
 * control plane: a denied plan fails the job, one that needs approval is submitted and the
 * job records the console link, and the gate fails closed when the check itself cannot run.
 */
class CiScriptTest {

    @TempDir
    static Path dir;
    private static LiveServer live;

    @BeforeAll
    static void start() {
        live = new LiveServer(dir);
    }

    @AfterAll
    static void stop() {
        live.close();
    }

    record Job(int code, String output, Properties result, Path out) {
    }

    private static Job run(String name, Path change, Map<String, String> env) throws Exception {
        Path out = dir.resolve("out-" + name);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder("bash", LiveServer.root().resolve("examples/ci/generic.sh").toString(), change.toString())
                .directory(dir.toFile()).redirectErrorStream(true);
        Map<String, String> e = pb.environment();
        e.remove("BLASTWALL_SERVER");
        e.remove("BLASTWALL_TOKEN");
        e.remove("GITHUB_OUTPUT");
        // a short-lived child: the C1 compiler alone starts it with less CPU on a busy machine
        e.put("BLASTWALL", java + " -XX:TieredStopAtLevel=1 -cp " + System.getProperty("java.class.path") + " io.blastwall.cli.Main");
        e.put("BLASTWALL_ESTATE", LiveServer.root().resolve("examples/estate/shop.yaml").toString());
        e.put("BLASTWALL_POLICIES", Path.of(CiScriptTest.class.getResource("/client-policies").toURI()).toString());
        e.put("BLASTWALL_OUT", out.toString());
        e.putAll(env);
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        Properties result = new Properties();
        Path env2 = out.resolve("result.env");
        if (Files.exists(env2)) {
            try (var r = Files.newBufferedReader(env2)) {
                result.load(r);
            }
        }
        return new Job(p.exitValue(), output, result, out);
    }

    @Test
    void aDeniedPlanFailsTheJobAndLeavesSarifAndAComment() throws Exception {
        Job j = run("deny", LiveServer.changeFile(dir, "nope", Map.of("deny", "yes")), Map.of());
        assertThat(j.code()).as(j.output()).isEqualTo(20);
        assertThat(j.result().getProperty("verdict")).isEqualTo("deny");
        assertThat(Files.readString(j.out().resolve("blastwall.sarif"))).contains("\"level\" : \"error\"");
        assertThat(Files.readString(j.out().resolve("comment.md"))).startsWith(MarkdownRenderer.MARKER).contains("⛔ DENY");
    }

    @Test
    void aPlanThatNeedsApprovalIsSubmittedAndTheJobLinksToIt() throws Exception {
        String token = live.token("bob");
        Job j = run("approval", LiveServer.changeFile(dir, "two seniors", Map.of("approvals", "two")),
                Map.of("BLASTWALL_SERVER", live.url(), "BLASTWALL_TOKEN", token, "BLASTWALL_TITLE", "PR 42: raise timeout"));
        assertThat(j.code()).as(j.output()).isZero();
        String id = j.result().getProperty("change_id");
        assertThat(id).startsWith("ch_");
        assertThat(j.result().getProperty("change_url")).isEqualTo(live.url() + "/changes/" + id);
        assertThat(j.output()).contains("approve or reject it at " + live.url() + "/changes/" + id).doesNotContain(token);
        assertThat(Files.readString(j.out().resolve("comment.md")))
                .contains("**Submitted for approval:** [" + id + "](" + live.url() + "/changes/" + id + ")");
        HttpResponse<String> view = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(live.url() + "/api/v1/changes/" + id))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(view.body()).contains("\"state\":\"awaiting-approval\"").contains("PR 42: raise timeout");
    }

    @Test
    void waitingForApprovalFailsTheJobWhenAskedAndTheGateFailsClosedOnBadInput() throws Exception {
        Job pending = run("pending", LiveServer.changeFile(dir, "two", Map.of("approvals", "two")),
                Map.of("BLASTWALL_ON_APPROVAL", "fail"));
        assertThat(pending.code()).as(pending.output()).isEqualTo(10);
        assertThat(pending.output()).contains("set BLASTWALL_SERVER to submit it");

        Map<String, String> env = new HashMap<>(Map.of("BLASTWALL_ESTATE", dir.resolve("missing.yaml").toString()));
        Job broken = run("broken", LiveServer.changeFile(dir, "x", Map.of()), env);
        assertThat(broken.code()).as(broken.output()).isEqualTo(2);
        assertThat(broken.output()).contains("failing closed").contains("missing.yaml");
        assertThat(broken.result()).isEmpty();
    }
}
