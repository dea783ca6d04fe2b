package io.blastwall.server.notify;

import java.net.URI;
import java.time.Instant;
import java.util.Map;

/**
 * Where notifications go, and how one is put on the wire. A sink's URL may itself be a credential (a Slack incoming
 * webhook's path is), so {@link #describe} — the only form that is logged — names the scheme, host and port alone.
 *
 * <p>Implementations are immutable and thread-safe.
 */
public sealed interface Sink permits SlackSink, WebhookSink {

    /** One HTTP POST: headers (besides Content-Type: application/json) and the exact body bytes. */
    record Request(Map<String, String> headers, byte[] body) {
        public Request {
            headers = Map.copyOf(headers);
        }
    }

    /** The URL posted to. Never logged. */
    URI url();

    /** A label for logs and metrics: the kind and the URL's origin ({@code slack https://hooks.slack.com}). */
    String describe();

    /** The short name used as the metrics label: {@code slack} or {@code webhook}. */
    String kind();

    /** The request for one notification, built at {@code now} (each attempt gets a fresh timestamp). */
    Request request(Notification n, Instant now);

    /** {@code scheme://host[:port]}: what may be said about a URL in a log line. */
    static String origin(URI u) {
        return u.getScheme() + "://" + u.getHost() + (u.getPort() > 0 ? ":" + u.getPort() : "");
    }
}
