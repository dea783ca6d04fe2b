package io.blastwall.server;

import io.blastwall.core.change.Provenance.AuthorKind;
import io.blastwall.core.controlplane.Tokens;
import io.blastwall.core.ledger.LedgerChain;
import io.blastwall.core.store.ApiToken;
import io.blastwall.core.store.ChangeQuery;
import io.blastwall.core.store.ControlPlaneStore;
import io.blastwall.core.store.Principal;
import io.blastwall.core.store.StoreTransaction;
import io.blastwall.core.store.StoreUnavailableException;
import io.blastwall.store.JdbcControlPlaneStore;
import io.blastwall.store.StoreConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/** Bad credentials, bad bodies, bad documents and a database that fails: each gets a problem a person can act on. */
class FaultsTest {

    @TempDir
    Path dir;
    TestEnv env;

    @AfterEach
    void stop() {
        if (env != null) env.close();
    }

    @Test
    void aTokenRevokedWhileInUseStopsAuthenticatingWhenItsLedgerEntryArrives() throws Exception {
        env = TestEnv.sqlite(dir);
        String token = env.token("alice");
        assertThat(env.http.get("/api/v1/changes", token).status()).isEqualTo(200); // read once, now kept for 5 s
        String id = env.store.findTokenByHash(Tokens.hash(token)).orElseThrow().id();
        Instant now = Instant.now();
        // as `blastwall token revoke` does it: the row and the ledger entry in one transaction
        env.store.inTransaction(tx -> {
            tx.revokeToken(id, now);
            tx.appendLedger("admin", "token.revoked", "", java.util.Map.of("token", id, "principal", "alice"), now);
            return null;
        });
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(2).toNanos(); // the feed polls every 200 ms
        int status = 200;
        while (status == 200 && System.nanoTime() < deadline) {
            status = env.http.get("/api/v1/changes", token).status();
            if (status == 200) Thread.sleep(50);
        }
        assertThat(status).isEqualTo(401);
    }

    @Test
    void expiredRevokedUnknownAndMissingCredentialsAre401() {
        env = TestEnv.sqlite(dir);
        Instant now = Instant.now();
        String expired = Tokens.generate();
        String revoked = Tokens.generate();
        env.store.inTransaction(tx -> {
            tx.createToken(new ApiToken("tk_expired", "alice", "old", Tokens.hash(expired), now.minusSeconds(7200),
                    now.minusSeconds(60), null, null));
            tx.createToken(new ApiToken("tk_revoked", "alice", "leaked", Tokens.hash(revoked), now.minusSeconds(7200),
                    null, null, null));
            tx.revokeToken("tk_revoked", now.minusSeconds(10));
            return null;
        });
        Http.Res e = env.http.get("/api/v1/changes", expired);
        assertThat(e.status()).isEqualTo(401);
        assertThat(e.contentType()).startsWith("application/problem+json");
        assertThat(e.json().get("detail").asText()).contains("tk_expired").contains("expired");
        assertThat(e.headers().firstValue("www-authenticate")).isPresent();
        assertThat(e.body()).doesNotContain(expired);

        Http.Res r = env.http.get("/api/v1/changes", revoked);
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.json().get("detail").asText()).contains("revoked");

