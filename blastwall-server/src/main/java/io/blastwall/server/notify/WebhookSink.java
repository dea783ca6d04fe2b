package io.blastwall.server.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A generic JSON webhook, signed with HMAC-SHA256 ({@link WebhookSignature}). The body (schema
 * {@code blastwall.io/notification/v1}, docs/notifications.md) carries the event, the change with its console link,
 * and the facts a receiver routes on (verdict, risk, approvals and roles required). Headers: {@code X-Blastwall-Event},
 * {@code X-Blastwall-Delivery} (the ledger sequence: the same on every retry, for deduplication),
 * {@code X-Blastwall-Timestamp} and {@code X-Blastwall-Signature}.
 *
 * <p>Immutable and thread-safe. The secret is never part of {@link #toString} or {@link #describe}.
 */
public final class WebhookSink implements Sink {

    public static final String SCHEMA = "blastwall.io/notification/v1";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI url;
    private final byte[] secret;

    public WebhookSink(URI url, byte[] secret) {
        this.url = Objects.requireNonNull(url, "url");
        if (secret == null || secret.length < 16) throw new IllegalArgumentException("the webhook secret needs at least 16 bytes");
        this.secret = secret.clone();
    }

    @Override
    public URI url() {
        return url;
    }

    @Override
    public String describe() {
        return "webhook " + Sink.origin(url);
    }

    @Override
    public String kind() {
        return "webhook";
    }

    @Override
    public Request request(Notification n, Instant now) {
        byte[] body = body(n);
        long ts = now.getEpochSecond();
        return new Request(Map.of(
                "X-Blastwall-Event", n.event().kind().eventName(),
                "X-Blastwall-Delivery", Long.toString(n.event().sequence()),
                WebhookSignature.TIMESTAMP_HEADER, Long.toString(ts),
                WebhookSignature.SIGNATURE_HEADER, WebhookSignature.sign(secret, ts, body)), body);
    }

    static byte[] body(Notification n) {
        Event e = n.event();
        ObjectNode root = JSON.createObjectNode();
        root.put("schema", SCHEMA);
        root.put("event", e.kind().eventName());
        root.put("delivery", Long.toString(e.sequence()));
        root.put("occurredAt", e.at().toString());
        root.put("actor", e.actor());
        root.put("ledgerAction", e.action());
        ObjectNode c = root.putObject("change");
        c.put("id", e.changeId());
        c.put("title", n.title());
        c.put("url", n.link().toString());
        c.put("author", n.author());
        c.put("from", e.from());
        c.put("to", e.to());
        if (e.revision() > 0) c.put("revision", e.revision());
        else c.putNull("revision");
        root.put("reason", e.reason());
        root.put("verdict", e.verdict());
        if (e.risk() >= 0) root.put("risk", e.risk());
        else root.putNull("risk");
        e.approvalsRequired().forEach(root.putArray("approvalsRequired")::add);
        n.rolesRequired().forEach(root.putArray("rolesRequired")::add);
        root.put("headline", e.headline());
        try {
            return JSON.writeValueAsBytes(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
            throw new IllegalStateException("a tree of strings always serialises", ex);
        }
    }

    @Override
    public String toString() {
        return describe();
    }
}
