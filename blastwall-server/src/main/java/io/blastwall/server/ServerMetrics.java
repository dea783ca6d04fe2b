package io.blastwall.server;

import io.blastwall.core.controlplane.AnalysisGate;
import io.blastwall.core.lifecycle.ChangeState;
import io.blastwall.core.store.ControlPlaneStore;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * The server's own Prometheus metrics, in a registry of its own (so several servers in one JVM, as in tests, do not
 * collide): request counts and latency by route template, method and status; changes in each active state (one
 * aggregate query per scrape); transitions and verdicts since start. Thread-safe.
 */
final class ServerMetrics {

    /** States worth a gauge: those a change does not stay in forever. Terminal states only grow. */
    static final List<ChangeState> ACTIVE = List.of(ChangeState.PROPOSED, ChangeState.ANALYSED,
            ChangeState.AWAITING_APPROVAL, ChangeState.APPROVED, ChangeState.SCHEDULED, ChangeState.ROLLING_OUT,
            ChangeState.HALTED, ChangeState.ROLLING_BACK);

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Counter requests;
    private final Histogram latency;
    private final Counter verdicts;
    private final Counter transitions;

    ServerMetrics(ControlPlaneStore store, AnalysisGate gate) {
        requests = Counter.builder().name("blastwall_http_requests_total")
                .help("HTTP requests by route template, method and status").labelNames("route", "method", "status")
                .register(registry);
        latency = Histogram.builder().name("blastwall_http_request_duration_seconds")
                .help("HTTP request latency by route template, method and status")
                .labelNames("route", "method", "status").classicOnly()
                .classicUpperBounds(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)
                .register(registry);
        verdicts = Counter.builder().name("blastwall_verdicts_total")
                .help("Analyses by verdict (submissions, amendments, re-checks) since start").labelNames("verdict")
                .register(registry);
        transitions = Counter.builder().name("blastwall_change_outcomes_total")
                .help("Operations on changes by this server since start, by the state they left the change in")
                .labelNames("state").register(registry);
        GaugeWithCallback.builder().name("blastwall_changes")
                .help("Changes currently in each active state (counted by the store at scrape time)").labelNames("state")
                .callback(cb -> {
                    Map<ChangeState, Long> counts = counts(store);
                    for (ChangeState s : ACTIVE) {
                        cb.call(counts == null ? -1 : counts.getOrDefault(s, 0L), s.externalName());
                    }
                }).register(registry);
        GaugeWithCallback.builder().name("blastwall_analyses_running")
                .help("Analyses (submissions, amendments, re-checks) running now; at most one per processor")
                .callback(cb -> cb.call(gate.running())).register(registry);
        GaugeWithCallback.builder().name("blastwall_analyses_waiting")
                .help("Requests waiting for an analysis to finish before theirs starts (refused with 503 after 30 s)")
                .callback(cb -> cb.call(gate.waiting())).register(registry);
    }

    void request(String route, String method, int status, double seconds) {
        String st = Integer.toString(status);
        requests.labelValues(route, method, st).inc();
        latency.labelValues(route, method, st).observe(seconds);
    }

    void verdict(String verdict) {
        verdicts.labelValues(verdict).inc();
    }

    void outcome(ChangeState to) {
        transitions.labelValues(to.externalName()).inc();
    }

    /** The registry scraped at /metrics; extensions register their own metrics in it. */
    PrometheusRegistry registry() {
        return registry;
    }

    /** The text exposition format. */
    byte[] scrape() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            PrometheusTextFormatWriter.create().write(out, registry.scrape());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static String contentType() {
        return PrometheusTextFormatWriter.CONTENT_TYPE;
    }

    /** One aggregate query per scrape; null when the store is down (readyz says so; a scrape must still succeed). */
    private static Map<ChangeState, Long> counts(ControlPlaneStore store) {
        try {
            return store.countChangesByState();
        } catch (RuntimeException e) {
            return null;
        }
    }
}
