package io.blastwall.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.blastwall.cli.render.MarkdownRenderer;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The example GitHub Actions workflow stays consistent with what the CLI and the gate script produce: it can only be
 * run on GitHub, so what can be checked here is checked — it parses, it has the permissions its steps need, it runs
 * the gate script and uploads the SARIF file the script writes, and it finds its comment by the marker the Markdown
 * renderer writes.
 */
class CiWorkflowTest {

    @Test
    void theWorkflowMatchesTheScriptAndTheRenderer() throws Exception {
        Path file = CliRun.root().resolve("examples/ci/github-actions.yml");
        JsonNode wf = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
        JsonNode perms = wf.path("permissions");
        assertThat(perms.path("security-events").asText()).isEqualTo("write");
        assertThat(perms.path("pull-requests").asText()).isEqualTo("write");
        JsonNode job = wf.path("jobs").path("gate");
        List<String> runs = new ArrayList<>();
        List<String> uses = new ArrayList<>();
        for (JsonNode step : job.path("steps")) {
            runs.add(step.path("run").asText());
            uses.add(step.path("uses").asText());
        }
        assertThat(runs).anyMatch(r -> r.contains("tofu show -json tfplan > plan.json"));
        assertThat(runs).anyMatch(r -> r.contains("bash ci/blastwall-gate.sh infra/plan.json"));
        assertThat(runs).anyMatch(r -> r.contains("startswith(\"" + MarkdownRenderer.MARKER + "\")"));
        assertThat(uses).anyMatch(u -> u.startsWith("github/codeql-action/upload-sarif@"));
        assertThat(job.path("env").path("BLASTWALL_TOKEN").asText()).isEqualTo("${{ secrets.BLASTWALL_TOKEN }}");

        String script = Files.readString(CliRun.root().resolve("examples/ci/generic.sh"));
        assertThat(script).contains("--sarif-out \"$out/blastwall.sarif\"").contains("--markdown-out \"$out/comment.md\"")
                .contains("GITHUB_OUTPUT").contains("change_url=");
        JsonNode upload = job.path("steps").findParent("sarif_file");
        assertThat(upload.path("sarif_file").asText()).isEqualTo("${{ env.BLASTWALL_OUT }}/blastwall.sarif");
    }
}
