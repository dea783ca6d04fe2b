package io.blastwall.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.blastwall.cli.CheckCommand;
import io.blastwall.cli.Main;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders the server's JSON view of a change ({@code GET /api/v1/changes/{id}}, docs/api.md) for the client commands,
 * and maps verdicts and states to exit codes.
 *
 * <p>The renderers of {@code check} work on an in-memory {@code Assessment}; the client only has the server's JSON
 * (the revision's {@code analysis} is exactly {@code check --format json}), so these are small renderers over the JSON
 * tree: text (verdict and why first, then state, requirements with who counted, decisions), Markdown (for a CI
 * comment), SARIF 2.1.0 (the current revision's findings). JSON is the server's body as it came.
 *
 * <p>Stateless and thread-safe.
 */
public final class ChangeOutput {

    private static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ChangeOutput() {
    }

    // ------------------------------------------------------------------ exit codes

    /** Exit code for a change that has ended without going through: withdrawn, rolled back or halted. */
    public static final int EXIT_CLOSED = 3;

    /** As {@code check}: 0 allow, 10 needs approval, 20 deny; anything else the server sent is an internal error. */
    public static int verdictCode(String verdict) {
        return switch (verdict == null ? "" : verdict) {
            case "allow" -> Main.EXIT_ALLOW;
            case "needs-approval" -> Main.EXIT_NEEDS_APPROVAL;
            case "deny" -> Main.EXIT_DENY;
            default -> Main.EXIT_INTERNAL;
        };
    }

    /**
     * The exit code of a change's state, answering "may it proceed?": 0 approved (and scheduled, rolling out,
     * completed), 10 not decided yet (proposed, analysed, awaiting approval), 20 rejected, 3 ended without going
     * through (withdrawn, rolled back, halted).
     */
    public static int stateCode(String state) {
        return switch (state == null ? "" : state) {
            case "approved", "scheduled", "rolling-out", "completed" -> Main.EXIT_ALLOW;
            case "proposed", "analysed", "awaiting-approval" -> Main.EXIT_NEEDS_APPROVAL;
            case "rejected" -> Main.EXIT_DENY;
            case "withdrawn", "rolled-back", "halted", "rolling-back", "aborted" -> EXIT_CLOSED;
            default -> Main.EXIT_INTERNAL;
        };
    }

    // ------------------------------------------------------------------ problems

    /** Prints a problem the server answered with: status and title, detail, rule, and each place. */
    public static void problem(PrintWriter err, ClientFailure.Problem p) {
        JsonNode pb = p.problem();
        if (pb == null) {
            String body = p.body().strip();
            err.println("blastwall: " + p.server() + " answered " + p.status()
                    + (body.isEmpty() ? "" : ": " + (body.length() > 300 ? body.substring(0, 300) + "…" : body)));
            return;
        }
        String title = text(pb, "title");
        err.println("blastwall: " + p.server() + (p.clientError() ? " refused (" : " failed (") + p.status() + " " + p.slug() + ")"
                + (title.isEmpty() ? "" : ": " + title));
        String detail = text(pb, "detail");
        if (!detail.isEmpty()) err.println("  " + detail);
        if (pb.hasNonNull("rule")) err.println("  rule: " + pb.get("rule").asText());
        for (JsonNode place : pb.path("problems")) {
            StringBuilder sb = new StringBuilder("  - ");
            if (!text(place, "file").isEmpty()) {
                sb.append(text(place, "file"));
                if (place.path("line").asInt() > 0) sb.append(':').append(place.path("line").asInt());
                if (place.path("column").asInt() > 0) sb.append(':').append(place.path("column").asInt());
                sb.append(' ');
            }
            if (!text(place, "path").isEmpty()) sb.append(text(place, "path")).append(": ");
            sb.append(text(place, "message"));
            err.println(sb);
        }
        if (pb.hasNonNull("errorId")) err.println("  error id: " + pb.get("errorId").asText() + " (in the server's log)");
    }

    // ------------------------------------------------------------------ a change

    /** Renders a change view in the chosen format; {@code link} is the change's absolute URL. */
    public static String render(ApiClient.Reply reply, CheckCommand.Format format, String link) throws Exception {
        JsonNode c = reply.json();
        return switch (format) {
            case json -> reply.body().endsWith("\n") ? reply.body() : reply.body() + "\n";
            case text -> textView(c, link);
            case markdown -> markdown(c, link);
            case sarif -> PRETTY.writeValueAsString(sarif(c, link)) + "\n";
        };
    }

    static String textView(JsonNode c, String link) {
        JsonNode rev = c.path("revision");
        JsonNode a = rev.path("analysis");
        StringBuilder sb = new StringBuilder();
        sb.append(verdictWord(rev.path("verdict").asText())).append("  risk ").append(risk(rev)).append("/100  ")
                .append(text(c, "title")).append('\n');
        for (JsonNode line : a.path("explanation")) sb.append("  ").append(line.asText()).append('\n');
        sb.append('\n');
        sb.append("Change ").append(text(c, "id")).append("  state ").append(text(c, "state"))
                .append("  revision ").append(rev.path("number").asInt()).append("  content ").append(text(rev, "contentHash"))
                .append('\n');
        sb.append("  ").append(link).append('\n');
        sb.append("  proposed by ").append(author(c.path("author"))).append('\n');
        JsonNode approvals = c.path("approvals");
        JsonNode rollout = a.path("requirements").path("rollout");
        if (approvals.path("requirements").size() > 0 || rollout.isObject()) {
            sb.append("\nRequired before it may proceed\n");
            for (JsonNode r : approvals.path("requirements")) {
                List<String> counted = strings(r.path("counted"));
                sb.append("  [").append(r.path("met").asBoolean() ? 'x' : ' ').append("] ").append(text(r, "description"))
                        .append(" — ").append(counted.size()).append(" of ").append(r.path("count").asInt());
                if (!counted.isEmpty()) sb.append(": ").append(String.join(", ", counted));
                sb.append('\n');
            }
            if (rollout.isObject()) sb.append("  [ ] ").append(text(rollout, "description")).append('\n');
        }
        if (c.path("decisions").size() > 0 || approvals.path("ignored").size() > 0) {
            sb.append("\nDecisions so far\n");
            for (JsonNode d : c.path("decisions")) sb.append("  ").append(decision(d)).append('\n');
            for (JsonNode i : approvals.path("ignored")) {
                sb.append("  not counted: ").append(text(i, "approver")).append(" — ").append(text(i, "reason")).append('\n');
            }
        }
        JsonNode summary = a.path("blast").path("summary");
        if (summary.isObject()) {
            sb.append(String.format(Locale.ROOT, "%nBlast radius: %d component(s), worst %s, %.0f%% of entry traffic degraded or worse%n",
                    summary.path("impactedCount").asInt(), summary.path("maxSeverity").asText("none"),
                    summary.path("trafficShare").asDouble() * 100));
            int shown = 0;
            for (JsonNode i : a.path("blast").path("impacted")) {
                if (shown++ == 10) break;
                sb.append(String.format(Locale.ROOT, "  %-10s tier %d  %s%n", i.path("severity").asText(),
                        i.path("tier").asInt(), i.path("node").asText()));
            }
            if (summary.path("impactedCount").asInt() > shown) {
                sb.append("  …and ").append(summary.path("impactedCount").asInt() - shown).append(" more\n");
            }
        }
        if (a.path("findings").size() > 0) {
            sb.append("\nFindings\n");
            for (JsonNode f : a.path("findings")) {
                sb.append("  ").append(String.format(Locale.ROOT, "%-27s", text(f, "effect"))).append(' ')
                        .append(text(f, "policy")).append(": ").append(text(f, "message")).append('\n');
            }
        }
        sb.append('\n').append(stateSentence(text(c, "state"))).append('\n');
        return sb.toString();
    }

    static String markdown(JsonNode c, String link) {
        JsonNode rev = c.path("revision");
        JsonNode a = rev.path("analysis");
        String verdict = switch (rev.path("verdict").asText()) {
            case "allow" -> "✅ ALLOW";
            case "needs-approval" -> "🟡 NEEDS APPROVAL";
            case "deny" -> "⛔ DENY";
            default -> esc(rev.path("verdict").asText());
        };
        StringBuilder sb = new StringBuilder();
        sb.append("### Blastwall: ").append(verdict).append(" — risk ").append(risk(rev)).append("/100\n\n");
        sb.append("Change [`").append(esc(text(c, "id"))).append("`](").append(link).append(") · state **")
                .append(esc(text(c, "state"))).append("** · revision ").append(rev.path("number").asInt())
                .append(" · proposed by ").append(esc(author(c.path("author")))).append("\n\n");
        for (JsonNode line : a.path("explanation")) sb.append("- ").append(esc(line.asText())).append('\n');
        JsonNode rollout = a.path("requirements").path("rollout");
        if (c.path("approvals").path("requirements").size() > 0 || rollout.isObject()) {
            sb.append("\n**Required before it may proceed**\n\n");
            for (JsonNode r : c.path("approvals").path("requirements")) {
                List<String> counted = strings(r.path("counted"));
                sb.append("- [").append(r.path("met").asBoolean() ? 'x' : ' ').append("] ").append(esc(text(r, "description")))
                        .append(" (").append(counted.size()).append(" of ").append(r.path("count").asInt())
                        .append(counted.isEmpty() ? "" : ": " + esc(String.join(", ", counted))).append(")\n");
            }
            if (rollout.isObject()) sb.append("- [ ] ").append(esc(text(rollout, "description"))).append('\n');
        }
        if (c.path("decisions").size() > 0) {
            sb.append("\n**Decisions**\n\n");
            for (JsonNode d : c.path("decisions")) sb.append("- ").append(esc(decision(d))).append('\n');
        }
        JsonNode summary = a.path("blast").path("summary");
        if (summary.isObject()) {
            sb.append(String.format(Locale.ROOT, "%n**Blast radius:** %d component(s), worst %s, %.0f%% of entry traffic degraded or worse%n",
                    summary.path("impactedCount").asInt(), esc(summary.path("maxSeverity").asText("none")),
                    summary.path("trafficShare").asDouble() * 100));
        }
        if (a.path("findings").size() > 0) {
            sb.append("\n**Findings**\n\n");
            for (JsonNode f : a.path("findings")) {
                sb.append("- `").append(text(f, "effect")).append("` **").append(esc(text(f, "policy"))).append("**: ")
                        .append(esc(text(f, "message"))).append('\n');
            }
        }
        sb.append("\n<sub>content `").append(esc(text(rev, "contentHash"))).append("`</sub>\n");
        return sb.toString();
    }

    /** SARIF 2.1.0 of the current revision's findings, located at the submitted documents' lines where known. */
    static ObjectNode sarif(JsonNode c, String link) {
        JsonNode rev = c.path("revision");
        JsonNode a = rev.path("analysis");
        Map<String, JsonNode> actions = new LinkedHashMap<>();
        for (JsonNode act : a.path("change").path("actions")) actions.put(text(act, "address"), act);
        ObjectNode root = PRETTY.createObjectNode();
        root.put("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
        root.put("version", "2.1.0");
        ObjectNode run = root.putArray("runs").addObject();
        ObjectNode driver = run.putObject("tool").putObject("driver");
        driver.put("name", "Blastwall");
        driver.put("informationUri", "https://github.com/blastwall/blastwall");
        ArrayNode rules = driver.putArray("rules");
        List<String> seen = new ArrayList<>();
        ArrayNode results = run.putArray("results");
        for (JsonNode f : a.path("findings")) {
            String policy = text(f, "policy");
            String level = switch (text(f, "effect")) {
                case "deny" -> "error";
                case "warn" -> "note";
                default -> "warning";
            };
            if (!seen.contains(policy)) {
                seen.add(policy);
                ObjectNode rule = rules.addObject();
                rule.put("id", policy);
                rule.put("name", policy);
                rule.putObject("shortDescription").put("text", policy);
                rule.putObject("defaultConfiguration").put("level", level);
            }
            ObjectNode r = results.addObject();
            r.put("ruleId", policy);
            r.put("level", level);
            r.putObject("message").put("text", text(f, "message"));
            JsonNode act = actions.get(text(f, "action"));
            JsonNode where = act == null ? null : act.path("location");
            String file = where != null && !text(where, "file").isEmpty() ? text(where, "file") : firstFile(actions);
            if (!file.isEmpty()) {
                ObjectNode loc = r.putArray("locations").addObject();
                ObjectNode physical = loc.putObject("physicalLocation");
                physical.putObject("artifactLocation").put("uri", file.replace('\\', '/'));
                if (where != null && where.path("line").asInt() > 0) physical.putObject("region").put("startLine", where.path("line").asInt());
                if (!text(f, "action").isEmpty()) {
                    loc.putArray("logicalLocations").addObject().put("fullyQualifiedName", text(f, "action")).put("kind", "resource");
                }
            }
            r.putObject("partialFingerprints").put("blastwall/v1", policy + ":" + text(f, "action") + ":" + text(rev, "contentHash"));
            r.putObject("properties").put("effect", text(f, "effect")).put("verdict", text(rev, "verdict"));
        }
        ObjectNode props = run.putObject("properties");
        props.put("verdict", text(rev, "verdict"));
        props.put("risk", risk(rev));
        props.put("changeId", text(c, "id"));
        props.put("state", text(c, "state"));
        props.put("contentHash", text(rev, "contentHash"));
        props.put("link", link);
        return root;
    }

    // ------------------------------------------------------------------ helpers

    static String verdictWord(String verdict) {
        return switch (verdict) {
            case "allow" -> "ALLOW";
            case "needs-approval" -> "NEEDS APPROVAL";
            case "deny" -> "DENY";
            default -> verdict.toUpperCase(Locale.ROOT);
        };
    }

    static String stateSentence(String state) {
        return switch (state) {
            case "approved" -> "Approved: it may proceed.";
            case "scheduled", "rolling-out" -> "Approved and " + state + ".";
            case "completed" -> "Completed.";
            case "proposed", "analysed", "awaiting-approval" -> "Waiting for approval: it may not proceed yet.";
            case "rejected" -> "Rejected: this change must not proceed.";
            case "withdrawn" -> "Withdrawn by its author.";
            default -> "State: " + state + ".";
        };
    }

    /** "dave (engineer, senior) approved revision 1 (content …) at T: comment", marking invalidated decisions. */
    static String decision(JsonNode d) {
        StringBuilder sb = new StringBuilder(text(d, "approver"));
        List<String> roles = strings(d.path("roles"));
        if (!roles.isEmpty()) sb.append(" (").append(String.join(", ", roles)).append(')');
        sb.append(' ').append("reject".equals(text(d, "decision")) ? "rejected" : "approved")
                .append(" revision ").append(d.path("revision").asInt())
                .append(" (content ").append(shortHash(text(d, "contentHash"))).append(") at ").append(text(d, "at"));
        if (!text(d, "comment").isEmpty()) sb.append(": \"").append(text(d, "comment")).append('"');
        if (d.has("valid") && !d.path("valid").asBoolean()) {
            sb.append(" — no longer valid: ").append(text(d, "invalidatedReason"));
        }
        return sb.toString();
    }

    static String author(JsonNode p) {
        if ("agent".equals(text(p, "kind"))) {
            StringBuilder sb = new StringBuilder("agent ").append(text(p, "id"));
            if (!text(p, "model").isEmpty()) sb.append(", model ").append(text(p, "model"));
            if (!text(p, "onBehalfOf").isEmpty()) sb.append(", acting for ").append(text(p, "onBehalfOf"));
            return sb.toString();
        }
        return text(p, "id").isEmpty() ? "an unidentified author" : text(p, "id");
    }

    static int risk(JsonNode rev) {
        JsonNode score = rev.path("analysis").path("risk").path("score");
        if (score.isNumber()) return score.asInt();
        return rev.path("risk").asInt();
    }

    static String shortHash(String h) {
        return h.length() > 23 ? h.substring(0, 23) + "…" : h;
    }

    static String text(JsonNode n, String field) {
        JsonNode v = n == null ? null : n.get(field);
        return v == null || v.isNull() ? "" : v.asText();
    }

    static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        for (JsonNode v : array) out.add(v.asText());
        return out;
    }

    private static String firstFile(Map<String, JsonNode> actions) {
        for (JsonNode act : actions.values()) {
            String f = text(act.path("location"), "file");
            if (!f.isEmpty()) return f;
        }
        return "";
    }

    /** Escapes Markdown and HTML metacharacters in text that came from inputs. */
    static String esc(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '|', '*', '_', '`', '[', ']', '\\', '#' -> sb.append('\\').append(ch);
                case '\n', '\r' -> sb.append(' ');
                default -> sb.append(ch);
            }
        }
        return sb.toString();
    }
}
