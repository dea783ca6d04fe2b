package io.blastwall.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.blastwall.core.ledger.LedgerChain;
import io.blastwall.core.ledger.LedgerEntry;
import io.blastwall.core.lifecycle.ChangeState;
import io.blastwall.core.lifecycle.Lifecycle;
import io.blastwall.core.lifecycle.Trigger;
import io.blastwall.core.store.StoredApproval;
import io.blastwall.store.StoreConfig;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The same core flow on a real PostgreSQL (embedded server binaries), and two server replicas on one database racing
 * approvals and transitions on the same changes: no double transition, no lost approval, a ledger that verifies.
 */
class PostgresTest {

    static EmbeddedPostgres pg;
    static final AtomicInteger SCHEMAS = new AtomicInteger();

    @BeforeAll
    static void startPostgres() throws IOException {
        java.util.logging.Logger.getLogger("org.flywaydb").setLevel(java.util.logging.Level.WARNING);
        pg = EmbeddedPostgres.builder().start();
    }

    @AfterAll
    static void stopPostgres() throws IOException {
        pg.close();
    }

    static StoreConfig freshSchema() {
        String schema = "s" + SCHEMAS.incrementAndGet();
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        return StoreConfig.parse("postgresql://postgres@localhost:" + pg.getPort() + "/postgres?currentSchema=" + schema);
    }

    @Test
    void aWarmUpRehearsesSubmissionsOnPostgresAndLeavesNothingBehind() {
        try (TestEnv env = TestEnv.start(freshSchema(), null, ServerSettings.loopback(0), s -> s)) {
            long head = env.store.ledgerHead().map(e -> e.sequence()).orElse(0L);
            assertThat(Warmup.run(env.controlPlane, java.time.Duration.ofMillis(500))).isPositive();
            assertThat(env.store.ledgerHead().map(e -> e.sequence()).orElse(0L)).isEqualTo(head);
            assertThat(env.store.listChanges(io.blastwall.core.store.ChangeQuery.all())).isEmpty();
            // and the next real submission chains onto the same head
            JsonNode c = env.http.post("/api/v1/changes", env.token(TestEnv.AGENT),
                    Http.submission("plan.json", TestEnv.example("02-agent-recreate-orders-db.json"))).json();
            assertThat(c.get("state").asText()).isEqualTo("awaiting-approval");
            assertThat(env.http.get("/api/v1/ledger/verify", env.token("bob")).json().get("intact").asBoolean()).isTrue();
        }
    }

    @Test
    void coreFlowOnPostgres() {
        try (TestEnv env = TestEnv.start(freshSchema(), null, ServerSettings.loopback(0), s -> s)) {
            JsonNode c = env.http.post("/api/v1/changes", env.token(TestEnv.AGENT),
                    Http.submission("plan.json", TestEnv.example("02-agent-recreate-orders-db.json"))).json();
            assertThat(c.get("state").asText()).isEqualTo("awaiting-approval");
            String base = "/api/v1/changes/" + c.get("id").asText();
            assertThat(env.http.post(base + "/approvals", env.token("carol"), Http.decision(c, "")).status()).isEqualTo(403);
            assertThat(env.http.post(base + "/approvals", env.token("dave"), Http.decision(c, "")).json().get("state").asText())
                    .isEqualTo("approved");
            assertThat(env.http.get(base + "/attribution", env.token("bob")).json().at("/letThroughBy/0").asText()).isEqualTo("dave");
            assertThat(env.http.get("/api/v1/ledger/verify", env.token("bob")).json().get("intact").asBoolean()).isTrue();
            AgentFlowTest.tamper(env, "DELETE FROM ledger WHERE seq = 2");
            JsonNode broken = env.http.get("/api/v1/ledger/verify", env.token("bob")).json();
            assertThat(broken.get("intact").asBoolean()).isFalse();
            assertThat(broken.get("brokenAt").asLong()).isEqualTo(2);
        }
    }

