package io.blastwall.adapters.prometheus;

import io.blastwall.adapters.ConfigSupport;
import io.blastwall.formats.doc.Fields;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Configuration of a {@link PrometheusMetricsSource}.
 *
 * @param url             the Prometheus base URL ({@code http://prometheus:9090}, or with a path prefix when it is
 *                        served under one); {@code /api/v1/query_range} is appended
 * @param timeout         how long one query may take, connection included
 * @param connectTimeout  how long connecting may take
 * @param bearerTokenFile a file holding a bearer token sent as {@code Authorization}, read when the source is built
 * @param metrics         metric name (as canary policies name it) → PromQL template
 *
 * <p>Immutable.
 */
public record PrometheusConfig(URI url, Duration timeout, Duration connectTimeout, Optional<Path> bearerTokenFile,
                               Map<String, PromQlTemplate> metrics) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(3);
    private static final Set<String> TOP = Set.of("source", "url", "timeout", "connectTimeout", "bearerTokenFile", "metrics");
    private static final Set<String> METRIC = Set.of("query", "description");

    public PrometheusConfig {
        Objects.requireNonNull(url, "url");
        if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme())) {
            throw new IllegalArgumentException("the Prometheus URL must be http or https");
        }
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(bearerTokenFile, "bearerTokenFile");
        metrics = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
    }

    /**
     * Reads a YAML or JSON file (format in docs/metrics-sources.md). Each metric is either a string (the query) or an
     * object with {@code query} and an optional {@code description}.
     *
     * @throws io.blastwall.core.BadInputException naming file, line and field for anything wrong
     */
    public static PrometheusConfig read(Path file) {
        Fields f = ConfigSupport.readSingleObject(file);
        Map<String, Object> root = f.object(f.document().root(), "$");
        ConfigSupport.onlyKeys(f, root, "$", TOP);
        f.optString(root, "source", "$").filter(s -> !s.equals("prometheus")).ifPresent(s -> {
            throw f.error("$.source", "expected 'prometheus', found '" + s + "'");
        });
        String urlText = f.string(root, "url", "$");
        URI url;
        try {
            url = new URI(urlText.trim());
        } catch (URISyntaxException e) {
            throw f.error("$.url", "not a URL: " + e.getMessage());
        }
        if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme()) || url.getHost() == null) {
            throw f.error("$.url", "expected an http:// or https:// URL with a host, such as http://prometheus:9090");
        }
        Duration timeout = ConfigSupport.duration(f, root, "timeout", "$", DEFAULT_TIMEOUT);
        Duration connect = ConfigSupport.duration(f, root, "connectTimeout", "$", DEFAULT_CONNECT_TIMEOUT);
        Optional<Path> token = f.optString(root, "bearerTokenFile", "$").map(s -> ConfigSupport.resolve(file, s));
        if (root.get("metrics") == null) throw f.error("$", "missing required field 'metrics' (metric name → PromQL template)");
        Map<String, Object> m = f.object(root.get("metrics"), "$.metrics");
        if (m.isEmpty()) throw f.error("$.metrics", "expected at least one metric");
        Map<String, PromQlTemplate> metrics = new LinkedHashMap<>();
        for (var e : m.entrySet()) {
            String path = "$.metrics." + e.getKey();
            String query;
            if (e.getValue() instanceof Map<?, ?>) {
                Map<String, Object> spec = f.object(e.getValue(), path);
                ConfigSupport.onlyKeys(f, spec, path, METRIC);
                query = f.string(spec, "query", path);
                path = path + ".query";
            } else if (e.getValue() instanceof String s && !s.isBlank()) {
                query = s;
            } else {
                throw f.error(path, "expected a PromQL query (a string) or {query: …}");
            }
            try {
                metrics.put(e.getKey(), PromQlTemplate.parse(query));
            } catch (IllegalArgumentException ex) {
                throw f.error(path, ex.getMessage());
            }
        }
        return new PrometheusConfig(url, timeout, connect, token, metrics);
    }
}