        assertThat(env.http.get("/api/v1/changes", "bw_nonsense").status()).isEqualTo(401);
        Http.Res none = env.http.get("/api/v1/changes", null);
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.json().get("detail").asText()).contains("Authorization: Bearer");
        assertThat(env.http.get("/api/v1/changes", env.token("alice")).status()).isEqualTo(200);

        Http.Res notAdmin = env.http.postEmpty("/api/v1/admin/reload", env.token("alice"));
        assertThat(notAdmin.status()).isEqualTo(403);
        assertThat(notAdmin.json().get("rule").asText()).isEqualTo("admin-only");
    }

    @Test
    void oversizedBodiesUnknownFieldsAndMalformedDocumentsAreRefusedWithTheirPlace() {
        env = TestEnv.start(StoreConfig.sqlite(dir.resolve("b.db")), null,
                ServerSettings.loopback(0).withMaxBodyBytes(64 * 1024), s -> s);
        String big = "x".repeat(100 * 1024);
        Http.Res tooBig = env.http.post("/api/v1/changes", env.token("alice"), Http.submission("plan.json", big));
        assertThat(tooBig.status()).isEqualTo(413);
        assertThat(tooBig.json().get("detail").asText()).contains("65536");

        Http.Res unknown = env.http.post("/api/v1/changes", env.token("alice"),
                "{\"documents\":[{\"name\":\"a.json\",\"content\":\"{}\",\"mode\":\"fast\"}]}");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().get("detail").asText()).contains("unknown field 'mode'");
        assertThat(unknown.json().at("/problems/0/path").asText()).isEqualTo("$.documents[0].mode");

        // identity never comes from the body
        Http.Res claimsModel = env.http.post("/api/v1/changes", env.token(TestEnv.AGENT),
                "{\"model\":\"someone-else\",\"documents\":[{\"name\":\"a.json\",\"content\":\"{}\"}]}");
        assertThat(claimsModel.status()).isEqualTo(400);
        assertThat(claimsModel.json().get("detail").asText()).contains("unknown field 'model'");

        Http.Res humanSession = env.http.post("/api/v1/changes", env.token("alice"),
                Map.of("sessionId", "s1", "documents", List.of(Map.of("name", "c.yaml", "content", TestEnv.changeFile("t", Map.of())))));
        assertThat(humanSession.status()).isEqualTo(400);
        assertThat(humanSession.json().at("/problems/0/path").asText()).isEqualTo("$.sessionId");

        Http.Res noDocs = env.http.post("/api/v1/changes", env.token("alice"), Map.of("documents", List.of()));
        assertThat(noDocs.status()).isEqualTo(422);

        Http.Res notJson = env.http.post("/api/v1/changes", env.token("alice"), "{\"documents\": [");
        assertThat(notJson.status()).isEqualTo(400);

        String broken = "{\n  \"format_version\": \"1.2\",\n  \"resource_changes\": [ { \"address\": }\n]\n}\n";
        Http.Res syntax = env.http.post("/api/v1/changes", env.token("alice"), Http.submission("plan.json", broken));
        assertThat(syntax.status()).as(syntax.body()).isEqualTo(400);
        assertThat(syntax.json().at("/problems/0/file").asText()).isEqualTo("plan.json");
        assertThat(syntax.json().at("/problems/0/line").asInt()).isEqualTo(3);

        String wrongShape = "{\n  \"format_version\": \"1.2\",\n  \"resource_changes\": \"none\"\n}\n";
        Http.Res shape = env.http.post("/api/v1/changes", env.token("alice"), Http.submission("plan.json", wrongShape));
        assertThat(shape.status()).as(shape.body()).isEqualTo(400);
        assertThat(shape.json().at("/problems/0/file").asText()).isEqualTo("plan.json");
        assertThat(shape.json().at("/problems/0/line").asInt()).isEqualTo(3);
        assertThat(shape.json().at("/problems/0/path").asText()).isEqualTo("$.resource_changes");

        assertThat(env.store.listChanges(ChangeQuery.all())).isEmpty();
        Http.Res noSuch = env.http.get("/api/v1/changes/ch_nope", env.token("alice"));
        assertThat(noSuch.status()).isEqualTo(404);
        Http.Res noRoute = env.http.get("/api/v1/nowhere", env.token("alice"));
        assertThat(noRoute.status()).isEqualTo(404);
        assertThat(noRoute.contentType()).startsWith("application/problem+json");
    }

    @Test
    void aDatabaseFailingMidTransactionLeavesNothingHalfWrittenAndADatabaseDownIs503() {
        AtomicBoolean failTransitions = new AtomicBoolean();
        env = TestEnv.start(StoreConfig.sqlite(dir.resolve("c.db")), null, ServerSettings.loopback(0),
                store -> failingOn("change.transition", failTransitions, store));
        long before = env.store.ledgerHead().map(e -> e.sequence()).orElse(0L);

        failTransitions.set(true);
        Http.Res failed = env.http.post("/api/v1/changes", env.token("alice"),
                Http.submission("c.yaml", TestEnv.changeFile("t", Map.of())));
        assertThat(failed.status()).as(failed.body()).isEqualTo(503);
        assertThat(failed.json().get("detail").asText()).contains("fails closed");
        assertThat(failed.headers().firstValue("retry-after")).hasValue("5");
        // the change row, its revision and the proposed/analysed entries were in the same transaction
        assertThat(env.store.listChanges(ChangeQuery.all())).isEmpty();
        assertThat(env.store.ledgerHead().map(e -> e.sequence()).orElse(0L)).isEqualTo(before);
        assertThat(env.store.verifyLedger()).isInstanceOf(LedgerChain.Verification.Intact.class);

        failTransitions.set(false);
        assertThat(env.http.post("/api/v1/changes", env.token("alice"),
                Http.submission("c.yaml", TestEnv.changeFile("t", Map.of()))).status()).isEqualTo(201);

        Http.Res metrics = env.http.get("/metrics", null);
        assertThat(metrics.body()).contains("blastwall_http_requests_total{method=\"POST\",route=\"/api/v1/changes\",status=\"503\"} 1")
                .contains("blastwall_changes{state=\"approved\"} 1");
        assertThat(env.http.get("/readyz", null).status()).isEqualTo(200);
        assertThat(env.http.get("/healthz", null).status()).isEqualTo(200);

        env.store.close(); // the database goes away
        Http.Res down = env.http.post("/api/v1/changes", env.token("alice"), Http.submission("c.yaml", TestEnv.changeFile("t2", Map.of())));
        assertThat(down.status()).isEqualTo(503);
        assertThat(down.json().get("type").asText()).endsWith("/store-unavailable");
        Http.Res notReady = env.http.get("/readyz", null);
        assertThat(notReady.status()).isEqualTo(503);
        assertThat(notReady.json().at("/checks/store").asText()).startsWith("unavailable");
        assertThat(env.http.get("/healthz", null).status()).isEqualTo(200);

        try (JdbcControlPlaneStore reopened = JdbcControlPlaneStore.open(env.storeConfig)) {
            assertThat(reopened.listChanges(ChangeQuery.all())).hasSize(1);
            assertThat(reopened.verifyLedger()).isInstanceOf(LedgerChain.Verification.Intact.class);
        }
    }

    /** A store whose transactions throw as a database that went away would, when {@code action} is appended. */
    static ControlPlaneStore failingOn(String action, AtomicBoolean armed, ControlPlaneStore real) {
        return (ControlPlaneStore) Proxy.newProxyInstance(FaultsTest.class.getClassLoader(), new Class<?>[]{ControlPlaneStore.class},
                (proxy, m, args) -> {
                    if (m.getName().equals("inTransaction")) {
                        @SuppressWarnings("unchecked")
                        Function<StoreTransaction, Object> work = (Function<StoreTransaction, Object>) args[0];
                        return real.inTransaction(tx -> work.apply(failingTx(action, armed, tx)));
                    }
                    return invoke(m, real, args);
                });
    }

    private static StoreTransaction failingTx(String action, AtomicBoolean armed, StoreTransaction tx) {
        return (StoreTransaction) Proxy.newProxyInstance(FaultsTest.class.getClassLoader(), new Class<?>[]{StoreTransaction.class},
                (proxy, m, args) -> {
                    if (armed.get() && m.getName().equals("appendLedger") && action.equals(args[1])) {
                        throw new StoreUnavailableException("cannot reach the test database (injected failure)");
                    }
                    return invoke(m, tx, args);
                });
    }

    private static Object invoke(java.lang.reflect.Method m, Object target, Object[] args) throws Throwable {
        try {
            return m.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