    @Test
    void twoReplicasRacingOnTheSameChangesNeitherDoubleTransitionNorLoseApprovals() throws Exception {
        StoreConfig db = freshSchema();
        try (TestEnv a = TestEnv.start(db, null, ServerSettings.loopback(0), s -> s);
             TestEnv b = TestEnv.start(db, a.tokens, ServerSettings.loopback(0), s -> s)) {
            int n = 8;
            List<JsonNode> changes = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                changes.add(a.http.post("/api/v1/changes", a.token("alice"),
                        Http.submission("c.yaml", TestEnv.changeFile("race " + i, Map.of("approvals", "two")))).json());
            }
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                // 1. two seniors approve each change at the same moment, one through each replica
                for (JsonNode c : changes) {
                    String path = "/api/v1/changes/" + c.get("id").asText() + "/approvals";
                    List<Http.Res> rs = race(pool,
                            () -> a.http.post(path, a.token("dave"), Http.decision(c, "")),
                            () -> b.http.post(path, b.token("frank"), Http.decision(c, "")));
                    assertThat(rs).allSatisfy(r -> assertThat(r.status()).as(r.body()).isEqualTo(200));
                }
                // 2. one person's approval sent to both replicas at once counts once
                JsonNode dup = a.http.post("/api/v1/changes", a.token("alice"),
                        Http.submission("c.yaml", TestEnv.changeFile("dup", Map.of("approvals", "two")))).json();
                String dupPath = "/api/v1/changes/" + dup.get("id").asText() + "/approvals";
                List<Http.Res> dupRs = race(pool,
                        () -> a.http.post(dupPath, a.token("dave"), Http.decision(dup, "")),
                        () -> b.http.post(dupPath, b.token("dave"), Http.decision(dup, "")));
                assertThat(dupRs.stream().map(Http.Res::status).sorted().toList()).containsExactly(200, 409);
                // 3. the last approval and a withdrawal race: whatever wins, the record follows the lifecycle
                String base = "/api/v1/changes/" + dup.get("id").asText();
                List<Http.Res> mixed = race(pool,
                        () -> a.http.post(base + "/approvals", a.token("frank"), Http.decision(dup, "")),
                        () -> b.http.postEmpty(base + "/withdraw", b.token("alice")));
                assertThat(mixed).allSatisfy(r -> assertThat(r.status()).isIn(200, 409));
            } finally {
                pool.shutdownNow();
            }

            for (JsonNode c : changes) {
                String id = c.get("id").asText();
                assertThat(a.store.findChange(id).orElseThrow().state()).isEqualTo(ChangeState.APPROVED);
                List<StoredApproval> valid = a.store.approvalsOfChange(id).stream().filter(StoredApproval::valid).toList();
                assertThat(valid).extracting(StoredApproval::approverId).containsExactlyInAnyOrder("dave", "frank");
                long toApproved = a.store.ledgerOfChange(id).stream()
                        .filter(e -> "approved".equals(e.payload().get("to"))).count();
                assertThat(toApproved).as("transitions to approved of " + id).isEqualTo(1);
            }
            for (JsonNode c : List.of(changes.getFirst())) {
                assertThat(a.store.ledgerOfChange(c.get("id").asText()).stream().filter(e -> e.action().equals("approval.given")).count())
                        .isEqualTo(2);
            }
            String dupId = a.store.listChanges(io.blastwall.core.store.ChangeQuery.all()).stream()
                    .filter(ch -> ch.title().equals("dup")).findFirst().orElseThrow().id();
            assertLegalHistory(a.store.ledgerOfChange(dupId), a.store.findChange(dupId).orElseThrow().state());
            for (JsonNode c : changes) assertLegalHistory(a.store.ledgerOfChange(c.get("id").asText()), ChangeState.APPROVED);
            assertThat(b.store.verifyLedger()).isInstanceOf(LedgerChain.Verification.Intact.class);
        }
    }

    /** Every recorded transition is legal, starts where the previous one ended, and the last one is the state now. */
    private static void assertLegalHistory(List<LedgerEntry> entries, ChangeState now) {
        ChangeState at = ChangeState.PROPOSED;
        for (LedgerEntry e : entries) {
            Object from = e.payload().get("from");
            Object to = e.payload().get("to");
            Object trigger = e.payload().get("trigger");
            if (from == null || to == null || trigger == null) continue;
            assertThat(ChangeState.parse(from.toString())).as("entry " + e.sequence()).hasValue(at);
            ChangeState next = ChangeState.parse(to.toString()).orElseThrow();
            Trigger t = Trigger.valueOf(trigger.toString().toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
            Lifecycle.check(at, t, next);
            at = next;
        }
        assertThat(at).isEqualTo(now);
    }

    @SafeVarargs
    private static List<Http.Res> race(ExecutorService pool, Callable<Http.Res>... calls) throws Exception {
        CyclicBarrier start = new CyclicBarrier(calls.length);
        List<Future<Http.Res>> fs = new ArrayList<>();
        for (Callable<Http.Res> c : calls) {
            fs.add(pool.submit(() -> {
                start.await();
                return c.call();
            }));
        }
        List<Http.Res> out = new ArrayList<>();
        for (Future<Http.Res> f : fs) out.add(f.get());
        return out;
    }
}
