package io.blastwall.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.blastwall.cli.client.ApiClient;
import io.blastwall.cli.client.ClientFailure;
import io.blastwall.sim.ChangeBehaviour;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The live demo's script: a scripted agent and its humans use the API exactly as external ones would, against a
 * simulated estate with live traffic, and the narration says what Blastwall did and why.
 *
 * <ol type="a">
 *   <li>An agent acting for an engineer proposes to delete and recreate the production orders database: denied, and
 *       the engineer it acts for cannot approve it.</li>
 *   <li>An agent "optimises" checkout capacity below peak: denied, with the largest safe alternative.</li>
 *   <li>An agent pushes a config to checkout in every region at once: it needs two humans' approval and a progressive
 *       rollout; the version is bad, the first wave's canary analysis catches it and rolls it back on its own, and the
 *       errors stay inside that wave.</li>
 *   <li>The agent's corrected config: approved again (new content, new approvals) and rolled out through every wave.</li>
 * </ol>
 *
 * At the end the ledger is verified and the attribution report of the rolled-back change printed. {@link #run} returns
 * 0 when every scenario ended as the script expects, 1 otherwise, so the demo doubles as an end-to-end test.
 */
final class LiveDemo {

    private final DemoWorld world;
    private final Path examples;
    private final Narrator say;
    private final Duration patience;
    private final List<String> surprises = new ArrayList<>();

    /**
     * @param patience how long (wall time) to wait for one rollout to finish before calling it a surprise
     */
    LiveDemo(DemoWorld world, Path examples, PrintWriter out, boolean color, Duration patience) {
        this.world = world;
        this.examples = examples;
        this.say = new Narrator(out, color, world.sim);
        this.patience = patience;
    }

    /** Prints where the server is and how to follow along. */
    void banner() {
        say.banner(world.baseUrl() + "/console/", world.baseUrl() + "/api/v1", world.speed(), world.person("admin").token());
    }

    int run() {
        String rolledBack = null;
        try {
            scenarioA();
            scenarioB();
            rolledBack = scenarioC();
            scenarioD();
        } catch (ClientFailure e) {
            surprise("the API answered unexpectedly: " + e.getMessage());
        }
        ending(rolledBack);
        return surprises.isEmpty() ? 0 : 1;
    }

    // ------------------------------------------------------------------ (a)

    private void scenarioA() {
        say.scenario("a", "An agent deletes and recreates the production orders database",
                "agent:infra-copilot, working for bob on a small bug, decides the quickest fix is to recreate the orders"
                        + " database (engine_version forces a replacement). It runs with bob's permissions.");
        JsonNode c = submit("agent:infra-copilot", "changes/02-agent-recreate-orders-db.json", "s-1207");
        say.verdict(c);
        expectState(c, "rejected");
        say.step("bob, the human the agent acts for, tries to approve it anyway:");
        refused("bob", c, "the agent's own human may not approve");
    }

    // ------------------------------------------------------------------ (b)

    private void scenarioB() {
        say.scenario("b", "An agent \"optimises\" checkout capacity",
                "agent:cost-optimiser sees idle checkout replicas at 3 a.m. and scales eu-west-1 from 6 to 2. In isolation"
                        + " it looks safe; at peak, with a zone lost, it is not.");
        JsonNode c = submit("agent:cost-optimiser", "live/b-agent-scale-down-checkout.yaml", "s-2231");
        say.verdict(c);
        expectState(c, "rejected");
        JsonNode alts = analysis(c).path("alternatives");
        if (alts.isEmpty()) surprise("(b) offered no safer alternative");
    }

    // ------------------------------------------------------------------ (c)

    private String scenarioC() {
        say.scenario("c", "A config pushed to every region at once, and it is bad",
                "agent:release-bot (for carol) pushes new payment-retry settings to checkout in both regions at once —"
                        + " the pattern behind several global outages. In the simulator this version adds errors.");
        JsonNode c = submit("agent:release-bot", "live/c-agent-checkout-retries-everywhere.yaml", "s-3107");
        say.verdict(c);
        expectState(c, "awaiting-approval");
        String id = c.path("id").asText();
        world.behaviours.register(id, ChangeBehaviour.addedErrors(0.08).withLatencyTimes(1.3));
        say.step("carol, whom the agent acts for, may not approve it:");
        refused("carol", c, "the agent's own human may not approve");
        JsonNode r = approveAndRollOut(c, "reviewed the retry settings; roll out in waves");
        if (!"rolled-back".equals(r.path("state").asText())) {
            surprise("(c) the bad version ended " + r.path("state").asText() + ", not rolled back");
        } else if (r.path("currentWave").asInt() != 1) {
            surprise("(c) the bad version was stopped in wave " + r.path("currentWave").asInt() + ", not wave 1");
        }
        say.containment(r);
        return id;
    }

    // ------------------------------------------------------------------ (d)

    private void scenarioD() {
        say.scenario("d", "The corrected config, rolled out wave by wave",
                "The agent proposes corrected settings. New content means a new content hash: the earlier approvals do"
                        + " not carry over, so a senior engineer approves again. This version is good.");
        JsonNode c = submit("agent:release-bot", "live/d-agent-checkout-retries-fixed.yaml", "s-3108");
        say.verdict(c);
        String id = c.path("id").asText();
        world.behaviours.register(id, ChangeBehaviour.GOOD);
        JsonNode r = approveAndRollOut(c, "backoff kept; good to go");
        if (!"completed".equals(r.path("state").asText())) {
            surprise("(d) the good version ended " + r.path("state").asText() + ", not completed");
        }
    }

    // ------------------------------------------------------------------ the end

    private void ending(String rolledBack) {
        say.section("The ledger");
        try {
            JsonNode v = client("admin").get("/api/v1/ledger/verify").json();
            say.ledger(v);
            if (!v.path("intact").asBoolean(false)) surprise("the ledger does not verify");
            if (rolledBack != null) {
                say.section("Attribution of the rolled-back change " + rolledBack);
                say.raw(client("admin").attribution(rolledBack, true).body());
            }
        } catch (ClientFailure e) {
            surprise("the ledger could not be read: " + e.getMessage());
        }
        say.summary(surprises);
    }

    // ------------------------------------------------------------------ API calls

    private JsonNode submit(String who, String file, String session) {
        Path p = examples.resolve(file);
        String text;
        try {
            text = Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + p, e);
        }
        say.call(who, "POST /api/v1/changes", file);
        return client(who).submit(new ApiClient.Submission(null, null, List.of(new ApiClient.Document(file, text)),
                session, null)).json();
    }

    private JsonNode approve(String who, JsonNode change, String comment) {
        String id = change.path("id").asText();
        JsonNode rev = change.path("revision");
        say.call(who, "POST /api/v1/changes/" + id + "/approvals", "revision " + rev.path("number").asInt() + ", content "
                + shortHash(rev.path("contentHash").asText()));
        JsonNode after = client(who).approve(id, rev.path("number").asInt(), rev.path("contentHash").asText(), comment).json();
        say.state(after);
        return after;
    }

    /** Approves the change, has its agent author start the rollout, and follows it to its end. */
    private JsonNode approveAndRollOut(JsonNode change, String comment) {
        JsonNode c = approveUntilDone(change, comment);
        expectState(c, "approved");
        String id = c.path("id").asText();
        say.call(c.path("author").path("id").asText(), "POST /api/v1/rollouts", id);
        JsonNode r = client(c.path("author").path("id").asText()).startRollout(id).json();
        return new RolloutWatch(client("admin"), say, patience).follow(r.path("id").asText());
    }

    /** alice (senior), then erin, approve while the change still awaits approval. */
    private JsonNode approveUntilDone(JsonNode change, String comment) {
        JsonNode c = change;
        for (String who : List.of("alice", "erin")) {
            if (!"awaiting-approval".equals(c.path("state").asText())) break;
            c = approve(who, c, comment);
        }
        return c;
    }

    private void refused(String who, JsonNode change, String why) {
        JsonNode rev = change.path("revision");
        String id = change.path("id").asText();
        say.call(who, "POST /api/v1/changes/" + id + "/approvals", "revision " + rev.path("number").asInt());
        try {
            client(who).approve(id, rev.path("number").asInt(), rev.path("contentHash").asText(), "looks fine to me");
            surprise(who + " was allowed to approve " + id + " although " + why);
        } catch (ClientFailure.Problem p) {
            say.refusal(p);
        }
    }

    private ApiClient client(String who) {
        return new ApiClient(java.net.URI.create(world.baseUrl()), world.person(who).token(), Duration.ofSeconds(30));
    }

    private void expectState(JsonNode c, String state) {
        String got = c.path("state").asText();
        if (!state.equals(got)) surprise(c.path("title").asText() + ": expected " + state + ", got " + got);
    }

    private void surprise(String what) {
        surprises.add(what);
        say.surprise(what);
    }

    static JsonNode analysis(JsonNode change) {
        return change.path("revision").path("analysis");
    }

    static String shortHash(String h) {
        int colon = h.indexOf(':');
        String hex = colon >= 0 ? h.substring(colon + 1) : h;
        return hex.length() > 12 ? hex.substring(0, 12) : hex;
    }
}
