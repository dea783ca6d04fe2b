package io.blastwall.adapters.prometheus;

import io.blastwall.core.rollout.MetricQuery;
import io.blastwall.core.rollout.MetricsSource;
import io.blastwall.core.rollout.MetricsUnavailableException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.Optional;

/**
 * {@link MetricsSource} over the Prometheus HTTP API: each metric is a configured PromQL template
 * ({@link PromQlTemplate}) filled with the query's scope, sent as a range query ({@code POST /api/v1/query_range},
 * form-encoded, so long target lists do not hit URL limits) over the query's window at its step. The samples of
 * every returned series are pooled in time order.
 *
 * <p>Fails closed, as the port requires: a metric that is not configured, a connection failure or timeout, any
 * non-200 status, {@code "status":"error"} and a body that is not a well-formed matrix answer all throw
 * {@link MetricsUnavailableException} naming the source and the metric; an answer with no series is an empty array
 * (no data), which the engine never takes for health.
 *
 * <p>The window's end is exclusive: Prometheus evaluates at {@code start + k·step ≤ end}, so the end sent is one
 * millisecond before the window's end.
 *
 * <p>Thread-safe (the JDK HttpClient is).
 */
public final class PrometheusMetricsSource implements MetricsSource {

    private final PrometheusConfig config;
    private final HttpClient http;
    private final URI endpoint;
    private final Optional<String> authorization;

    public PrometheusMetricsSource(PrometheusConfig config) {
        this.config = config;
        this.http = HttpClient.newBuilder().connectTimeout(config.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        String base = config.url().toString();
        this.endpoint = URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/api/v1/query_range");
        this.authorization = config.bearerTokenFile().map(p -> {
            try {
                return "Bearer " + Files.readString(p, StandardCharsets.UTF_8).trim();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the Prometheus bearer token file " + p, e);
            }
        });
    }

    /** {@code prometheus http://host:9090/path}: without any user-info of the URL, since this goes to the ledger. */
    @Override
    public String describe() {
        URI u = config.url();
        return "prometheus " + u.getScheme() + "://" + u.getHost() + (u.getPort() < 0 ? "" : ":" + u.getPort())
                + (u.getRawPath() == null ? "" : u.getRawPath());
    }

    @Override
    public double[] fetch(MetricQuery query) {
        PromQlTemplate template = config.metrics().get(query.metric());
        if (template == null) {
            throw new MetricsUnavailableException(describe() + ": metric '" + query.metric()
                    + "' is not configured (configured: " + String.join(", ", config.metrics().keySet()) + ")");
        }
        String promql = template.render(query);
        String form = "query=" + enc(promql) + "&start=" + enc(seconds(query.from())) + "&end="
                + enc(seconds(query.to().minusMillis(1))) + "&step=" + enc(PromQlTemplate.stepSeconds(query.step()));
        HttpRequest.Builder req = HttpRequest.newBuilder(endpoint).timeout(config.timeout())
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        authorization.ifPresent(a -> req.header("Authorization", a));
        String what = describe() + ": " + query.metric() + " (" + query.role().name().toLowerCase(java.util.Locale.ROOT) + ")";
        HttpResponse<String> resp;
        try {
            resp = http.send(req.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new MetricsUnavailableException(what + " unreachable: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MetricsUnavailableException(what + " interrupted", e);
        }
        QueryRangeAnswer.Result result;
        try {
            result = QueryRangeAnswer.parse(resp.body());
        } catch (IllegalArgumentException e) {
            throw new MetricsUnavailableException(what + " answered HTTP " + resp.statusCode()
                    + (resp.statusCode() == 200 ? "" : " (expected 200)") + " with an unreadable body: " + e.getMessage());
        }
        return switch (result) {
            case QueryRangeAnswer.Error err -> throw new MetricsUnavailableException(what + " answered HTTP "
                    + resp.statusCode() + ", error " + err.type() + ": " + err.message() + " (query: " + promql + ")");
            case QueryRangeAnswer.Samples s -> {
                if (resp.statusCode() != 200) {
                    throw new MetricsUnavailableException(what + " answered HTTP " + resp.statusCode() + ", expected 200");
                }
                yield s.values();
            }
        };
    }

    /** Unix seconds with millisecond precision, as the API takes them. */
    static String seconds(Instant t) {
        return BigDecimal.valueOf(t.toEpochMilli(), 3).toPlainString();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
