package io.blastwall.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.blastwall.core.change.Provenance.AuthorKind;
import io.blastwall.core.controlplane.Tokens;
import io.blastwall.core.ledger.CheckpointAudit;
import io.blastwall.core.ledger.CheckpointKeys;
import io.blastwall.core.ledger.LedgerChain;
import io.blastwall.core.ledger.LedgerEntry;
import io.blastwall.core.ledger.LedgerVerifier;
import io.blastwall.core.store.ApiToken;
import io.blastwall.core.store.ChangeQuery;
import io.blastwall.core.store.Principal;
import io.blastwall.core.store.StoredChange;
import io.blastwall.store.JdbcControlPlaneStore;
import io.blastwall.store.StoreConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * kill -9 of a whole server process while agents and reviewers drive changes through their lifecycle over HTTP: after
 * a restart on the same data directory, every change's stored state is the one its last ledger transition names, the
 * ledger verifies, and the signed checkpoints written before the kill still hold.
 */
class KillDuringTransitionsTest {

    @TempDir
    Path dir;

    @Test
    void afterKillMinus9AndRestartStateAndLedgerAgreeAndTheLedgerVerifies() throws Exception {
        StoreConfig cfg = StoreConfig.sqlite(dir.resolve("blastwall.db"));
        Map<String, String> tokens = seed(cfg);

        Process first = start();
        Http http = new Http("http://127.0.0.1:" + awaitPort(first));
        AtomicInteger approved = new AtomicInteger();
        List<Thread> drivers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            int n = i;
            drivers.add(Thread.ofPlatform().start(() -> drive(http, tokens, n, approved)));
        }
        // kill once a few changes went all the way through, while the drivers are in the middle of others
        for (int i = 0; i < 6000 && approved.get() < 4; i++) Thread.sleep(5);
        first.destroyForcibly();
        assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
        for (Thread t : drivers) t.join(30_000);
        assertThat(approved.get()).as("changes were approved before the kill").isGreaterThanOrEqualTo(4);

        Process second = start();
        try {
            Http again = new Http("http://127.0.0.1:" + awaitPort(second));
            Http.Res after = again.post("/api/v1/changes", tokens.get("alice"),
                    Http.submission("change.yaml", TestEnv.changeFile("after restart", Map.of())));
            assertThat(after.status()).as(after.body()).isEqualTo(201);
            Http.Res verify = again.get("/api/v1/ledger/verify", tokens.get("alice"));
            assertThat(verify.status()).as(verify.body()).isEqualTo(200);
        } finally {
            second.destroy();   // SIGTERM: graceful, writes a final checkpoint
            assertThat(second.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }

        try (JdbcControlPlaneStore store = JdbcControlPlaneStore.open(cfg)) {
            List<StoredChange> changes = store.listChanges(ChangeQuery.all().page(1000, 0));
            assertThat(changes).hasSizeGreaterThan(4);
            for (StoredChange c : changes) {
                String last = null;
                for (LedgerEntry e : store.ledgerOfChange(c.id())) {
                    if (e.payload().get("to") instanceof String to) last = to;
                }
                assertThat(last).as("the last transition in the ledger of " + c.id()).isEqualTo(c.state().externalName());
            }
            assertThat(store.verifyLedger()).isInstanceOf(LedgerChain.Verification.Intact.class);

            CheckpointAudit audit = new CheckpointAudit(store.checkpoints(),
                    List.of(CheckpointKeys.readPublicKey(dir.resolve(CheckpointKeys.PUBLIC_FILE))));
            LedgerVerifier v = new LedgerVerifier();
            store.forEachLedgerEntry(e -> {
                v.accept(e);
                audit.accept(e);
            });
            assertThat(audit.finish(v.lastVerified(), true)).isInstanceOfSatisfying(CheckpointAudit.Result.Holds.class,
                    h -> assertThat(h.latest().sequence()).as("final checkpoint at the head").isEqualTo(v.lastVerified()));
        }
    }

    /** One driver: submit a change needing two seniors, approve it twice; every third one is withdrawn instead. */
    private static void drive(Http http, Map<String, String> tokens, int driver, AtomicInteger approved) {
        try {
            for (int i = 0; ; i++) {
                Http.Res sub = http.post("/api/v1/changes", tokens.get("alice"), Http.submission("change.yaml",
                        TestEnv.changeFile("d" + driver + "-" + i, Map.of("approvals", "two"))));
                if (sub.status() != 201) return;
                JsonNode change = sub.json();
                String base = "/api/v1/changes/" + change.get("id").asText();
                if (i % 3 == 2) {
                    if (http.post(base + "/withdraw", tokens.get("alice"), Map.of("reason", "not needed")).status() != 200) return;
                    continue;
                }
                if (http.post(base + "/approvals", tokens.get("dave"), Http.decision(change, "ok")).status() != 200) return;
                if (http.post(base + "/approvals", tokens.get("frank"), Http.decision(change, "ok")).status() != 200) return;
                approved.incrementAndGet();
            }
        } catch (RuntimeException connectionLost) {
            // the server was killed under us
        }
    }

    private Process start() throws Exception {
        Path portFile = dir.resolve("port");
        Files.deleteIfExists(portFile);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path")));
        if (System.getProperty("blastwall.root") != null) cmd.add("-Dblastwall.root=" + System.getProperty("blastwall.root"));
        cmd.addAll(List.of(ServerProcess.class.getName(), dir.toString(), portFile.toString()));
        return new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }

    private int awaitPort(Process p) throws Exception {
        Path portFile = dir.resolve("port");
        for (int i = 0; i < 6000 && !Files.exists(portFile); i++) {
            if (!p.isAlive()) throw new AssertionError("the server process exited with " + p.exitValue());
            Thread.sleep(10);
        }
        return Integer.parseInt(Files.readString(portFile).strip());
    }

    private static Map<String, String> seed(StoreConfig cfg) {
        Map<String, String> tokens = new HashMap<>();
        Instant now = Instant.now();
        try (JdbcControlPlaneStore store = JdbcControlPlaneStore.open(cfg)) {
            store.inTransaction(tx -> {
                for (Principal p : List.of(human("alice", "engineer"), human("dave", "senior"), human("frank", "senior"))) {
                    tx.createPrincipal(p);
                    String secret = Tokens.generate();
                    tx.createToken(new ApiToken(Tokens.randomId("tk_"), p.id(), "test", Tokens.hash(secret), now, null, null, null));
                    tokens.put(p.id(), secret);
                }
                return null;
            });
        }
        return tokens;
    }

    private static Principal human(String id, String role) {
        return new Principal(id, AuthorKind.HUMAN, id, List.of(role), "", "", false, Instant.now());
    }
}
