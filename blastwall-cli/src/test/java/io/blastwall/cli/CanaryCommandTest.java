package io.blastwall.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code blastwall canary judge} end to end in-process: the examples, exit codes, JSON, and bad input. */
class CanaryCommandTest {

    @TempDir
    Path dir;

    static String ex(String name) {
        return CliRun.example("canary/" + name);
    }

    private String write(String name, String text) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, text);
        return f.toString();
    }

    private static String series(long seed, int n, double mean, double sd) {
        SplittableRandom r = new SplittableRandom(seed);
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < n; i++) sb.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.4f", mean + sd * r.nextGaussian()));
        return sb.append(']').toString();
    }

    @Test
    void goodCanaryPassesWithExitZero() {
        CliRun r = CliRun.of("canary", "judge", "--baseline", ex("baseline.yaml"), "--canary", ex("canary-good.yaml"));
        assertThat(r.code()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).startsWith("PASS: 2 of 2 metrics passed")
                .contains("metric          outcome  n base  n canary")
                .contains("error_rate *    PASS         40        40")
                .contains("(* critical: fails the verdict alone)");
    }

    @Test
    void badCanariesFailWithExitTwentyFromYamlAndCsv() {
        CliRun errors = CliRun.of("canary", "judge", "--baseline", ex("baseline.yaml"), "--canary", ex("canary-errors.yaml"));
        assertThat(errors.code()).isEqualTo(20);
        assertThat(errors.out()).startsWith("FAIL: critical metric failed: error_rate: canary shift +0.005 (+111.1%");
        CliRun slow = CliRun.of("canary", "judge", "--baseline", ex("baseline.yaml"), "--canary", ex("canary-slow.csv"));
        assertThat(slow.code()).isEqualTo(20);
        assertThat(slow.out()).startsWith("FAIL: 1 of 2 metrics passed (score 0.50")
                .contains("latency_p50_ms  FAIL         40        40         80.4           98.4    +19.4  +24.1%");
    }

    @Test
    void jsonFollowsTheDocumentedSchema() throws IOException {
        CliRun r = CliRun.of("canary", "judge", "--baseline", ex("baseline.yaml"), "--canary", ex("canary-slow.csv"), "--json");
        assertThat(r.code()).isEqualTo(20);
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertThat(j.get("schemaVersion").asText()).isEqualTo("blastwall.io/canary/v1");
        assertThat(j.get("outcome").asText()).isEqualTo("fail");
        assertThat(j.get("exitCode").asInt()).isEqualTo(20);
        assertThat(j.get("score").asDouble()).isEqualTo(0.5);
        assertThat(j.get("config").get("alpha").asDouble()).isEqualTo(0.005);
        JsonNode lat = j.get("metrics").get(1);
        assertThat(lat.get("metric").asText()).isEqualTo("latency_p50_ms");
        assertThat(lat.get("outcome").asText()).isEqualTo("fail");
        assertThat(lat.get("baseline").get("count").asInt()).isEqualTo(40);
        assertThat(lat.get("confidenceInterval").get("level").asDouble()).isEqualTo(0.99);
        assertThat(lat.get("shift").asDouble()).isBetween(15.0, 25.0);
        assertThat(lat.get("reason").asText()).contains("beyond the tolerance");
        for (String field : new String[]{"critical", "canary", "u", "pValue", "relativeEffect", "meanShift", "allowedShift"}) {
            assertThat(lat.has(field)).as(field).isTrue();
        }
    }

    @Test
    void insufficientDataExitsElevenAndStatisticsAreNullInJson() throws IOException {
        String few = write("few.yaml", "metrics:\n  error_rate: [0.01, 0.02, null, NaN]\n  latency_p50_ms: " + series(1, 30, 80, 5) + "\n");
        CliRun r = CliRun.of("canary", "judge", "--baseline", ex("baseline.yaml"), "--canary", few, "--json");
        assertThat(r.code()).as(r.err()).isEqualTo(11);
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertThat(j.get("outcome").asText()).isEqualTo("insufficient-data");
        JsonNode e = j.get("metrics").get(0);
        assertThat(e.get("canary").get("dropped").asInt()).isEqualTo(2);
        assertThat(e.get("pValue").isNull()).isTrue();
        assertThat(e.get("reason").asText()).isEqualTo("2 of 4 canary samples are NaN or infinite (more than 25%): the source is"
                + " not reporting reliably, which a broken canary also causes");
    }

    @Test
    void configFileSetsMetricsGatesAndThresholds() throws IOException {
        CliRun good = CliRun.of("canary", "judge", "--config", ex("config.yaml"), "--baseline", ex("baseline.yaml"),
                "--canary", ex("canary-good.yaml"));
        assertThat(good.code()).isZero();
        StringBuilder base = new StringBuilder("metrics:\n"), can = new StringBuilder("metrics:\n");
        StringBuilder cfg = new StringBuilder("passScore: 0.9\nmarginalScore: 0.7\nmetrics:\n");
        for (int i = 0; i < 4; i++) {
            base.append("  m").append(i).append(": ").append(series(i, 30, 10, 1)).append('\n');
            can.append("  m").append(i).append(": ").append(series(10 + i, 30, i == 0 ? 20 : 10, 1)).append('\n');
            cfg.append("  - {name: m").append(i).append(", direction: increase-is-bad, tolerance: 0.1, minSamples: 10}\n");
        }
        CliRun marginal = CliRun.of("canary", "judge", "--config", write("c.yaml", cfg.toString()),
                "--baseline", write("b.yaml", base.toString()), "--canary", write("k.yml", can.toString()));
        assertThat(marginal.code()).as(marginal.err()).isEqualTo(10);
        assertThat(marginal.out()).startsWith("MARGINAL: 3 of 4 metrics passed (score 0.75; pass at 0.90, marginal at 0.70)");
    }

    @Test
    void badInputNamesTheFileAndLineAndExitsTwo() throws IOException {
        String csv = write("s.csv", "metric,value\nerror_rate,0.01\nerror_rate,0.0x1\n");
        CliRun r = CliRun.of("canary", "judge", "--baseline", csv, "--canary", ex("canary-good.yaml"));
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains(csv + ":3: expected a number (or NaN, +Inf, -Inf) as the value of error_rate, found '0.0x1'")
                .doesNotContain("Exception");

        String yaml = write("s.yaml", "metrics:\n  error_rate: [0.01,\n    fast, 0.02]\n");
        CliRun y = CliRun.of("canary", "judge", "--baseline", yaml, "--canary", ex("canary-good.yaml"));
        assertThat(y.code()).isEqualTo(2);
        assertThat(y.err()).contains(yaml + ":3 ($.metrics.error_rate[1]): expected a number (or null, NaN, +Inf, -Inf), found a string 'fast'");

        String unknown = write("u.csv", "cpu,0.5\n");
        CliRun u = CliRun.of("canary", "judge", "--baseline", unknown, "--canary", ex("canary-good.yaml"));
        assertThat(u.code()).isEqualTo(2);
        assertThat(u.err()).contains(unknown + ":1: unknown metric 'cpu'; configured: error_rate, latency_p50_ms");

        CliRun empty = CliRun.of("canary", "judge", "--baseline", write("e.yaml", "# nothing yet\n"), "--canary", ex("canary-good.yaml"));
        assertThat(empty.code()).isEqualTo(2);
        assertThat(empty.err()).contains("e.yaml: empty file");

        CliRun missing = CliRun.of("canary", "judge", "--baseline", dir.resolve("absent.yaml").toString(), "--canary", ex("canary-good.yaml"));
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).contains("absent.yaml: no such file");

        String cfg = write("c.yaml", "metrics:\n  - name: error_rate\n    direction: up\n    tolerance: 0.1\n");
        CliRun badConfig = CliRun.of("canary", "judge", "--config", cfg, "--baseline", ex("baseline.yaml"), "--canary", ex("canary-good.yaml"));
        assertThat(badConfig.code()).isEqualTo(2);
        assertThat(badConfig.err()).contains(cfg + ":3 ($.metrics[0].direction): expected increase-is-bad, decrease-is-bad or either-is-bad, found 'up'");
    }

    @Test
    void usageMistakesExitTwo() {
        assertThat(CliRun.of("canary", "judge", "--baseline", ex("baseline.yaml")).code()).isEqualTo(2);
        assertThat(CliRun.of("canary").code()).isEqualTo(2);
        assertThat(CliRun.of("canary", "judge", "--help").code()).isZero();
    }
}
