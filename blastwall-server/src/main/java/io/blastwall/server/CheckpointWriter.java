package io.blastwall.server;

import io.blastwall.core.ledger.Checkpoint;
import io.blastwall.core.ledger.CheckpointKeys;
import io.blastwall.core.ledger.CheckpointSigner;
import io.blastwall.core.ledger.LedgerEntry;
import io.blastwall.core.store.ControlPlaneStore;
import io.blastwall.core.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Writes signed ledger checkpoints ({@link Checkpoint}) with the server's Ed25519 key: whenever the ledger has grown by
 * {@code every} entries since the last checkpoint, when it has grown at all and the last checkpoint is older than
 * {@code maxAge}, and once more at {@link #close()} (graceful shutdown, after requests have drained and before the
 * store closes). The ledger head is polled every {@code poll}; a checkpoint records an already committed entry, so it
 * never sits in a request's transaction and a failure to write one only logs a warning.
 *
 * <p>The key lives in the data directory ({@link CheckpointKeys#loadOrCreate}): {@value CheckpointKeys#KEY_FILE}
 * (0600) and the exported public key {@value CheckpointKeys#PUBLIC_FILE} for auditors
 * ({@code blastwall ledger verify --checkpoints checkpoint-key.pub}).
 *
 * <p>Thread-safe: checkpoints are written under one lock, by the poller or the closing thread.
 */
public final class CheckpointWriter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger("io.blastwall.server.checkpoints");

    /** Default number of ledger entries between checkpoints. */
    public static final int DEFAULT_EVERY = 100;

    private final ControlPlaneStore store;
    private final CheckpointSigner signer;
    private final Clock clock;
    private final int every;
    private final Duration maxAge;
    private final ScheduledExecutorService poller;
    private long lastSequence;
    private Instant lastTime;
    private boolean closed;

    private CheckpointWriter(ControlPlaneStore store, CheckpointSigner signer, Clock clock, int every, Duration maxAge) {
        this.store = store;
        this.signer = signer;
        this.clock = clock;
        this.every = every;
        this.maxAge = maxAge;
        Optional<Checkpoint> last = store.latestCheckpoint();
        this.lastSequence = last.map(Checkpoint::sequence).orElse(0L);
        this.lastTime = last.map(Checkpoint::time).orElse(Instant.EPOCH);
        this.poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "blastwall-checkpoints");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Loads (or creates) the key in {@code keyDir} and starts polling the ledger head every {@code poll}.
     *
     * @param every  ledger entries between checkpoints, ≥ 1
     * @param maxAge a checkpoint is also written when the ledger grew and the last one is older than this
     * @throws UncheckedIOException when the key cannot be read or created (the message names the file)
     */
    public static CheckpointWriter start(ControlPlaneStore store, Path keyDir, Clock clock, int every, Duration maxAge,
                                         Duration poll) {
        Objects.requireNonNull(store, "store");
        if (every < 1) throw new IllegalArgumentException("a checkpoint every " + every + " entries: expected ≥ 1");
        CheckpointSigner signer;
        try {
            signer = new CheckpointSigner(CheckpointKeys.loadOrCreate(keyDir));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot use the checkpoint key in " + keyDir + ": " + e.getMessage(), e);
        }
        CheckpointWriter w = new CheckpointWriter(store, signer, clock, every, maxAge);
        long ms = Math.max(1, poll.toMillis());
        w.poller.scheduleWithFixedDelay(w::poll, ms, ms, TimeUnit.MILLISECONDS);
        LOG.atInfo().addKeyValue("keyId", signer.keyId()).addKeyValue("every", every)
                .addKeyValue("publicKey", keyDir.resolve(CheckpointKeys.PUBLIC_FILE).toString())
                .log("ledger checkpoints enabled");
        return w;
    }

    /** The public half of the signing key (what {@code GET /api/v1/ledger/verify} checks this server's checkpoints with). */
    public java.security.PublicKey publicKey() {
        return signer.publicKey();
    }

    /** The signing key's id. */
    public String keyId() {
        return signer.keyId();
    }

    private void poll() {
        try {
            checkpoint(false);
        } catch (RuntimeException e) {
            // the store may be briefly unavailable; the next poll tries again
            LOG.atWarn().addKeyValue("error", e.getMessage()).log("could not write a ledger checkpoint");
        }
    }

    /**
     * Writes a checkpoint of the current head now if the ledger grew since the last one ({@code force}) or by the
     * policy above; returns it, or empty when none was due.
     */
    public synchronized Optional<Checkpoint> checkpoint(boolean force) {
        if (closed) return Optional.empty();
        Optional<LedgerEntry> head = store.ledgerHead();
        if (head.isEmpty() || head.get().sequence() <= lastSequence) return Optional.empty();
        Instant now = clock.instant();
        boolean due = force || head.get().sequence() - lastSequence >= every || !now.isBefore(lastTime.plus(maxAge));
        if (!due) return Optional.empty();
        Checkpoint c = signer.sign(head.get().sequence(), head.get().hash(), now);
        store.saveCheckpoint(c);
        lastSequence = c.sequence();
        lastTime = c.time();
        LOG.atDebug().addKeyValue("sequence", c.sequence()).log("ledger checkpoint written");
        return Optional.of(c);
    }

    /** Stops polling and writes a final checkpoint of the head if it moved. Idempotent; call before closing the store. */
    @Override
    public void close() {
        poller.shutdownNow();
        try {
            poller.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            checkpoint(true).ifPresent(c -> LOG.atInfo().addKeyValue("sequence", c.sequence())
                    .log("final ledger checkpoint written"));
        } catch (StoreException e) {
            LOG.atWarn().addKeyValue("error", e.getMessage()).log("could not write the final ledger checkpoint");
        } finally {
            synchronized (this) {
                closed = true;
            }
        }
    }
}
