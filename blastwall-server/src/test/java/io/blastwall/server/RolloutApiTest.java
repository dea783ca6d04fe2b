package io.blastwall.server;

import io.blastwall.core.time.ManualClock;
import com.fasterxml.jackson.databind.JsonNode;
import io.blastwall.core.rollout.ExecutionStep;
import io.blastwall.core.rollout.MetricQuery;
import io.blastwall.core.rollout.MetricsSource;
import io.blastwall.core.rollout.RolloutExecutor;
import io.blastwall.core.rollout.RolloutPolicy;
import io.blastwall.core.rollout.StepOutcome;
import io.blastwall.core.rollout.WaveJudge;
import io.blastwall.core.rollout.WaveVerdict;
import io.blastwall.server.rollout.RolloutExtension;
import io.blastwall.store.JdbcRolloutStore;
import io.blastwall.store.StoreConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rollout API end to end on the embedded database, driven in virtual time: the extension's scheduler is set to
 * tick once an hour, and the test ticks it by hand after moving the clock. Executor, metrics and judge are TEST
 * DOUBLES defined here (the simulator and the canary judge are other modules' adapters).
 */
class RolloutApiTest {

    @TempDir
    Path dir;
    TestEnv env;
    RolloutExtension ext;
    final ManualClock clock = new ManualClock(Instant.parse("2026-06-01T08:00:00Z"));
    final Map<String, AtomicInteger> applies = new ConcurrentHashMap<>();
    volatile double canaryErrorRate = 0.01;
    /** Registered after the rollout extension when set (notifications of rollout steps). */
    ServerExtension notifier;

    @AfterEach
    void tearDown() {
        if (env != null) env.close();
    }

    void start() {
        env = TestEnv.start(StoreConfig.sqlite(dir.resolve("blastwall.db")), null, ServerSettings.loopback(0), s -> s, store -> {
            ext = new RolloutExtension(new JdbcRolloutStore(store), executor(), metrics(), judge(), new RolloutExtension.Settings(
                    RolloutPolicy.defaults().withBake(Duration.ofMinutes(2)), clock, "replica-test", Duration.ofHours(1),
                    Duration.ofSeconds(30)));
            return notifier == null ? List.of(ext) : List.of(ext, notifier);
        });
    }

    JsonNode approvedChange(String author) {
        JsonNode c = env.http.post("/api/v1/changes", env.token(author),
                Http.submission("change.yaml", TestEnv.changeFile("raise upstream timeout", Map.of()))).json();
        if (c.get("state").asText().equals("awaiting-approval")) {
            c = env.http.post("/api/v1/changes/" + c.get("id").asText() + "/approvals", env.token("dave"),
                    Http.decision(c, "ok")).json();
        }
        assertThat(c.get("state").asText()).isEqualTo("approved");
        return c;
    }

    JsonNode rollout(String id) {
        return env.http.get("/api/v1/rollouts/" + id, env.token("alice")).json();
    }

    JsonNode runToEnd(String id) {
        for (int i = 0; i < 100 && !Set.TERMINAL.contains(rollout(id).get("state").asText()); i++) {
            ext.tick();
            clock.advance(Duration.ofMinutes(1));
        }
        return rollout(id);
    }

    @Test
    void anApprovedChangeRollsOutWaveByWaveAndTheStatusShowsPlanBakeAndVerdicts() {
        start();
        JsonNode c = approvedChange("alice");
        Http.Res started = env.http.post("/api/v1/rollouts", env.token("alice"), Map.of("changeId", c.get("id").asText()));
        assertThat(started.status()).as(started.body()).isEqualTo(201);
        String id = started.json().get("id").asText();
        assertThat(started.headers().firstValue("Location")).contains("/api/v1/rollouts/" + id);
        assertThat(started.json().get("state").asText()).isEqualTo("running");
        assertThat(started.json().get("waves").size()).isGreaterThanOrEqualTo(2);
        assertThat(started.json().at("/waves/0/label").asText()).startsWith("canary ");
        assertThat(env.http.get("/api/v1/changes/" + c.get("id").asText(), env.token("alice")).json().get("state").asText())
                .isEqualTo("rolling-out");

        ext.tick();
        JsonNode baking = rollout(id);
        assertThat(baking.get("currentPhase").asText()).isEqualTo("baking");
        assertThat(Instant.parse(baking.get("bakeDeadline").asText())).isEqualTo(clock.instant().plus(Duration.ofMinutes(2)));
        JsonNode list = env.http.get("/api/v1/rollouts", env.token("bob")).json();
        assertThat(list.get("count").asInt()).isEqualTo(1);

        JsonNode done = runToEnd(id);
        assertThat(done.get("state").asText()).isEqualTo("completed");
        assertThat(done.at("/waves/0/verdict/outcome").asText()).isEqualTo("pass");
        assertThat(done.at("/waves/0/verdict/metrics/0/name").asText()).isEqualTo("error_rate");
        assertThat(applies.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
        assertThat(applies).hasSize(done.get("waves").size());
        assertThat(env.http.get("/api/v1/rollouts", env.token("bob")).json().get("count").asInt()).isZero();
        assertThat(env.http.get("/api/v1/ledger/verify", env.token("bob")).json().get("intact").asBoolean()).isTrue();
    }

    @Test
    void aBadCanaryIsRolledBackAndOperatorCommandsFollowTheRules() {
        start();
        canaryErrorRate = 0.2;
        String id = env.http.post("/api/v1/rollouts", env.token("alice"),
                Map.of("changeId", approvedChange("alice").get("id").asText())).json().get("id").asText();
        JsonNode done = runToEnd(id);
        assertThat(done.get("state").asText()).isEqualTo("rolled-back");
        assertThat(done.at("/waves/0/verdict/outcome").asText()).isEqualTo("fail");
        assertThat(done.at("/waves/0/phase").asText()).isEqualTo("rolled-back");
        assertThat(applies).hasSize(1);
        Http.Res again = env.http.postEmpty("/api/v1/rollouts/" + id + "/resume", env.token("carol"));
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().get("rule").asText()).isEqualTo("illegal-in-state");

        canaryErrorRate = 0.01;
        String id2 = env.http.post("/api/v1/rollouts", env.token("bob"),
                Map.of("changeId", approvedChange("bob").get("id").asText())).json().get("id").asText();
        ext.tick();
        Http.Res byAuthor = env.http.post("/api/v1/rollouts/" + id2 + "/promote", env.token("bob"), Map.of("comment", "mine"));
        assertThat(byAuthor.status()).isEqualTo(403);
        assertThat(byAuthor.json().get("rule").asText()).isEqualTo("promoter-may-not-approve");
        Http.Res promoted = env.http.post("/api/v1/rollouts/" + id2 + "/promote", env.token("carol"), Map.of("comment", "watched"));
        assertThat(promoted.status()).as(promoted.body()).isEqualTo(200);
        assertThat(promoted.json().get("currentWave").asInt()).isEqualTo(2);
        assertThat(env.http.post("/api/v1/rollouts/" + id2 + "/pause", env.token(TestEnv.AGENT), Map.of("reason", "odd"))
                .json().get("state").asText()).isEqualTo("paused");
        Http.Res agentResume = env.http.postEmpty("/api/v1/rollouts/" + id2 + "/resume", env.token(TestEnv.AGENT));
        assertThat(agentResume.status()).isEqualTo(403);

        // the emergency stop: every rollout halted, nothing starts, only an admin clears it
        Http.Res stop = env.http.post("/api/v1/emergency-stop", env.token("carol"), Map.of("reason", "incident 7"));
        assertThat(stop.status()).as(stop.body()).isEqualTo(200);
        assertThat(env.http.postEmpty("/api/v1/rollouts/" + id2 + "/resume", env.token("carol")).json().get("rule").asText())
                .isEqualTo("emergency-stop");
        assertThat(env.http.get("/api/v1/emergency-stop", env.token("bob")).json().get("by").asText()).isEqualTo("carol");
        assertThat(env.http.delete("/api/v1/emergency-stop", env.token("carol")).status()).isEqualTo(403);
        assertThat(env.http.delete("/api/v1/emergency-stop", env.token("erin")).json().get("active").asBoolean()).isFalse();
        Http.Res back = env.http.post("/api/v1/rollouts/" + id2 + "/rollback", env.token("carol"), Map.of("reason", "customer"));
        assertThat(back.json().get("state").asText()).isEqualTo("rolling-back");
        assertThat(runToEnd(id2).get("state").asText()).isEqualTo("rolled-back");
        JsonNode ledger = env.http.get("/api/v1/ledger?limit=1000", env.token("bob")).json();
        assertThat(ledger.toString()).contains("rollout.rollback-requested").contains("\"analysis\":\"skipped\"");
    }

    @Test
    void aChangeWhoseApprovalsWereInvalidatedIsRefusedBeforeTheFirstWave() throws IOException {
        start();
        JsonNode c = env.http.post("/api/v1/changes", env.token(TestEnv.AGENT),
                Http.submission("change.yaml", TestEnv.changeFile("agent timeout change", Map.of()))).json();
        assertThat(approvedChange(c).get("state").asText()).isEqualTo("approved");
        // the policies change after the approval: the re-check before wave 1 voids it
        Path policies = Files.createDirectories(dir.resolve("policies"));
        Files.copy(TestEnv.testPolicies().resolve("test-policies.yaml"), policies.resolve("test-policies.yaml"));
        Files.writeString(policies.resolve("extra.yaml"), """
                apiVersion: blastwall.io/v1
                kind: Policy
                id: extra-note
                description: A harmless extra policy, so the policy version changes.
                scope: change
                condition: "false"
                effect: deny
                message: "never"
                """);
        env.reloadSource = () -> TestEnv.load(policies);
        assertThat(env.http.postEmpty("/api/v1/admin/reload", env.token("erin")).status()).isEqualTo(200);
        Http.Res refused = env.http.post("/api/v1/rollouts", env.token("carol"), Map.of("changeId", c.get("id").asText()));
        assertThat(refused.status()).as(refused.body()).isEqualTo(409);
        assertThat(refused.json().get("rule").asText()).isEqualTo("approvals-invalidated");
        assertThat(refused.json().get("detail").asText()).contains("policy version");
        assertThat(env.http.get("/api/v1/changes/" + c.get("id").asText(), env.token("bob")).json().get("state").asText())
                .isEqualTo("awaiting-approval");
        assertThat(applies).isEmpty();
        Http.Res bad = env.http.post("/api/v1/rollouts", env.token("carol"), Map.of("change", "x"));
        assertThat(bad.status()).isEqualTo(400);
    }

    private JsonNode approvedChange(JsonNode awaiting) {
        return env.http.post("/api/v1/changes/" + awaiting.get("id").asText() + "/approvals", env.token("dave"),
                Http.decision(awaiting, "ok")).json();
    }

    @Test
    void peopleAreToldWhenTheRolloutStartsAndWhenItIsRolledBackOnce() throws Exception {
        try (Receiver hook = Receiver.ok()) {
            notifier = new io.blastwall.server.notify.Notifier(new io.blastwall.server.notify.NotifySettings(
                    java.net.URI.create("https://bw.example"), List.of(new io.blastwall.server.notify.WebhookSink(hook.url("/h"),
                    "0123456789abcdef0123".getBytes(java.nio.charset.StandardCharsets.UTF_8))), 100,
                    io.blastwall.server.notify.RetryPolicy.DEFAULT, Duration.ofSeconds(10)),
                    Clock.systemUTC(), d -> { }, new java.util.SplittableRandom(1), null);
            start();
            canaryErrorRate = 0.2;
            String changeId = approvedChange("alice").get("id").asText();
            String id = env.http.post("/api/v1/rollouts", env.token("alice"), Map.of("changeId", changeId)).json().get("id").asText();
            assertThat(runToEnd(id).get("state").asText()).isEqualTo("rolled-back");
            List<String> events = new java.util.ArrayList<>();
            while (!events.contains("change.rolled-back") && events.size() < 10) {
                JsonNode m = Http.MAPPER.readTree(hook.next().body());
                assertThat(m.at("/change/id").asText()).isEqualTo(changeId);
                assertThat(m.at("/change/url").asText()).isEqualTo("https://bw.example/changes/" + changeId);
                events.add(m.get("event").asText());
            }
            assertThat(events).startsWith("change.approved", "change.rollout-started").endsWith("change.rolled-back")
                    .containsOnlyOnce("change.rolled-back", "change.rollout-started");
        }
    }

    // ------------------------------------------------------------------ test doubles

    private static final class Set {
        static final java.util.Set<String> TERMINAL = java.util.Set.of("completed", "rolled-back", "aborted", "halted");
    }


    private RolloutExecutor executor() {
        return new RolloutExecutor() {
            final Map<String, StepOutcome> done = new ConcurrentHashMap<>();

            @Override
            public String name() {
                return "api-test-double";
            }

            @Override
            public StepOutcome apply(ExecutionStep step) {
                StepOutcome earlier = done.get(step.idempotencyKey());
                if (earlier != null) return new StepOutcome(true, true, earlier.detail(), "");
                applies.computeIfAbsent(step.idempotencyKey(), k -> new AtomicInteger()).incrementAndGet();
                StepOutcome out = StepOutcome.ok("applied");
                done.put(step.idempotencyKey(), out);
                return out;
            }

            @Override
            public StepOutcome rollBack(ExecutionStep step) {
                return StepOutcome.ok("rolled back");
            }
        };
    }

    private MetricsSource metrics() {
        return new MetricsSource() {
            @Override
            public String describe() {
                return "api-test-double";
            }

            @Override
            public double[] fetch(MetricQuery q) {
                double level = q.role() == MetricQuery.Role.CANARY ? canaryErrorRate : 0.01;
                double[] out = new double[20];
                for (int i = 0; i < out.length; i++) out[i] = level + 0.001 * (i % 4);
                return out;
            }
        };
    }

    private static WaveJudge judge() {
        return new WaveJudge() {
            @Override
            public List<String> metrics() {
                return List.of("error_rate");
            }

            @Override
            public WaveVerdict judge(Map<String, double[]> baseline, Map<String, double[]> canary) {
                double b = java.util.Arrays.stream(baseline.get("error_rate")).average().orElseThrow();
                double c = java.util.Arrays.stream(canary.get("error_rate")).average().orElseThrow();
                boolean ok = c <= 2 * b;
                return new WaveVerdict(ok ? WaveVerdict.Outcome.PASS : WaveVerdict.Outcome.FAIL, ok ? 100 : 0,
                        List.of(new WaveVerdict.MetricVerdict("error_rate", ok ? "pass" : "fail", true, 20, 20, c - b,
                                Double.NaN, "mean " + c + " vs " + b)), ok ? List.of() : List.of("error_rate more than doubled"));
            }
        };
    }
}
