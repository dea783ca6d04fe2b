package io.blastwall.adapters.prometheus;

import io.blastwall.core.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PrometheusConfigTest {

    @TempDir
    Path dir;

    private Path file(String text) throws IOException {
        return Files.writeString(dir.resolve("prometheus.yaml"), text);
    }

    @Test
    void readsTheDocumentedFormat() throws IOException {
        PrometheusConfig c = PrometheusConfig.read(file("""
                source: prometheus
                url: http://prometheus.monitoring:9090/prom
                timeout: 5s
                connectTimeout: 500ms
                bearerTokenFile: token
                metrics:
                  error_rate: sum(rate(errors_total{node=~"{{nodes}}"}[{{step}}]))
                  latency_p50_ms:
                    description: median latency
                    query: 1000 * histogram_quantile(0.5, sum by (le) (rate(d_bucket{zone=~"{{zones}}"}[{{step}}])))
                """));
        assertThat(c.url().toString()).isEqualTo("http://prometheus.monitoring:9090/prom");
        assertThat(c.timeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.connectTimeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(c.bearerTokenFile()).contains(dir.toAbsolutePath().resolve("token"));
        assertThat(c.metrics()).containsOnlyKeys("error_rate", "latency_p50_ms");
    }

    @Test
    void anUnknownPlaceholderIsNamedWithItsLine() throws IOException {
        Path f = file("url: http://p:9090\nmetrics:\n  ok: up\n  bad: x{node=~\"{{node}}\"}\n");
        assertThatThrownBy(() -> PrometheusConfig.read(f)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("prometheus.yaml:4").hasMessageContaining("unknown placeholder {{node}}");
    }

    @Test
    void aUrlWithoutHttpIsRefused() throws IOException {
        Path f = file("url: prometheus:9090\nmetrics: {up: up}\n");
        assertThatThrownBy(() -> PrometheusConfig.read(f)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("prometheus.yaml:1").hasMessageContaining("http:// or https://");
    }

    @Test
    void metricsAreRequired() throws IOException {
        Path f = file("url: http://p:9090\n");
        assertThatThrownBy(() -> PrometheusConfig.read(f)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("missing required field 'metrics'");
    }

    @Test
    void aMetricMustBeAQuery() throws IOException {
        Path f = file("url: http://p:9090\nmetrics:\n  up: 3\n");
        assertThatThrownBy(() -> PrometheusConfig.read(f)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("prometheus.yaml:3").hasMessageContaining("expected a PromQL query");
    }

    @Test
    void syntaxErrorsNameTheLine() throws IOException {
        Path f = file("url: http://p:9090\nmetrics:\n  up: [unclosed\n");
        assertThatThrownBy(() -> PrometheusConfig.read(f)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("prometheus.yaml:");
    }
}
