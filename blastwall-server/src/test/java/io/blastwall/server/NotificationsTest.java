package io.blastwall.server;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.blastwall.server.notify.Notifier;
import io.blastwall.server.notify.NotifySettings;
import io.blastwall.server.notify.RetryPolicy;
import io.blastwall.server.notify.Sink;
import io.blastwall.server.notify.SlackSink;
import io.blastwall.server.notify.WebhookSignature;
import io.blastwall.server.notify.WebhookSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Notifications end to end: real server, real API calls, real HTTP receivers on loopback. Backoff waits go through a
 * recording sleeper (no test sleeps), jitter through a seeded random source.
 */
class NotificationsTest {

    private static final String PUBLIC = "https://blastwall.example.com";
    private static final byte[] SECRET = "test-secret-0123456789abcdef".getBytes(StandardCharsets.UTF_8);

    private static final ObjectMapper JSON = new ObjectMapper();
    private final List<Duration> waits = new CopyOnWriteArrayList<>();

    /** A server with the notifier; requests through its real HTTP API. */
    private static final class Env implements AutoCloseable {
        final TestEnv env;
        final Notifier notifier;

        Env(Path dir, Notifier notifier) {
            this.notifier = notifier;
            this.env = TestEnv.sqlite(dir, List.of(notifier));
        }

        JsonNode submit(String who, String title, Map<String, String> labels) {
            Http.Res r = env.http.post("/api/v1/changes", env.token(who), Http.submission("change.yaml", TestEnv.changeFile(title, labels)));
            assertThat(r.status()).as(r.toString()).isEqualTo(201);
            return r.json();
        }

        void decide(String who, JsonNode change, String path, String comment) {
            Http.Res r = env.http.post("/api/v1/changes/" + change.get("id").asText() + "/" + path, env.token(who),
                    Http.decision(change, comment));
            assertThat(r.status()).as(r.toString()).isEqualTo(200);
        }

        @Override
        public void close() {
            env.close();
        }
    }

    private Notifier notifier(List<Sink> sinks, int queue, RetryPolicy retry) {
        NotifySettings s = new NotifySettings(java.net.URI.create(PUBLIC), sinks, queue, retry, Duration.ofSeconds(30));
        return new Notifier(s, Clock.systemUTC(), waits::add, new SplittableRandom(42), null);
    }

    @Test
    void reviewersAreToldWhatNeedsApprovalAndTheOutcomeWithALinkAndAValidSignature(@TempDir Path dir) throws Exception {
        try (Receiver slack = Receiver.ok(); Receiver hook = Receiver.ok();
             Env env = new Env(dir, notifier(List.of(new SlackSink(slack.url("/services/T000/B000/XXXX")),
                     new WebhookSink(hook.url("/hooks/blastwall"), SECRET)), 100, RetryPolicy.DEFAULT))) {
            JsonNode change = env.submit("bob", "Raise <checkout> timeout", Map.of("approvals", "two"));
            String id = change.get("id").asText();
            String link = PUBLIC + "/changes/" + id;

            JsonNode msg = JSON.readTree(slack.next().body());
            assertThat(msg.get("text").asText()).startsWith("Approval needed: Raise &lt;checkout&gt; timeout").contains("<" + link + ">");
            String section = msg.at("/blocks/0/text/text").asText();
            assertThat(section).contains("*Approval needed*: <" + link + "|Raise &lt;checkout&gt; timeout>")
                    .contains("Needs 2 approvals from senior, independent of the author").contains("Who can approve: senior")
                    .contains("Proposed by bob");
            assertThat(msg.at("/blocks/2/elements/0/url").asText()).isEqualTo(link);

            Receiver.Received r = hook.next();
            assertThat(WebhookSignature.verify(SECRET, r.header("X-Blastwall-Timestamp"), r.header("X-Blastwall-Signature"),
                    r.body(), Instant.now(), Duration.ofMinutes(5))).isTrue();
            JsonNode body = JSON.readTree(r.body());
            assertThat(body.get("schema").asText()).isEqualTo(WebhookSink.SCHEMA);
            assertThat(body.get("event").asText()).isEqualTo("change.needs-approval").isEqualTo(r.header("X-Blastwall-Event"));
            assertThat(body.at("/change/id").asText()).isEqualTo(id);
            assertThat(body.at("/change/url").asText()).isEqualTo(link);
            assertThat(body.at("/change/to").asText()).isEqualTo("awaiting-approval");
            assertThat(body.get("rolesRequired").toString()).isEqualTo("[\"senior\"]");
            assertThat(body.get("approvalsRequired").get(0).asText()).startsWith("2 approvals from senior");
            assertThat(body.get("delivery").asText()).isEqualTo(r.header("X-Blastwall-Delivery"));

            // what a receiver must refuse: a changed body, a replay outside the tolerance, a missing signature
            byte[] tampered = r.text().replace("awaiting-approval", "approved").getBytes(StandardCharsets.UTF_8);
            assertThat(WebhookSignature.verify(SECRET, r.header("X-Blastwall-Timestamp"), r.header("X-Blastwall-Signature"),
                    tampered, Instant.now(), Duration.ofMinutes(5))).isFalse();
            assertThat(WebhookSignature.verify(SECRET, r.header("X-Blastwall-Timestamp"), r.header("X-Blastwall-Signature"),
                    r.body(), Instant.now().plus(Duration.ofMinutes(6)), Duration.ofMinutes(5))).isFalse();
            assertThat(WebhookSignature.verify(SECRET, r.header("X-Blastwall-Timestamp"), null, r.body(), Instant.now(),
                    Duration.ofMinutes(5))).isFalse();

            env.decide("dave", change, "rejections", "too risky on a Friday");
            assertThat(JSON.readTree(slack.next().body()).at("/blocks/0/text/text").asText())
                    .startsWith(":no_entry: *Rejected*").contains("too risky on a Friday");
            JsonNode rejected = JSON.readTree(hook.next().body());
            assertThat(rejected.get("event").asText()).isEqualTo("change.rejected");
            assertThat(rejected.get("actor").asText()).isEqualTo("dave");

            // an agent's change needs one senior; the approval is announced too
            JsonNode agents = env.submit(TestEnv.AGENT, "scale checkout", Map.of());
            assertThat(JSON.readTree(hook.next().body()).get("event").asText()).isEqualTo("change.needs-approval");
            env.decide("dave", agents, "approvals", "ok");
            JsonNode approved = JSON.readTree(hook.next().body());
            assertThat(approved.get("event").asText()).isEqualTo("change.approved");
            assertThat(approved.at("/change/author").asText()).isEqualTo(TestEnv.AGENT + " acting for carol");
            assertThat(slack.next().text()).contains("Approval needed");
            assertThat(slack.next().text()).contains("*Approved*");
            awaitCount(env.notifier, "webhook", "delivered", 4);
            awaitCount(env.notifier, "slack", "delivered", 4);
            assertThat(env.notifier.count("webhook", "failed") + env.notifier.count("webhook", "dropped")).isZero();
        }
    }

