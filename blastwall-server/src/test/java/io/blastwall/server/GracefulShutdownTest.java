package io.blastwall.server;

import io.blastwall.core.ledger.Checkpoint;
import io.blastwall.core.ledger.CheckpointKeys;
import io.blastwall.core.ledger.CheckpointSigner;
import io.blastwall.core.ledger.LedgerEntry;
import io.blastwall.core.store.ControlPlaneStore;
import io.blastwall.core.store.StoreUnavailableException;
import io.blastwall.store.JdbcControlPlaneStore;
import io.blastwall.store.StoreConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A graceful stop with a request in flight: it completes, new requests are refused with 503, the final ledger
 * checkpoint is signed after the last request, and then the store is closed.
 */
class GracefulShutdownTest {

    @TempDir
    Path dir;

    @Test
    void inFlightRequestCompletesNewOnesAreRefusedAFinalCheckpointIsWrittenAndTheStoreCloses() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean armed = new AtomicBoolean();
        StoreConfig cfg = StoreConfig.sqlite(dir.resolve("blastwall.db"));
        TestEnv env = TestEnv.start(cfg, null, ServerSettings.loopback(0), real -> slowWrites(real, armed, entered, release));
        ControlPlaneStore real = env.store;
        // no checkpoint is due before the stop: the one we find afterwards is the shutdown's
        CheckpointWriter writer = CheckpointWriter.start(real, dir, Clock.systemUTC(), 1_000_000, Duration.ofDays(1),
                Duration.ofSeconds(30));
        env.server.beforeStoreClose(writer::close);
        try {
            armed.set(true);
            CompletableFuture<Http.Res> slow = CompletableFuture.supplyAsync(() -> env.http.post("/api/v1/changes",
                    env.token("alice"), Http.submission("change.yaml", TestEnv.changeFile("slow", Map.of()))));
            assertThat(entered.await(30, TimeUnit.SECONDS)).as("the submission reached the store").isTrue();

            CompletableFuture<Void> stopping = CompletableFuture.runAsync(env.server::stop);
            Http.Res refused = env.http.get("/healthz", null);
            for (int i = 0; i < 2000 && refused.status() != 503; i++) {
                Thread.sleep(5);
                refused = env.http.get("/healthz", null);
            }
            assertThat(refused.status()).as(refused.body()).isEqualTo(503);
            assertThat(refused.json().get("type").asText()).endsWith("/shutting-down");
            Http.Res newWork = env.http.post("/api/v1/changes", env.token("alice"),
                    Http.submission("change.yaml", TestEnv.changeFile("late", Map.of())));
            assertThat(newWork.status()).isEqualTo(503);
            assertThat(stopping).isNotDone();

            release.countDown();
            Http.Res done = slow.get(30, TimeUnit.SECONDS);
            assertThat(done.status()).as(done.body()).isEqualTo(201);
            stopping.get(30, TimeUnit.SECONDS);
        } finally {
            release.countDown();
            env.close();
        }

        assertThatThrownBy(() -> env.store.ledgerHead()).isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining("closed");
        try (JdbcControlPlaneStore reopened = JdbcControlPlaneStore.open(cfg)) {
            assertThat(reopened.listChanges(io.blastwall.core.store.ChangeQuery.all())).hasSize(1);
            LedgerEntry head = reopened.ledgerHead().orElseThrow();
            List<Checkpoint> cps = reopened.checkpoints();
            assertThat(cps).hasSize(1);
            assertThat(cps.getFirst().sequence()).as("the final checkpoint covers the in-flight request's entries")
                    .isEqualTo(head.sequence());
            assertThat(cps.getFirst().headHash()).isEqualTo(head.hash());
            assertThat(CheckpointSigner.verifies(cps.getFirst(),
                    CheckpointKeys.readPublicKey(dir.resolve(CheckpointKeys.PUBLIC_FILE)))).isTrue();
        }
    }

    /** Delays write transactions, once armed, until {@code release}; signals {@code entered} first. */
    private static ControlPlaneStore slowWrites(ControlPlaneStore real, AtomicBoolean armed, CountDownLatch entered,
                                                CountDownLatch release) {
        return (ControlPlaneStore) Proxy.newProxyInstance(GracefulShutdownTest.class.getClassLoader(),
                new Class<?>[]{ControlPlaneStore.class}, (proxy, m, args) -> {
                    if (m.getName().equals("inTransaction") && armed.get()) {
                        entered.countDown();
                        release.await();
                    }
                    try {
                        return m.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
