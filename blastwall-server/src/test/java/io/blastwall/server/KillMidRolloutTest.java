package io.blastwall.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.blastwall.core.ledger.LedgerChain;
import io.blastwall.core.ledger.LedgerEntry;
import io.blastwall.store.JdbcControlPlaneStore;
import io.blastwall.store.StoreConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * kill -9 of a server process in the middle of a rollout wave — after the executor changed the "estate" and before the
 * engine recorded it — then a restart on the same data directory: the new process takes the rollout over once the
 * dead one's lease expires, replays the started step, and finishes; no idempotency key is applied twice.
 */
class KillMidRolloutTest {

    @TempDir
    Path dir;

    @Test
    void afterKillMinus9MidWaveTheRestartedServerFinishesWithoutApplyingAWaveTwice() throws Exception {
        StoreConfig cfg = StoreConfig.sqlite(dir.resolve("blastwall.db"));
        Map<String, String> tokens;
        try (JdbcControlPlaneStore store = JdbcControlPlaneStore.open(cfg)) {
            tokens = TestEnv.seedPrincipals(store);
        }
        Path applied = dir.resolve("applied-keys");

        Process first = start(applied);
        Http http = new Http("http://127.0.0.1:" + awaitPort(first));
        JsonNode c = http.post("/api/v1/changes", tokens.get("alice"),
                Http.submission("change.yaml", TestEnv.changeFile("rolled out and killed", Map.of()))).json();
        assertThat(c.get("state").asText()).isEqualTo("approved");
        Http.Res started = http.post("/api/v1/rollouts", tokens.get("alice"), Map.of("changeId", c.get("id").asText()));
        assertThat(started.status()).as(started.body()).isEqualTo(201);
        String id = started.json().get("id").asText();
        int waves = started.json().get("waves").size();
        assertThat(waves).isGreaterThanOrEqualTo(3);

        // kill as soon as wave 2 changed the estate: its outcome is not recorded yet (the executor takes 400 ms more)
        for (int i = 0; i < 6000 && lines(applied).size() < 2; i++) Thread.sleep(5);
        first.destroyForcibly();
        assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(lines(applied)).hasSize(2);

        Process second = start(applied);
        try {
            Http again = new Http("http://127.0.0.1:" + awaitPort(second));
            JsonNode r = null;
            for (int i = 0; i < 600; i++) {
                r = again.get("/api/v1/rollouts/" + id, tokens.get("alice")).json();
                if (List.of("completed", "halted", "rolled-back", "aborted").contains(r.get("state").asText())) break;
                Thread.sleep(100);
            }
            assertThat(r.get("state").asText()).as(r.toString()).isEqualTo("completed");
        } finally {
            second.destroy();
            assertThat(second.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }

        List<String> keys = lines(applied);
        assertThat(keys).doesNotHaveDuplicates().hasSize(waves);
        try (JdbcControlPlaneStore store = JdbcControlPlaneStore.open(cfg)) {
            assertThat(store.verifyLedger()).isInstanceOf(LedgerChain.Verification.Intact.class);
            List<LedgerEntry> applying = store.ledgerOfChange(c.get("id").asText()).stream()
                    .filter(e -> e.action().equals("rollout.wave.applying")).toList();
            // each wave's apply step was started once: the one interrupted by the kill was replayed, not started again
            assertThat(new HashSet<>(applying.stream().map(e -> e.payload().get("idempotencyKey")).toList()))
                    .hasSize(applying.size()).hasSize(waves);
            assertThat(store.findChange(c.get("id").asText()).orElseThrow().state().externalName()).isEqualTo("completed");
        }
    }

    private static List<String> lines(Path f) throws Exception {
        return Files.exists(f) ? new ArrayList<>(Files.readAllLines(f).stream().filter(s -> !s.isBlank()).toList()) : List.of();
    }

    private Process start(Path applied) throws Exception {
        Path portFile = dir.resolve("port");
        Files.deleteIfExists(portFile);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path")));
        if (System.getProperty("blastwall.root") != null) cmd.add("-Dblastwall.root=" + System.getProperty("blastwall.root"));
        cmd.addAll(List.of(RolloutServerProcess.class.getName(), dir.toString(), portFile.toString(), applied.toString()));
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
}
