package io.blastwall.server.notify;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * The notification counters, registered in the server's registry (so {@code /metrics} shows them):
 * {@code blastwall_notifications_total{sink,outcome}} with outcome {@code delivered}, {@code failed} (gave up after
 * every attempt or on a permanent refusal) or {@code dropped} (the queue was full), and
 * {@code blastwall_notification_retries_total{sink}}. Thread-safe.
 */
final class NotifyMetrics {

    private final Counter notifications;
    private final Counter retries;

    NotifyMetrics(PrometheusRegistry registry) {
        notifications = Counter.builder().name("blastwall_notifications_total")
                .help("Notifications by sink and outcome: delivered, failed (gave up), dropped (queue full)")
                .labelNames("sink", "outcome").register(registry);
        retries = Counter.builder().name("blastwall_notification_retries_total")
                .help("Notification delivery attempts after the first, by sink").labelNames("sink").register(registry);
    }

    void delivered(String sink) {
        notifications.labelValues(sink, "delivered").inc();
    }

    void failed(String sink) {
        notifications.labelValues(sink, "failed").inc();
    }

    void dropped(String sink) {
        notifications.labelValues(sink, "dropped").inc();
    }

    void retried(String sink) {
        retries.labelValues(sink).inc();
    }

    long count(String sink, String outcome) {
        return (long) notifications.labelValues(sink, outcome).get();
    }

    long retries(String sink) {
        return (long) retries.labelValues(sink).get();
    }
}
