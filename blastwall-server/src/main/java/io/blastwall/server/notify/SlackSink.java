package io.blastwall.server.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A Slack-compatible incoming webhook (Slack, and the chat tools that accept its format — Mattermost, Rocket.Chat):
 * {@code text} for notifications and clients without blocks, and blocks: the headline with a link straight to the
 * change in the console, the details, and an "Open change" button. Text from changes (titles, reasons) is escaped
 * for Slack's mrkdwn ({@code & < >}), so a title cannot forge a link or ping a channel with {@code <!channel>}.
 *
 * <p>Immutable and thread-safe.
 */
public final class SlackSink implements Sink {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Slack refuses a section text longer than 3000 characters. */
    static final int MAX_SECTION = 3000;

    private final URI url;

    public SlackSink(URI url) {
        this.url = Objects.requireNonNull(url, "url");
    }

    @Override
    public URI url() {
        return url;
    }

    @Override
    public String describe() {
        return "slack " + Sink.origin(url);
    }

    @Override
    public String kind() {
        return "slack";
    }

    @Override
    public Request request(Notification n, Instant now) {
        ObjectNode root = JSON.createObjectNode();
        String headline = headline(n);
        root.put("text", plain(n));
        ArrayNode blocks = root.putArray("blocks");
        ObjectNode section = blocks.addObject().put("type", "section");
        section.putObject("text").put("type", "mrkdwn").put("text", cap(headline + details(n)));
        ArrayNode context = blocks.addObject().put("type", "context").putArray("elements");
        Event e = n.event();
        String facts = "change `" + esc(e.changeId()) + "`" + (e.revision() > 0 ? " · revision " + e.revision() : "")
                + (e.risk() >= 0 ? " · risk " + e.risk() + "/100" : "") + (e.actor().isEmpty() ? "" : " · by " + esc(e.actor()))
                + " · " + e.at();
        context.addObject().put("type", "mrkdwn").put("text", facts);
        ObjectNode button = blocks.addObject().put("type", "actions").putArray("elements").addObject();
        button.put("type", "button").put("url", n.link().toString());
        button.putObject("text").put("type", "plain_text").put("text", "Open change");
        try {
            return new Request(Map.of(), JSON.writeValueAsBytes(root));
        } catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
            throw new IllegalStateException("a tree of strings always serialises", ex);
        }
    }

    private static String headline(Notification n) {
        String icon = switch (n.event().kind()) {
            case NEEDS_APPROVAL -> ":large_yellow_circle:";
            case APPROVED -> ":white_check_mark:";
            case REJECTED -> ":no_entry:";
            case ROLLOUT_STARTED -> ":rocket:";
            case HALTED -> ":octagonal_sign:";
            case ROLLED_BACK -> ":rewind:";
            case COMPLETED -> ":checkered_flag:";
        };
        return icon + " *" + n.event().kind().headline() + "*: <" + n.link() + "|" + esc(n.name()) + ">";
    }

    private static String details(Notification n) {
        Event e = n.event();
        StringBuilder sb = new StringBuilder();
        if (e.kind() == Event.Kind.NEEDS_APPROVAL) {
            if (!e.approvalsRequired().isEmpty()) sb.append("\nNeeds ").append(esc(String.join("; ", e.approvalsRequired()))).append('.');
            sb.append("\nWho can approve: ").append(n.rolesRequired().isEmpty() ? "any human other than the author"
                    : esc(String.join(", ", n.rolesRequired())));
            if (!e.headline().isEmpty()) sb.append("\n>").append(esc(e.headline()));
        } else if (!e.reason().isEmpty()) {
            sb.append("\n").append(esc(e.reason()));
        }
        if (!n.author().isEmpty()) sb.append("\nProposed by ").append(esc(n.author())).append('.');
        return sb.toString();
    }

    /** The notification text clients show where blocks are not rendered: no markup but the link. */
    private static String plain(Notification n) {
        return n.event().kind().headline() + ": " + esc(n.name()) + " <" + n.link() + ">";
    }

    /** Escapes Slack's control characters in text from changes. */
    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static String cap(String s) {
        return s.length() <= MAX_SECTION ? s : s.substring(0, MAX_SECTION - 1) + "…";
    }

    @Override
    public String toString() {
        return describe();
    }
}
