package io.blastwall.server.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.blastwall.core.BadInputException;
import io.blastwall.core.ledger.LedgerEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Which ledger entries become notifications — including the rollout steps the API cannot drive yet, read from
 * ledger entries of the shape the control plane writes — how they read in Slack, the backoff bounds, and the
 * checks on the serve options.
 */
class EventClassifierTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private long seq;

    private LedgerEntry entry(String action, String change, Map<String, Object> payload) {
        seq++;
        return new LedgerEntry(seq, Instant.parse("2026-11-25T10:00:00Z"), "system", action, change, payload, "p", "h" + seq);
    }

    private static Map<String, Object> transition(String from, String to, String reason) {
        return Map.of("from", from, "to", to, "trigger", "x", "revision", 2L, "contentHash", "sha256:abc", "reason", reason,
                "summary", Map.of("verdict", "needs-approval", "risk", 62L, "approvalsRequired", List.of("1 approval from senior"),
                        "headline", "NEEDS APPROVAL: one senior"));
    }

    @Test
    void transitionsPeopleCareAboutAreEventsAndOthersAreNot() {
        EventClassifier c = new EventClassifier();
        assertThat(c.classify(entry("change.transition", "ch_1", transition("analysed", "awaiting-approval", "needs 1 approval from senior"))))
                .map(Event::kind).contains(Event.Kind.NEEDS_APPROVAL);
        assertThat(c.classify(entry("change.transition", "ch_1", transition("approved", "rolling-out", "wave 1")))).map(Event::kind)
                .contains(Event.Kind.ROLLOUT_STARTED);
        assertThat(c.classify(entry("change.transition", "ch_1", transition("rolling-out", "halted", "error rate 7% > 2%")))).map(Event::kind)
                .contains(Event.Kind.HALTED);
        assertThat(c.classify(entry("change.transition", "ch_1", transition("halted", "rolled-back", "operator")))).map(Event::kind)
                .contains(Event.Kind.ROLLED_BACK);
        assertThat(c.classify(entry("change.transition", "ch_2", transition("rolling-out", "completed", "")))).map(Event::kind)
                .contains(Event.Kind.COMPLETED);
        assertThat(c.classify(entry("change.transition", "ch_3", transition("proposed", "analysed", "")))).isEmpty();
        // amended at once and needing approval again: told again
        assertThat(c.classify(entry("change.amended", "ch_1", Map.of()))).isEmpty();
        assertThat(c.classify(entry("change.transition", "ch_1", transition("analysed", "awaiting-approval", "revision 3"))))
                .map(Event::kind).contains(Event.Kind.NEEDS_APPROVAL);
        assertThat(c.classify(entry("change.analysed", "ch_3", Map.of()))).isEmpty();
        assertThat(c.classify(entry("token.created", "", Map.of()))).isEmpty();

        Event e = c.classify(entry("change.transition", "ch_4", transition("analysed", "awaiting-approval", "r"))).orElseThrow();
        assertThat(e.revision()).isEqualTo(2);
        assertThat(e.risk()).isEqualTo(62);
        assertThat(e.verdict()).isEqualTo("needs-approval");
        assertThat(e.approvalsRequired()).containsExactly("1 approval from senior");
        assertThat(e.headline()).isEqualTo("NEEDS APPROVAL: one senior");
    }

    @Test
    void rolloutEntriesAreAcceptedAndTheSameStepIsSentOnce() {
        EventClassifier c = new EventClassifier();
        assertThat(c.classify(entry("rollout.started", "ch_9", Map.of("wave", 1L)))).map(Event::kind).contains(Event.Kind.ROLLOUT_STARTED);
        assertThat(c.classify(entry("rollout.wave.judged", "ch_9", Map.of()))).as("progress is not news").isEmpty();
        assertThat(c.classify(entry("rollout.wave.rolled-back", "ch_9", Map.of()))).as("one wave of several").isEmpty();
        assertThat(c.classify(entry("rollout.rollback-requested", "ch_9", Map.of()))).as("asked, not done").isEmpty();
        assertThat(c.classify(entry("rollout.halted", "ch_9", Map.of("reason", "p99 latency 900ms > 500ms")))).map(Event::kind)
                .contains(Event.Kind.HALTED);
        // the engine also records the transition right after its own entry: one message, not two
        assertThat(c.classify(entry("change.transition", "ch_9", transition("rolling-out", "halted", "slo")))).isEmpty();
        assertThat(c.classify(entry("rollout.rolled-back", "ch_9", Map.of()))).map(Event::kind).contains(Event.Kind.ROLLED_BACK);
        assertThat(c.classify(entry("rollout.completed", "ch_8", Map.of()))).map(Event::kind).contains(Event.Kind.COMPLETED);
        // a later halt of the same change, far from the first in the ledger, is news again
        for (int i = 0; i < EventClassifier.DUPLICATE_WINDOW; i++) entry("change.analysed", "other", Map.of());
        assertThat(c.classify(entry("rollout.halted", "ch_9", Map.of()))).map(Event::kind).contains(Event.Kind.HALTED);
    }

    @Test
    void aHaltedRolloutReadsWellInSlackAndTheTitleCannotInjectMarkup() throws Exception {
        Event e = new EventClassifier().classify(entry("change.transition", "ch_5",
                transition("rolling-out", "halted", "error rate 7% > 2% in wave 2"))).orElseThrow();
        Notification n = new Notification(e, "Bump <!channel> & friends", "agent:x acting for carol", List.of(),
                URI.create("https://bw.example/changes/ch_5"));
        JsonNode msg = JSON.readTree(new SlackSink(URI.create("https://hooks.example/services/T/B/secret")).request(n, Instant.now()).body());
        String section = msg.at("/blocks/0/text/text").asText();
        assertThat(section).startsWith(":octagonal_sign: *Rollout halted*: <https://bw.example/changes/ch_5|Bump &lt;!channel&gt; &amp; friends>")
                .contains("error rate 7% &gt; 2% in wave 2").contains("Proposed by agent:x acting for carol.");
        assertThat(msg.toString()).doesNotContain("<!channel>");
        assertThat(msg.at("/blocks/1/elements/0/text").asText()).contains("change `ch_5`").contains("revision 2").contains("risk 62/100");

        JsonNode body = JSON.readTree(WebhookSink.body(n));
        assertThat(body.get("event").asText()).isEqualTo("change.halted");
        assertThat(body.at("/change/from").asText()).isEqualTo("rolling-out");
        assertThat(body.get("reason").asText()).isEqualTo("error rate 7% > 2% in wave 2");
    }

    @Test
    void backoffDoublesUpToTheCapWithEqualJitter() {
        RetryPolicy p = new RetryPolicy(8, Duration.ofMillis(100), Duration.ofMillis(500));
        SplittableRandom r = new SplittableRandom(7);
        long[][] bounds = {{50, 100}, {100, 200}, {200, 400}, {250, 500}, {250, 500}};
        for (int i = 0; i < bounds.length; i++) {
            for (int k = 0; k < 50; k++) assertThat(p.delay(i + 1, r).toMillis()).isBetween(bounds[i][0], bounds[i][1]);
        }
        assertThat(p.delay(3, new SplittableRandom(1))).isEqualTo(p.delay(3, new SplittableRandom(1)));
    }

    @Test
    void badServeValuesNameTheOptionAndNeverRepeatASecret(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> NotifySettings.url("--notify-slack", "hooks.slack.com/services/T/B/tok3n"))
                .isInstanceOf(BadInputException.class).hasMessageContaining("--notify-slack").hasMessageNotContaining("tok3n");
        assertThatThrownBy(() -> NotifySettings.url("--notify-webhook", "ftp://example.com/x"))
                .isInstanceOf(BadInputException.class).hasMessageContaining("--notify-webhook");
        assertThatThrownBy(() -> NotifySettings.publicUrl("--public-url", "https://user:pw@bw.example"))
                .isInstanceOf(BadInputException.class).hasMessageContaining("--public-url").hasMessageNotContaining("pw");
        assertThat(NotifySettings.publicUrl("--public-url", "https://bw.example/console/")).isEqualTo(URI.create("https://bw.example/console"));

        Path shortSecret = Files.writeString(dir.resolve("short"), "sh0rt\n");
        assertThatThrownBy(() -> NotifySettings.secret("--notify-secret-file", shortSecret))
                .isInstanceOf(BadInputException.class).hasMessageContaining("--notify-secret-file").hasMessageContaining("at least 16")
                .hasMessageNotContaining("sh0rt");
        assertThatThrownBy(() -> NotifySettings.secret("--notify-secret-file", dir.resolve("missing")))
                .isInstanceOf(BadInputException.class).hasMessageContaining("--notify-secret-file");
        Path good = Files.writeString(dir.resolve("good"), "0123456789abcdef0123\n");
        assertThat(new String(NotifySettings.secret("--notify-secret-file", good))).isEqualTo("0123456789abcdef0123");
        assertThat(new WebhookSink(URI.create("https://h.example/p4th"), NotifySettings.secret("x", good)).toString())
                .isEqualTo("webhook https://h.example").doesNotContain("0123456789");
        assertThat(Optional.of(new SlackSink(URI.create("https://hooks.example:8443/services/T/B/secret")).describe()))
                .contains("slack https://hooks.example:8443");
    }
}
