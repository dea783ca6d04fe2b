package io.blastwall.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.blastwall.cli.client.ClientFailure;
import io.blastwall.core.rollout.MetricQuery;
import io.blastwall.core.rollout.MetricsUnavailableException;
import io.blastwall.core.rollout.RolloutTarget;
import io.blastwall.sim.Simulation;
import io.blastwall.sim.SimulatorMetricsSource;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The live demo's voice: scenario headings, who calls which endpoint, verdicts, refusals, wave progress with bake
 * timers, and the closing summary. Times shown are simulated time. With colour on (a terminal), the bake timer is
 * redrawn in place; otherwise it is printed once per wave so logs stay readable. Not thread-safe.
 */
final class Narrator {

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);

    private final PrintWriter out;
    private final boolean color;
    private final Simulation sim;
    private final SimulatorMetricsSource metrics;
    private boolean timerShown;

    Narrator(PrintWriter out, boolean color, Simulation sim) {
        this.out = out;
        this.color = color;
        this.sim = sim;
        this.metrics = new SimulatorMetricsSource(sim);
    }

    void banner(String consoleUrl, String apiUrl, double speed, String adminToken) {
        out.println(bold("Blastwall live demo") + ": the example estate '" + sim.estate().name() + "' ("
                + sim.estate().nodeCount() + " components) simulated with live traffic, " + fmt(speed) + "x real time,"
                + " from " + CLOCK.format(sim.now()) + " on a Wednesday (simulated).");
        out.println("  API      " + apiUrl + "   (admin token: " + adminToken + ")");
        out.println("  console  " + consoleUrl);
        out.println("  Every step below goes through the same HTTP API an external agent or reviewer would use.");
        out.flush();
    }

    void scenario(String letter, String title, String story) {
        endTimer();
        out.println();
        out.println(bold("── (" + letter + ") " + title + " " + "─".repeat(Math.max(3, 72 - title.length()))));
        out.println(wrap(story, "   "));
        out.flush();
    }

    void section(String title) {
        endTimer();
        out.println();
        out.println(bold("── " + title + " " + "─".repeat(Math.max(3, 76 - title.length()))));
        out.flush();
    }

    void step(String text) {
        out.println("   " + text);
        out.flush();
    }

    void call(String who, String endpoint, String detail) {
        out.println(dim("   [" + CLOCK.format(sim.now()) + "] " + who + " → " + endpoint + (detail.isEmpty() ? "" : "  (" + detail + ")")));
        out.flush();
    }

    void verdict(JsonNode change) {
        JsonNode a = LiveDemo.analysis(change);
        String verdict = a.path("verdict").asText().toUpperCase(Locale.ROOT);
        out.println("   " + paint(verdict, verdictColour(verdict)) + "  risk " + a.path("risk").path("score").asInt()
                + "/100  → change " + change.path("id").asText() + " is " + bold(change.path("state").asText()));
        int n = 0;
        for (JsonNode f : a.path("findings")) {
            if (n++ == 4) break;
            out.println(wrap("• " + f.path("effect").asText() + ": " + f.path("message").asText() + " [" + f.path("policy").asText() + "]", "     "));
        }
        for (JsonNode alt : a.path("alternatives")) {
            out.println(wrap("↳ safer alternative: " + alt.path("description").asText(), "     "));
        }
        out.flush();
    }

    void state(JsonNode change) {
        JsonNode reqs = change.path("approvals").path("requirements");
        List<String> open = new ArrayList<>();
        for (JsonNode r : reqs) {
            if (!r.path("met").asBoolean(false)) open.add(r.path("description").asText());
        }
        out.println("     → " + bold(change.path("state").asText()) + (open.isEmpty() ? "" : "; still needed: " + String.join("; ", open)));
        out.flush();
    }

    void refusal(ClientFailure.Problem p) {
        JsonNode j = p.problem();
        String detail = j == null ? p.body() : j.path("detail").asText();
        String rule = j == null ? "" : j.path("rule").asText();
        out.println("     → " + paint("refused " + p.status(), "31") + (rule.isEmpty() ? "" : " (" + rule + ")") + ": ");
        out.println(wrap(detail, "       "));
        out.flush();
    }

    void plan(JsonNode r) {
        JsonNode waves = r.path("waves");
        out.println("   rollout " + r.path("id").asText() + ": " + waves.size() + " waves, bake "
                + human(Duration.ofSeconds(r.path("policy").path("bakeSeconds").asLong())) + " each, canary analysis after each bake");
        for (JsonNode w : waves) {
            List<String> keys = new ArrayList<>();
            for (JsonNode t : w.path("targets")) keys.add(t.path("key").asText());
            out.println("     wave " + w.path("number").asInt() + "  " + pad(w.path("label").asText(), 28) + String.join(", ", keys));
        }
        out.flush();
    }

    void wave(JsonNode r, JsonNode w) {
        endTimer();
        String phase = w.path("phase").asText();
        String head = "   [" + CLOCK.format(sim.now()) + "] wave " + w.path("number").asInt() + "/" + r.path("waveCount").asInt() + " ";
        switch (phase) {
            case "applying" -> out.println(head + "applying to " + w.path("targets").size() + " target(s)");
            case "baking" -> out.println(head + "applied; baking until " + clock(w.path("bakeUntil").asText()) + " while traffic flows");
            case "passed" -> out.println(head + paint("passed", "32") + "; the next wave may start");
            case "failed" -> out.println(head + paint("failed", "31") + (w.path("detail").asText().isEmpty() ? "" : ": " + w.path("detail").asText()));
            case "rolling-back" -> out.println(head + paint("rolling back", "33") + " (automatic, analysis skipped)");
            case "rolled-back" -> out.println(head + "rolled back: targets are on the previous version again");
            default -> out.println(head + phase + (w.path("detail").asText().isEmpty() ? "" : ": " + w.path("detail").asText()));
        }
        out.flush();
    }

    /** The canary analysis of a wave: the outcome and each metric's comparison. */
    void judged(JsonNode r, JsonNode w) {
        endTimer();
        JsonNode v = w.path("verdict");
        String outcome = v.path("outcome").asText().toUpperCase(Locale.ROOT);
        out.println("   [" + CLOCK.format(sim.now()) + "] wave " + w.path("number").asInt() + "/" + r.path("waveCount").asInt()
                + " canary analysis: " + paint(outcome, outcome.equals("PASS") ? "32" : "31") + "  score " + fmt(v.path("score").asDouble()));
        for (JsonNode m : v.path("metrics")) {
            out.println(wrap(pad(m.path("name").asText(), 15) + pad(m.path("outcome").asText(), 6) + m.path("detail").asText(), "       "));
        }
        out.flush();
    }

    void bakeTimer(JsonNode w) {
        if (!color) return;
        Instant until = Instant.parse(w.path("bakeUntil").asText());
        Duration left = Duration.between(sim.now(), until);
        if (left.isNegative()) left = Duration.ZERO;
        out.print("\r     baking wave " + w.path("number").asInt() + ": " + human(left) + " left   ");
        out.flush();
        timerShown = true;
    }

    void endTimer() {
        if (timerShown) {
            out.print("\r" + " ".repeat(50) + "\r");
            out.flush();
            timerShown = false;
        }
    }

    void rolloutState(JsonNode r) {
        endTimer();
        String s = r.path("state").asText();
        String reason = r.path("reason").asText();
        out.println("   [" + CLOCK.format(sim.now()) + "] rollout " + bold(s) + (reason.isEmpty() || s.equals("running") ? "" : ": " + reason));
        out.flush();
    }

    /** Error rates of the first wave's targets against every other target of the change, since the wave started. */
    void containment(JsonNode r) {
        JsonNode waves = r.path("waves");
        if (waves.isEmpty() || waves.get(0).path("appliedAt").isNull()) return;
        Instant from = Instant.parse(waves.get(0).path("appliedAt").asText());
        Instant to = sim.now();
        if (!to.isAfter(from)) return;
        List<RolloutTarget> first = targets(waves.get(0));
        List<RolloutTarget> rest = new ArrayList<>();
        for (int i = 1; i < waves.size(); i++) rest.addAll(targets(waves.get(i)));
        try {
            double a = mean(metrics.fetch(new MetricQuery("error_rate", MetricQuery.Role.CANARY, first, from, to, Duration.ofSeconds(10))));
            out.println("   blast radius contained: while the bad version ran, errors were " + pct(a) + " on wave 1's "
                    + first.size() + " target(s)" + (rest.isEmpty() ? "" : " and " + pct(mean(metrics.fetch(new MetricQuery(
                    "error_rate", MetricQuery.Role.BASELINE, rest, from, to, Duration.ofSeconds(10))))) + " on the other "
                    + rest.size() + ", which never received it"));
        } catch (MetricsUnavailableException e) {
            out.println("   (could not read the simulator's error rates: " + e.getMessage() + ")");
        }
        out.flush();
    }

    void ledger(JsonNode v) {
        if (v.path("intact").asBoolean(false)) {
            out.println("   " + paint("ledger verified", "32") + ": " + v.path("entries").asLong() + " entries, hash chain intact, head "
                    + LiveDemo.shortHash(v.path("headHash").asText()));
        } else {
            out.println("   " + paint("ledger BROKEN", "31") + " at entry " + v.path("brokenAt").asLong() + ": " + v.path("reason").asText());
        }
        out.flush();
    }

    void raw(String text) {
        for (String line : text.split("\n", -1)) out.println("   " + line);
        out.flush();
    }

    void surprise(String what) {
        endTimer();
        out.println("   " + paint("UNEXPECTED: " + what, "31"));
        out.flush();
    }

    void summary(List<String> surprises) {
        out.println();
        out.println(surprises.isEmpty() ? bold("Every scenario ended as Blastwall should make it end.")
                : paint(surprises.size() + " scenario step(s) did not end as expected:", "31"));
        for (String s : surprises) out.println("  - " + s);
        out.flush();
    }

    private static List<RolloutTarget> targets(JsonNode wave) {
        List<RolloutTarget> out = new ArrayList<>();
        for (JsonNode t : wave.path("targets")) {
            out.add(new RolloutTarget(t.path("nodeId").asText(), t.path("region").asText(), t.path("zone").asText()));
        }
        return out;
    }

    private static double mean(double[] xs) {
        double s = 0;
        int n = 0;
        for (double x : xs) {
            if (Double.isFinite(x)) {
                s += x;
                n++;
            }
        }
        return n == 0 ? Double.NaN : s / n;
    }

    private static String pct(double x) {
        return Double.isNaN(x) ? "n/a" : String.format(Locale.ROOT, "%.2f%%", x * 100);
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : String.format(Locale.ROOT, "%.2f", d);
    }

    private static String clock(String iso) {
        try {
            return CLOCK.format(Instant.parse(iso));
        } catch (RuntimeException e) {
            return iso;
        }
    }

    static String human(Duration d) {
        long s = d.toSeconds();
        if (s >= 3600) return (s / 3600) + "h" + String.format(Locale.ROOT, "%02dm", (s % 3600) / 60);
        if (s >= 60) return (s / 60) + "m" + (s % 60 == 0 ? "" : String.format(Locale.ROOT, "%02ds", s % 60));
        return s + "s";
    }

    private static String pad(String s, int n) {
        return s.length() >= n ? s + " " : s + " ".repeat(n - s.length());
    }

    private static String wrap(String text, String indent) {
        StringBuilder sb = new StringBuilder(indent);
        int col = indent.length();
        for (String word : text.split(" ")) {
            if (col + word.length() > 110 && col > indent.length()) {
                sb.append('\n').append(indent);
                col = indent.length();
            }
            sb.append(word).append(' ');
            col += word.length() + 1;
        }
        return sb.toString().stripTrailing();
    }

    private String verdictColour(String verdict) {
        return switch (verdict) {
            case "ALLOW" -> "32";
            case "DENY" -> "31";
            default -> "33";
        };
    }

    private String bold(String s) {
        return color ? "\u001b[1m" + s + "\u001b[0m" : s;
    }

    private String dim(String s) {
        return color ? "\u001b[2m" + s + "\u001b[0m" : s;
    }

    private String paint(String s, String code) {
        return color ? "\u001b[" + code + "m" + s + "\u001b[0m" : s;
    }
}
