package io.blastwall.core.store;

import io.blastwall.core.ledger.Checkpoint;
import io.blastwall.core.ledger.LedgerChain;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Durable state of the control plane: changes, revisions, approvals, principals, tokens and the hash-chained ledger.
 * Writes happen only inside {@link #inTransaction}; reads are also available directly (each sees committed data).
 *
 * <p>Implementations are thread-safe, and several instances (several server replicas) may share one database: write
 * transactions are serialised by a database lock, and compare-and-set operations detect decisions taken on stale
 * reads. Every method may throw {@link StoreUnavailableException} when the database cannot be used.
 */
public interface ControlPlaneStore extends StoreReader, AutoCloseable {

    /**
     * Runs {@code work} in one database transaction and commits it, or rolls everything back when {@code work} (or
     * any operation in it) throws; the exception is rethrown unchanged. Do not nest; do not keep the transaction.
     * The work may be slow only as long as other writers may wait: keep it to database operations.
     */
    <T> T inTransaction(Function<StoreTransaction, T> work);

    /**
     * Verifies the whole stored ledger (the chain only; {@link LedgerAudit#run} also checks checkpoints and a recorded
     * head): intact, or the first entry altered, deleted, inserted or no longer readable. Streams the entries, so a
     * ledger of any size is verified in constant memory.
     */
    default LedgerChain.Verification verifyLedger() {
        return LedgerAudit.run(this, null, List.of()).chain();
    }

    /**
     * Stores a signed ledger checkpoint on its own (not in a caller's transaction: it records what is already
     * committed). Storing the same entry's checkpoint with the same key again keeps the first one.
     */
    void saveCheckpoint(Checkpoint checkpoint);

    /** Every stored checkpoint, by sequence then key id. */
    List<Checkpoint> checkpoints();

    /** The checkpoint with the highest sequence (any key), if any. */
    default Optional<Checkpoint> latestCheckpoint() {
        List<Checkpoint> all = checkpoints();
        return all.isEmpty() ? Optional.empty() : Optional.of(all.getLast());
    }

    /** Where the data lives, for logs and health output, without credentials ({@code sqlite:/var/lib/…}). */
    String describe();

    /** Releases connections. Afterwards every call throws {@link StoreUnavailableException}. Idempotent. */
    @Override
    void close();
}
