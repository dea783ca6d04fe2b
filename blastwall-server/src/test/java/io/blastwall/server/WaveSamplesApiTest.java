package io.blastwall.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.blastwall.core.rollout.ExecutionStep;
import io.blastwall.core.rollout.MetricQuery;
import io.blastwall.core.rollout.MetricsSource;
import io.blastwall.core.rollout.MetricsUnavailableException;
import io.blastwall.core.rollout.RolloutExecutor;
import io.blastwall.core.rollout.RolloutPolicy;
import io.blastwall.core.rollout.RolloutTarget;
import io.blastwall.core.rollout.StepOutcome;
import io.blastwall.core.rollout.WaveJudge;
import io.blastwall.core.rollout.WaveVerdict;
import io.blastwall.core.time.ManualClock;
import io.blastwall.server.rollout.RolloutExtension;
import io.blastwall.store.JdbcRolloutStore;
import io.blastwall.store.StoreConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /api/v1/rollouts/{id}/waves/{n}/samples} on the embedded database in virtual time: the canary is the
 * wave's targets, the baseline the later waves' targets, over the bake window, bucketed and capped; a source that
 * cannot answer gives 503, never an empty success. Executor, metrics source and judge are TEST DOUBLES (one object)
 * so the test can see every query the endpoint makes.
 */
class WaveSamplesApiTest {

    @TempDir
    Path dir;
    TestEnv env;
    RolloutExtension ext;
    final ManualClock clock = new ManualClock(Instant.parse("2026-06-01T08:00:00Z"));
    final List<MetricQuery> queries = new CopyOnWriteArrayList<>();
    volatile boolean unavailable;
    volatile Instant appliedAt = Instant.MAX;

    @AfterEach
    void tearDown() {
        if (env != null) env.close();
    }

    @Test
    void anAppliedWaveAnswersCanaryAndBaselineSeriesOverItsBakeWindowAndAnUnavailableSourceIs503() {
        Doubles d = new Doubles();
        env = TestEnv.start(StoreConfig.sqlite(dir.resolve("blastwall.db")), null, ServerSettings.loopback(0), s -> s, store -> {
            ext = new RolloutExtension(new JdbcRolloutStore(store), d, d, d, new RolloutExtension.Settings(
                    RolloutPolicy.defaults().withBake(Duration.ofMinutes(10)), clock, "replica-test", Duration.ofHours(1),
                    Duration.ofSeconds(30)));
            return List.of(ext);
        });
        JsonNode c = env.http.post("/api/v1/changes", env.token("alice"),
                Http.submission("change.yaml", TestEnv.changeFile("raise upstream timeout", Map.of()))).json();
        if (c.get("state").asText().equals("awaiting-approval")) {
            c = env.http.post("/api/v1/changes/" + c.get("id").asText() + "/approvals", env.token("dave"), Http.decision(c, "ok")).json();
        }
        JsonNode ro = env.http.post("/api/v1/rollouts", env.token("alice"), Map.of("changeId", c.get("id").asText())).json();
        String id = ro.get("id").asText();
        String samples = "/api/v1/rollouts/" + id + "/waves/1/samples";

        Http.Res notApplied = env.http.get(samples, env.token("bob"));
        assertThat(notApplied.status()).as(notApplied.body()).isEqualTo(409);
        assertThat(notApplied.json().get("rule").asText()).isEqualTo("wave-not-applied");
        assertThat(env.http.get("/api/v1/rollouts/" + id + "/waves/99/samples", env.token("bob")).status()).isEqualTo(400);
        assertThat(env.http.get("/api/v1/rollouts/ro_nope/waves/1/samples", env.token("bob")).status()).isEqualTo(404);
        assertThat(env.http.get(samples, null).status()).isEqualTo(401);

        Instant applied = clock.instant();
        appliedAt = applied;
        ext.tick(); // wave 1 applied, baking for 10 minutes
        clock.advance(Duration.ofMinutes(1));
        queries.clear();
        JsonNode early = env.http.get(samples, env.token("bob")).json();
        assertThat(early.at("/window/from").asText()).isEqualTo(applied.toString());
        assertThat(early.at("/window/to").asText()).isEqualTo(clock.instant().toString());
        assertThat(early.get("bucketSeconds").asLong()).isEqualTo(10); // one metric step: 6 buckets in the first minute
        assertThat(early.at("/baseline/kind").asText()).isEqualTo("later-waves");
        assertThat(early.get("verdict").isNull()).isTrue();
        // the first bucket has no canary data: a gap, never a zero; NaN samples are left out of the mean
        JsonNode canary = early.at("/metrics/error_rate/canary");
        assertThat(canary).hasSize(5);
        assertThat(canary.get(0).get(0).asDouble()).isEqualTo(applied.getEpochSecond() + 10);
        assertThat(canary.get(0).get(1).asDouble()).isEqualTo(0.03);
        JsonNode baseline = early.at("/metrics/error_rate/baseline");
        assertThat(baseline).hasSize(6);
        assertThat(baseline.get(0).get(0).asDouble()).isEqualTo(applied.getEpochSecond());
        assertThat(baseline.get(0).get(1).asDouble()).isEqualTo(0.01);
        assertThat(early.at("/metrics/latency_p99_ms/canary")).hasSize(5);
        // canary: the wave's targets; baseline: the targets of the later waves, as the engine compares them
        Set<String> wave1 = keys(ro.at("/waves/0/targets"));
        Set<String> later = new HashSet<>();
        for (int i = 1; i < ro.get("waves").size(); i++) later.addAll(keys(ro.at("/waves/" + i + "/targets")));
        for (MetricQuery q : queries) {
            Set<String> got = new HashSet<>();
            for (RolloutTarget t : q.targets()) got.add(t.key());
            assertThat(got).isEqualTo(q.role() == MetricQuery.Role.CANARY ? wave1 : later);
            assertThat(q.step()).isEqualTo(Duration.ofSeconds(10));
        }
        assertThat(queries).hasSize(2 * 2 * 6);

        clock.advance(Duration.ofMinutes(20)); // past the bake: the window ends at the bake deadline, capped at 30 points
        JsonNode full = env.http.get(samples, env.token("bob")).json();
        assertThat(full.at("/window/to").asText()).isEqualTo(applied.plus(Duration.ofMinutes(10)).toString());
        assertThat(full.get("bucketSeconds").asLong()).isEqualTo(20);
        assertThat(full.at("/metrics/error_rate/baseline")).hasSize(30);

        ext.tick(); // judged: the verdict comes with the samples
        assertThat(env.http.get(samples, env.token("bob")).json().at("/verdict/outcome").asText()).isEqualTo("pass");

        unavailable = true;
        Http.Res down = env.http.get(samples, env.token("bob"));
        assertThat(down.status()).as(down.body()).isEqualTo(503);
        assertThat(down.contentType()).startsWith("application/problem+json");
        assertThat(down.json().get("type").asText()).endsWith("/metrics-unavailable");
        assertThat(down.json().get("detail").asText()).contains("prometheus is down");
    }

