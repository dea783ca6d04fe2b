package io.blastwall.server.notify;

import io.blastwall.core.ledger.LedgerEntry;
import io.blastwall.server.ServerContext;
import io.blastwall.server.ServerExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Tells people about changes: subscribes to the ledger event feed and, for each change that needs approval, is
 * approved or rejected, starts rolling out, is halted, rolled back or completed, posts a message to every configured
 * sink (Slack-compatible incoming webhooks, signed JSON webhooks) with a link to the change in the console.
 *
 * <p>The feed's thread only classifies the entry (no I/O) and offers it to each sink's bounded queue; reading the
 * change's title and required roles and posting happen on the sinks' own threads ({@link Delivery}). So a slow or
 * hanging receiver never delays the API nor the feed's other subscribers. Every replica tails the same ledger: run
 * notifications on one replica only, or receivers get one message per replica (the delivery id lets a webhook
 * receiver deduplicate).
 *
 * <p>Thread-safe once registered.
 */
public final class Notifier implements ServerExtension {

    private static final Logger LOG = LoggerFactory.getLogger(Notifier.class);

    private final NotifySettings settings;
    private final Clock clock;
    private final Sleeper sleeper;
    private final RandomGenerator random;
    private final HttpClient http;
    private final boolean ownsHttp;
    private final EventClassifier classifier = new EventClassifier();
    private final List<Delivery> deliveries = new ArrayList<>();
    private NotifyMetrics metrics;
    private AutoCloseable subscription;

    /** Real clock, sleeps and randomness. */
    public Notifier(NotifySettings settings) {
        this(settings, Clock.systemUTC(), Sleeper.REAL, new SecureRandom(), null);
    }

    /**
     * For tests: an injected clock (signature timestamps), sleeper (backoff waits) and random source (jitter; seed it
     * for reproducible waits), and optionally an HTTP client (null: one with a 5 s connect timeout).
     */
    public Notifier(NotifySettings settings, Clock clock, Sleeper sleeper, RandomGenerator random, HttpClient http) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.random = Objects.requireNonNull(random, "random");
        this.ownsHttp = http == null;
        this.http = http != null ? http : HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @Override
    public void register(ServerContext server) {
        metrics = new NotifyMetrics(server.metricsRegistry());
        ChangeLookup lookup = ChangeLookup.of(server.controlPlane());
        for (Sink s : settings.sinks()) {
            deliveries.add(new Delivery(s, e -> enrich(e, lookup), settings.queueCapacity(), settings.retry(),
                    settings.requestTimeout(), http, clock, sleeper, random, metrics));
            LOG.atInfo().addKeyValue("sink", s.describe()).log("notifications enabled");
        }
        subscription = server.events().subscribe(this::onEntry);
    }

    /** On the feed's thread: classify and queue, nothing else. */
    private void onEntry(LedgerEntry entry) {
        classifier.classify(entry).ifPresent(e -> {
            for (Delivery d : deliveries) d.offer(e);
        });
    }

    /** On a delivery thread: the change's title, author and the roles that can approve; what the ledger holds if unreadable. */
    private Notification enrich(Event e, ChangeLookup lookup) {
        URI link = URI.create(settings.publicUrl() + "/changes/" + URLEncoder.encode(e.changeId(), StandardCharsets.UTF_8));
        try {
            ChangeLookup.Facts f = lookup.facts(e.changeId(), e.revision());
            return new Notification(e, f.title(), f.author(), f.rolesRequired(), link);
        } catch (RuntimeException ex) {
            LOG.atInfo().addKeyValue("change", e.changeId()).addKeyValue("error", ex.getClass().getSimpleName())
                    .log("notification sent without the change's details: it could not be read");
            return new Notification(e, "", "", List.of(), link);
        }
    }

    /** Counts by sink kind and outcome (delivered, failed, dropped), for tests and operators. */
    public long count(String sinkKind, String outcome) {
        return metrics == null ? 0 : metrics.count(sinkKind, outcome);
    }

    public long retries(String sinkKind) {
        return metrics == null ? 0 : metrics.retries(sinkKind);
    }

    @Override
    public void close() {
        try {
            if (subscription != null) subscription.close();
        } catch (Exception e) {
            LOG.atDebug().log("unsubscribing failed");
        }
        deliveries.forEach(Delivery::close);
        // not close(): it would wait for a request a hanging receiver never answers
        if (ownsHttp) http.shutdownNow();
    }
}
