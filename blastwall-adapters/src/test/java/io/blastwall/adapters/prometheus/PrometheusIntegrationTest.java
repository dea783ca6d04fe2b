package io.blastwall.adapters.prometheus;

import io.blastwall.core.estate.Estate;
import io.blastwall.core.rollout.MetricQuery;
import io.blastwall.core.rollout.MetricsUnavailableException;
import io.blastwall.core.rollout.RolloutTarget;
import io.blastwall.formats.estate.EstateFileReader;
import io.blastwall.formats.estate.EstateSources;
import io.blastwall.sim.ChangeBehaviour;
import io.blastwall.sim.RealTimeDriver;
import io.blastwall.sim.SimConfig;
import io.blastwall.sim.SimMetricsEndpoint;
import io.blastwall.sim.Simulation;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Against a real Prometheus ({@code /usr/bin/prometheus}, Debian package {@code prometheus}, installed by .ci/run)
 * started by the test with a temporary configuration and storage, scraping the simulator's real {@code /metrics}
 * endpoint every second while the simulator runs in real time with a bad change in one zone. Skipped, saying so,
 * only where the binary is absent (a developer's machine without the package).
 */
class PrometheusIntegrationTest {

    private static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");

    private static Path dir;
    private static Simulation sim;
    private static RealTimeDriver driver;
    private static SimMetricsEndpoint endpoint;
    private static Process prometheus;
    private static PrometheusMetricsSource source;

    private static final RolloutTarget CANARY = new RolloutTarget("web", "eu-west-1", "eu-west-1a");
    private static final List<RolloutTarget> BASELINE = List.of(
            new RolloutTarget("web", "eu-west-1", "eu-west-1b"), new RolloutTarget("web", "eu-west-1", "eu-west-1c"));

    /** Error ratio per node and zone, as docs/metrics-sources.md gives it for the simulator's metrics. */
    private static final String ERROR_RATIO = """
            sum by (node, zone) (rate(blastwall_sim_errors_total{node=~"{{nodes}}", zone=~"{{zones}}"}[5s]))
              / sum by (node, zone) (rate(blastwall_sim_requests_total{node=~"{{nodes}}", zone=~"{{zones}}"}[5s]))""";
    private static final String LATENCY_P50_MS = """
            1000 * histogram_quantile(0.5, sum by (node, zone, le) (
              rate(blastwall_sim_request_duration_seconds_bucket{node=~"{{nodes}}", zone=~"{{zones}}"}[5s])))""";

    @BeforeAll
    static void start() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(PROMETHEUS),
                "skipped: /usr/bin/prometheus is not installed (apt-get install prometheus; .ci/run installs it in CI)");
        dir = Files.createTempDirectory("blastwall-prometheus-it");
        Path estateFile = Files.writeString(dir.resolve("estate.yaml"), """
                apiVersion: blastwall.io/v1
                kind: Estate
                metadata: {name: prometheus-it}
                nodes:
                  - id: web
                    kind: service
                    region: eu-west-1
                    zones: [eu-west-1a, eu-west-1b, eu-west-1c]
                    capacity: 3000
                    peakLoad: 600
                    replicas: 6
                    trafficWeight: 1
                    dependsOn: [api]
                  - id: api
                    kind: service
                    region: eu-west-1
                    zones: [eu-west-1a, eu-west-1b, eu-west-1c]
                    capacity: 3000
                    peakLoad: 600
                    replicas: 6
                """);
        Estate estate = EstateSources.loadStrict(List.of(estateFile), p -> new EstateFileReader());
        Clock wall = Clock.systemUTC();
        sim = Simulation.create(estate, SimConfig.defaults(), 42L, wall.instant());
        // the bad change in wave 1: a fifth of web's requests in zone a fail
        sim.deploy("chg-bad", List.of(CANARY), ChangeBehaviour.addedErrors(0.2));
        driver = RealTimeDriver.realTime(sim, wall).start();
        endpoint = SimMetricsEndpoint.start(sim, "127.0.0.1", 0);

        int port = freePort();
        Path config = Files.writeString(dir.resolve("prometheus.yml"), """
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                scrape_configs:
                  - job_name: blastwall-sim
                    scrape_interval: 1s
                    static_configs:
                      - targets: ["127.0.0.1:%d"]
                """.formatted(endpoint.port()));
        prometheus = new ProcessBuilder(PROMETHEUS.toString(), "--config.file=" + config,
                "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port, "--log.level=warn")
                .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
        URI base = URI.create("http://127.0.0.1:" + port);
        awaitReady(base);
        source = new PrometheusMetricsSource(new PrometheusConfig(base, Duration.ofSeconds(10), Duration.ofSeconds(2),
                Optional.empty(), Map.of(
                        "error_ratio", PromQlTemplate.parse(ERROR_RATIO),
                        "latency_p50_ms", PromQlTemplate.parse(LATENCY_P50_MS),
                        "broken", PromQlTemplate.parse("sum(rate(blastwall_sim_requests_total{node=~\"{{nodes}}\"}[5s])"))));
    }

    @AfterAll
    static void stop() throws Exception {
        if (prometheus != null) {
            prometheus.destroy();
            if (!prometheus.waitFor(20, TimeUnit.SECONDS)) prometheus.destroyForcibly().waitFor();
        }
        if (endpoint != null) endpoint.close();
        if (driver != null) driver.close();
        if (sim != null) sim.close();
        if (dir != null) {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void awaitReady(URI base) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            if (!prometheus.isAlive()) throw new AssertionError("prometheus exited: " + log());
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(base.resolve("/-/ready")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) return;
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new AssertionError("prometheus not ready within 90 s: " + log());
    }

    private static String log() throws IOException {
        return Files.readString(dir.resolve("prometheus.log"), StandardCharsets.UTF_8);
    }

    private static MetricQuery query(String metric, MetricQuery.Role role, List<RolloutTarget> targets) {
        Instant to = Instant.now();
        return new MetricQuery(metric, role, targets, to.minusSeconds(60), to, Duration.ofSeconds(1));
    }

    /** Polls until Prometheus has at least {@code n} evaluated points for the canary (scrapes take a few seconds). */
    private static double[] awaitSamples(String metric, List<RolloutTarget> targets, int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        double[] v = new double[0];
        while (System.nanoTime() < deadline) {
            v = source.fetch(query(metric, MetricQuery.Role.CANARY, targets));
            if (v.length >= n) return v;
            Thread.sleep(500);
        }
        throw new AssertionError("only " + v.length + " points of " + metric + " after 90 s");
    }

    private static double median(double[] v) {
        double[] s = Arrays.stream(v).filter(d -> !Double.isNaN(d)).sorted().toArray();
        assertThat(s).isNotEmpty();
        return s[s.length / 2];
    }

    @Test
    void theBadZoneStandsOutInTheErrorRatioPrometheusComputesFromTheSimulatorsScrapes() throws InterruptedException {
        double[] canary = awaitSamples("error_ratio", List.of(CANARY), 5);
        double[] baseline = source.fetch(query("error_ratio", MetricQuery.Role.BASELINE, BASELINE));
        assertThat(baseline.length).isGreaterThanOrEqualTo(canary.length);
        assertThat(median(canary)).as("canary error ratio").isBetween(0.1, 0.4);
        assertThat(median(baseline)).as("baseline error ratio").isLessThan(0.05);
    }

    @Test
    void histogramQuantilesOfTheSimulatorReadAsLatencies() throws InterruptedException {
        double[] p50 = awaitSamples("latency_p50_ms", List.of(CANARY), 3);
        assertThat(median(p50)).as("median latency, ms").isGreaterThan(0).isLessThan(10_000);
    }

    @Test
    void aScopeWithoutSeriesIsNoData() {
        double[] none = source.fetch(query("error_ratio", MetricQuery.Role.CANARY,
                List.of(new RolloutTarget("no-such-node", "eu-west-1", "eu-west-1a"))));
        assertThat(none).isEmpty();
    }

    @Test
    void aQueryPrometheusRejectsIsUnavailableWithItsError() {
        assertThatThrownBy(() -> source.fetch(query("broken", MetricQuery.Role.CANARY, List.of(CANARY))))
                .isInstanceOf(MetricsUnavailableException.class).hasMessageContaining("HTTP 400").hasMessageContaining("bad_data");
    }
}