    @Test
    void aReceiverThatFailsTwiceGetsTheMessageOnTheThirdAttempt(@TempDir Path dir) throws Exception {
        RetryPolicy retry = new RetryPolicy(5, Duration.ofMillis(200), Duration.ofSeconds(10));
        try (Receiver hook = new Receiver(n -> n <= 2 ? 503 : 200, false);
             Env env = new Env(dir, notifier(List.of(new WebhookSink(hook.url("/h"), SECRET)), 10, retry))) {
            env.submit("bob", "retry me", Map.of("approvals", "two"));
            Receiver.Received first = hook.next(), second = hook.next(), third = hook.next();
            assertThat(third.body()).isEqualTo(first.body()).isEqualTo(second.body());
            assertThat(third.header("X-Blastwall-Delivery")).isEqualTo(first.header("X-Blastwall-Delivery"));
            awaitCount(env.notifier, "webhook", "delivered", 1);
            assertThat(hook.requests.get()).isEqualTo(3);
            assertThat(env.notifier.retries("webhook")).isEqualTo(2);
            // equal jitter: after n failures the wait is within [b/2, b] for b = 200 ms × 2^(n-1)
            assertThat(waits).hasSize(2);
            assertThat(waits.get(0).toMillis()).isBetween(100L, 200L);
            assertThat(waits.get(1).toMillis()).isBetween(200L, 400L);
        }
    }

    @Test
    void aHangingReceiverDoesNotHoldUpTheApiAndAFullQueueDrops(@TempDir Path dir) throws Exception {
        try (Receiver hook = new Receiver(n -> 200, true);
             Env env = new Env(dir, notifier(List.of(new WebhookSink(hook.url("/h"), SECRET)), 1, RetryPolicy.DEFAULT))) {
            env.submit("bob", "first", Map.of("approvals", "two"));
            hook.entered.await();
            // the receiver now holds the first delivery; the API still answers, submission after submission
            for (int i = 0; i < 3; i++) {
                JsonNode c = env.submit("bob", "more " + i, Map.of("approvals", "two"));
                assertThat(c.get("state").asText()).isEqualTo("awaiting-approval");
            }
            assertThat(hook.requests.get()).isEqualTo(1);
            awaitCount(env.notifier, "webhook", "dropped", 1); // queue of 1: one waits, the rest are dropped
            hook.release();
            awaitCount(env.notifier, "webhook", "delivered", 2);
        }
    }

    @Test
    void givingUpIsLoggedWithoutUrlsPathsSecretsOrSignatures(@TempDir Path dir) throws Exception {
        Logger root = (Logger) LoggerFactory.getLogger("io.blastwall");
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        root.addAppender(logs);
        try (Receiver slack = new Receiver(n -> 404, false); Receiver hook = new Receiver(n -> 500, false);
             Env env = new Env(dir, notifier(List.of(new SlackSink(slack.url("/services/T1/B2/sl4ck-t0ken")),
                     new WebhookSink(hook.url("/hooks/h00k-path"), SECRET)), 10, new RetryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(20))))) {
            env.submit("bob", "doomed", Map.of("approvals", "two"));
            awaitCount(env.notifier, "webhook", "failed", 1);
            awaitCount(env.notifier, "slack", "failed", 1);
            assertThat(slack.requests.get()).as("a 404 is not retried").isEqualTo(1);
            assertThat(hook.requests.get()).isEqualTo(3);
            String signature = hook.next().header("X-Blastwall-Signature");
            StringBuilder all = new StringBuilder();
            for (ILoggingEvent e : logs.list) {
                all.append(e.getFormattedMessage()).append(' ').append(e.getKeyValuePairs()).append('\n');
            }
            assertThat(all).contains("notification given up").contains("webhook http://127.0.0.1:")
                    .contains("refused: status 404").contains("status 500");
            assertThat(all.toString()).doesNotContain("sl4ck-t0ken").doesNotContain("h00k-path")
                    .doesNotContain(new String(SECRET, StandardCharsets.UTF_8)).doesNotContain(signature.substring(7));
        } finally {
            root.detachAppender(logs);
        }
    }

    private static void awaitCount(Notifier n, String sink, String outcome, long atLeast) throws InterruptedException {
        for (int i = 0; i < 400 && n.count(sink, outcome) < atLeast; i++) Thread.sleep(50);
        assertThat(n.count(sink, outcome)).as(sink + " " + outcome).isGreaterThanOrEqualTo(atLeast);
    }
}
