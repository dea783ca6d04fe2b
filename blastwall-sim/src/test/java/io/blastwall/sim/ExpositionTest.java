package io.blastwall.sim;

import io.blastwall.core.rollout.RolloutTarget;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Prometheus text exposition, its HTTP endpoint, and the metric names documented in docs/simulator.md. */
class ExpositionTest {

    private static Simulation simWithTwoVersions() {
        Simulation sim = Simulation.create(Shop.estate(), SimConfig.defaults(), 9);
        sim.advance(Duration.ofMinutes(2));
        sim.deploy("chg-\"quoted\"\\x", List.of(new RolloutTarget("web-eu-west-1", "eu-west-1", "eu-west-1a")), ChangeBehaviour.GOOD);
        sim.advance(Duration.ofMinutes(2));
        return sim;
    }

    @Test
    void expositionParsesStrictlyWithTheDocumentedFamiliesAndLabels() {
        Simulation sim = simWithTwoVersions();
        List<ExpositionParser.Sample> samples = ExpositionParser.parse(sim.metricsText());
        assertThat(samples).extracting(ExpositionParser.Sample::name).contains(
                "blastwall_sim_requests_total", "blastwall_sim_errors_total", "blastwall_sim_retries_total", "blastwall_sim_degraded_total",
                "blastwall_sim_request_duration_seconds_bucket", "blastwall_sim_request_duration_seconds_sum",
                "blastwall_sim_request_duration_seconds_count", "blastwall_sim_utilisation", "blastwall_sim_in_rotation",
                "blastwall_sim_load_factor", "blastwall_sim_time_seconds");
        ExpositionParser.Sample newVersion = samples.stream()
                .filter(s -> s.name().equals("blastwall_sim_requests_total") && s.labels().get("version").startsWith("chg-"))
                .findFirst().orElseThrow();
        assertThat(newVersion.labels()).containsEntry("node", "web-eu-west-1").containsEntry("zone", "eu-west-1a")
                .containsEntry("region", "eu-west-1").containsEntry("version", "chg-\"quoted\"\\x");
        assertThat(newVersion.value()).isPositive();
        assertThat(samples.stream().filter(s -> s.name().equals("blastwall_sim_time_seconds")).findFirst().orElseThrow().value())
                .isEqualTo(240.0);
        // a global node without zones has an empty zone label and no region
        assertThat(samples).anySatisfy(s -> assertThat(s.labels()).containsEntry("node", "feature-flags").containsEntry("zone", "").containsEntry("region", ""));
    }

    @Test
    void theStrictParserRejectsWhatPrometheusWould() {
        assertThatThrownBy(() -> ExpositionParser.parse("x 1\n")).hasMessageContaining("line 1");
        assertThatThrownBy(() -> ExpositionParser.parse("# TYPE x counter\nx{a=\"b} 1\n")).isInstanceOf(RuntimeException.class);
        assertThatThrownBy(() -> ExpositionParser.parse("# TYPE x counter\nx 1\nx 2\n")).hasMessageContaining("duplicate");
        assertThatThrownBy(() -> ExpositionParser.parse("# TYPE h histogram\nh_bucket{le=\"1\"} 2\nh_bucket{le=\"+Inf\"} 1\nh_count 1\n"))
                .hasMessageContaining("cumulative");
    }

    @Test
    void promtoolAcceptsTheExposition() throws Exception {
        Path promtool = Path.of("/usr/bin/promtool");
        Assumptions.assumeTrue(Files.isExecutable(promtool), "promtool (Debian package prometheus) is not installed");
        Path file = Files.createTempFile("sim-metrics", ".txt");
        try {
            Files.writeString(file, simWithTwoVersions().metricsText());
            Process p = new ProcessBuilder(promtool.toString(), "check", "metrics").redirectInput(file.toFile())
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(out).isZero();
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @Test
    void endpointServesTheExpositionOnGetMetricsOnly() throws IOException, InterruptedException {
        Simulation sim = simWithTwoVersions();
        try (SimMetricsEndpoint endpoint = SimMetricsEndpoint.start(sim, "127.0.0.1", 0)) {
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            URI uri = endpoint.uri();
            assertThat(uri.toString()).isEqualTo("http://127.0.0.1:" + endpoint.port() + "/metrics");
            HttpResponse<String> ok = client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(ok.headers().firstValue("Content-Type")).contains("text/plain; version=0.0.4; charset=utf-8");
            assertThat(ExpositionParser.parse(ok.body())).isNotEmpty();
            HttpResponse<String> post = client.send(HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(post.statusCode()).isEqualTo(405);
            assertThat(post.headers().firstValue("Allow")).contains("GET, HEAD");
            HttpResponse<String> other = client.send(HttpRequest.newBuilder(uri.resolve("/other")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(other.statusCode()).isEqualTo(404);
        }
    }
}
