package io.blastwall.adapters.prometheus;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.blastwall.core.rollout.MetricQuery;
import io.blastwall.core.rollout.MetricsUnavailableException;
import io.blastwall.core.rollout.RolloutTarget;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Against a local JDK HTTP server answering in the Prometheus HTTP API's own format. */
class PrometheusMetricsSourceTest {

    private HttpServer server;
    private final AtomicReference<Answer> answer = new AtomicReference<>();
    private final AtomicReference<Map<String, String>> lastForm = new AtomicReference<>();
    private final AtomicReference<String> lastAuth = new AtomicReference<>();
    private final CountDownLatch release = new CountDownLatch(1);

    @TempDir
    Path dir;

    private record Answer(int status, String contentType, String body, boolean hang) {
        static Answer json(int status, String body) {
            return new Answer(status, "application/json", body, false);
        }
    }

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/api/v1/query_range", this::handle);
        server.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
        server.start();
    }

    @AfterEach
    void stop() {
        release.countDown();
        server.stop(0);
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            Map<String, String> form = new HashMap<>();
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            for (String kv : body.split("&")) {
                int eq = kv.indexOf('=');
                if (eq > 0) form.put(kv.substring(0, eq), URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
            }
            form.put("method", ex.getRequestMethod());
            lastForm.set(form);
            lastAuth.set(ex.getRequestHeaders().getFirst("Authorization"));
            Answer a = answer.get();
            if (a.hang()) {
                release.await();
                return;
            }
            byte[] bytes = a.body().getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", a.contentType());
            ex.sendResponseHeaders(a.status(), bytes.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static final String ERROR_RATE = "sum by (node, zone) (rate(errors_total{node=~\"{{nodes}}\", zone=~\"{{zones}}\"}[{{step}}]))";

    private PrometheusMetricsSource source(Duration timeout, Optional<Path> token) {
        URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        return new PrometheusMetricsSource(new PrometheusConfig(url, timeout, Duration.ofSeconds(2), token,
                Map.of("error_rate", PromQlTemplate.parse(ERROR_RATE))));
    }

    private PrometheusMetricsSource source() {
        return source(Duration.ofSeconds(5), Optional.empty());
    }

    private static final Instant FROM = Instant.parse("2026-11-28T00:00:00Z");

    private static MetricQuery query(String metric) {
        return new MetricQuery(metric, MetricQuery.Role.CANARY,
                List.of(new RolloutTarget("checkout.api", "eu-west-1", "eu-west-1a"), new RolloutTarget("web", "eu-west-1", "eu-west-1a")),
                FROM, FROM.plusSeconds(60), Duration.ofSeconds(15));
    }

    @Test
    void poolsEverySeriesInTimeOrderAndSendsTheFilledTemplate() {
        answer.set(Answer.json(200, """
                {"status":"success","data":{"resultType":"matrix","result":[
                  {"metric":{"node":"checkout.api","zone":"eu-west-1a"},"values":[[1795824000,"0.01"],[1795824015,"0.02"],[1795824030,"0.03"]]},
                  {"metric":{"node":"web","zone":"eu-west-1a"},"values":[[1795824000,"0.5"],[1795824030,"NaN"],[1795824045,"+Inf"]]}
                ]}}"""));
        double[] v = source().fetch(query("error_rate"));
        assertThat(v).containsExactly(0.01, 0.5, 0.02, 0.03, Double.NaN, Double.POSITIVE_INFINITY);
        Map<String, String> form = lastForm.get();
        assertThat(form.get("method")).isEqualTo("POST");
        assertThat(form.get("query")).isEqualTo(
                "sum by (node, zone) (rate(errors_total{node=~\"checkout\\\\.api|web\", zone=~\"eu-west-1a\"}[15s]))");
        assertThat(form.get("start")).isEqualTo("1795824000.000");
        assertThat(form.get("end")).isEqualTo("1795824059.999");
        assertThat(form.get("step")).isEqualTo("15");
    }

    @Test
    void noSeriesIsAnEmptyArray() {
        answer.set(Answer.json(200, "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[]}}"));
        assertThat(source().fetch(query("error_rate"))).isEmpty();
    }

    @Test
    void anErrorAnswerIsUnavailableWithPrometheusOwnMessage() {
        answer.set(Answer.json(400, "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"1:30: parse error: unexpected \\\"}\\\"\"}"));
        assertThatThrownBy(() -> source().fetch(query("error_rate"))).isInstanceOf(MetricsUnavailableException.class)
                .hasMessageContaining("HTTP 400").hasMessageContaining("bad_data").hasMessageContaining("parse error");
    }

    @Test
    void anErrorStatusWithHttp200IsStillUnavailable() {
        answer.set(Answer.json(200, "{\"status\":\"error\",\"errorType\":\"timeout\",\"error\":\"query timed out in expression evaluation\"}"));
        assertThatThrownBy(() -> source().fetch(query("error_rate"))).isInstanceOf(MetricsUnavailableException.class)
                .hasMessageContaining("query timed out");
    }

    @Test
    void aNon200AnswerWithoutJsonIsUnavailable() {
        answer.set(new Answer(503, "text/plain", "Service Unavailable", false));
        assertThatThrownBy(() -> source().fetch(query("error_rate"))).isInstanceOf(MetricsUnavailableException.class)
                .hasMessageContaining("HTTP 503").hasMessageContaining("expected 200");
    }

    @Test
    void aNon200AnswerWithASuccessBodyIsUnavailable() {
        answer.set(Answer.json(500, "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[]}}"));
        assertThatThrownBy(() -> source().fetch(query("error_rate"))).isInstanceOf(MetricsUnavailableException.class)
                .hasMessageContaining("HTTP 500");
    }

    @Test
    void unparseableOrMalformedAnswersAreUnavailable() {
        answer.set(Answer.json(200, "{\"status\":\"success\",\"data\":"));
        assertThatThrownBy(() -> source().fetch(query("error_rate"))).isInstanceOf(MetricsUnavailableException.class)
                .hasMessageContaining("not JSON");
        answer.set(Answer.json(200, "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[]}}"));
        assertThatThrownBy(() -> source().fetch(query("error_rate"))).isInstanceOf(MetricsUnavailableException.class)
                .hasMessageContaining("expected matrix");
        answer.set(Answer.json(200, "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[{\"values\":[[1,\"lots\"]]}]}}"));
        assertThatThrownBy(() -> source().fetch(query("error_rate"))).isInstanceOf(MetricsUnavailableException.class)
                .hasMessageContaining("$.data.result[0].values[0] value 'lots' is not a number");
    }

    @Test
    void anUnknownMetricIsUnavailable() {
        assertThatThrownBy(() -> source().fetch(query("latency_p99"))).isInstanceOf(MetricsUnavailableException.class)
                .hasMessageContaining("'latency_p99' is not configured");
    }

    @Test
    void anUnreachableServerIsUnavailable() {
        PrometheusMetricsSource s = source();
        server.stop(0);
        assertThatThrownBy(() -> s.fetch(query("error_rate"))).isInstanceOf(MetricsUnavailableException.class)
                .hasMessageContaining("unreachable");
    }

    @Test
    void aServerThatDoesNotAnswerInTimeIsUnavailable() {
        answer.set(new Answer(200, "application/json", "", true));
        assertThatThrownBy(() -> source(Duration.ofMillis(300), Optional.empty()).fetch(query("error_rate")))
                .isInstanceOf(MetricsUnavailableException.class).hasMessageContaining("unreachable")
                .hasMessageContaining("timed out");
    }

    @Test
    void sendsTheBearerTokenFromItsFile() throws IOException {
        Path token = Files.writeString(dir.resolve("token"), "s3cret\n");
        answer.set(Answer.json(200, "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[]}}"));
        source(Duration.ofSeconds(5), Optional.of(token)).fetch(query("error_rate"));
        assertThat(lastAuth.get()).isEqualTo("Bearer s3cret");
    }

    @Test
    void describeLeavesCredentialsInTheUrlOut() {
        PrometheusMetricsSource s = new PrometheusMetricsSource(new PrometheusConfig(URI.create("https://bot:pa55@prom.example:9443/prom"),
                Duration.ofSeconds(1), Duration.ofSeconds(1), Optional.empty(), Map.of("up", PromQlTemplate.parse("up"))));
        assertThat(s.describe()).isEqualTo("prometheus https://prom.example:9443/prom");
    }
}