    private static Set<String> keys(JsonNode targets) {
        Set<String> out = new HashSet<>();
        for (JsonNode t : targets) out.add(t.get("key").asText());
        return out;
    }

    /** Executor, metrics source and judge: a TEST DOUBLE recording each metrics query. */
    final class Doubles implements RolloutExecutor, MetricsSource, WaveJudge {
        @Override
        public String name() {
            return "samples-test-double";
        }

        @Override
        public StepOutcome apply(ExecutionStep step) {
            return StepOutcome.ok("applied");
        }

        @Override
        public StepOutcome rollBack(ExecutionStep step) {
            return StepOutcome.ok("reverted");
        }

        @Override
        public String describe() {
            return "samples-test-double";
        }

        @Override
        public double[] fetch(MetricQuery q) {
            if (unavailable) throw new MetricsUnavailableException("prometheus is down");
            queries.add(q);
            if (q.role() == MetricQuery.Role.BASELINE) return new double[]{0.01};
            // no canary data in the first ten seconds after the apply (the engine's whole-window query still has some)
            boolean firstBucket = q.from().equals(appliedAt) && !q.to().isAfter(appliedAt.plusSeconds(10));
            return firstBucket ? new double[0] : new double[]{0.02, Double.NaN, 0.04};
        }

        @Override
        public List<String> metrics() {
            return List.of("error_rate", "latency_p99_ms");
        }

        @Override
        public WaveVerdict judge(Map<String, double[]> baseline, Map<String, double[]> canary) {
            List<WaveVerdict.MetricVerdict> ms = new ArrayList<>();
            for (String m : metrics()) {
                ms.add(new WaveVerdict.MetricVerdict(m, "pass", true, baseline.get(m).length, canary.get(m).length, 0, Double.NaN, "ok"));
            }
            return new WaveVerdict(WaveVerdict.Outcome.PASS, 100, ms, List.of());
        }
    }
}
