package io.blastwall.core.ledger;

import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Checks stored {@link Checkpoint}s against trusted public keys and against the ledger, fed one entry at a time in
 * sequence order (alongside a {@link LedgerVerifier}, in the same pass).
 *
 * <p>Each checkpoint must be signed by one of the given keys (its key id names which), its signature must cover its
 * fields unchanged, and the ledger must still hold entry {@code sequence} with hash {@code headHash}. A checkpoint
 * beyond the end of the ledger means entries were cut off the end; one whose entry now has another hash means the
 * history was rewritten (and re-hashed, or the chain check would have caught it). No checkpoint at all is also a
 * failure: the caller asked to check checkpoints, and deleting them all is the simplest way to hide a truncation.
 *
 * <p>The first failing checkpoint in sequence order is reported. Mutable and not thread-safe: one audit per pass.
 */
public final class CheckpointAudit {

    /** The outcome: every checkpoint holds, or the first one that does not and why. */
    public sealed interface Result {
        /** All {@code checked} checkpoints hold; {@code latest} is the one with the highest sequence. */
        record Holds(int checked, Checkpoint latest) implements Result { }

        /** {@code checkpoint} fails; {@code reason} says how, for a person. {@code checkpoint} is null when none exists. */
        record Fails(Checkpoint checkpoint, String reason) implements Result { }
    }

    private final List<Checkpoint> pending;
    private final Map<String, PublicKey> keys = new LinkedHashMap<>();
    private int next;
    private int checked;
    private Result.Fails failure;

    /** An audit of {@code checkpoints} (any order) with the trusted {@code keys} (at least one). */
    public CheckpointAudit(List<Checkpoint> checkpoints, List<PublicKey> keys) {
        Objects.requireNonNull(checkpoints, "checkpoints");
        if (keys.isEmpty()) throw new IllegalArgumentException("at least one public key is needed");
        for (PublicKey k : keys) this.keys.put(CheckpointKeys.keyId(k), k);
        this.pending = new ArrayList<>(checkpoints);
        this.pending.sort(Comparator.comparingLong(Checkpoint::sequence).thenComparing(Checkpoint::keyId));
        // signatures first, in sequence order: a forged checkpoint is reported as such, not as a missing entry
        for (Checkpoint c : pending) {
            PublicKey k = this.keys.get(c.keyId());
            if (k == null) {
                fail(c, "it names key " + c.keyId() + ", which is not among the given public keys ("
                        + String.join(", ", this.keys.keySet()) + "): the row was altered, or it was signed by another server "
                        + "(give that server's public key too)");
                break;
            }
            if (!CheckpointSigner.verifies(c, k)) {
                fail(c, "its signature does not match its fields: the checkpoint row was altered or forged");
                break;
            }
        }
    }

    private void fail(Checkpoint c, String reason) {
        if (failure == null) failure = new Result.Fails(c, reason);
    }

    /** Feeds the next ledger entry (in sequence order, already checked by the chain verifier). */
    public void accept(LedgerEntry e) {
        if (failure != null) return;
        while (next < pending.size() && pending.get(next).sequence() <= e.sequence()) {
            Checkpoint c = pending.get(next++);
            if (c.sequence() < e.sequence()) {
                fail(c, "the ledger has no entry " + c.sequence() + " any more: entries were deleted");
                return;
            }
            if (!c.headHash().equals(e.hash())) {
                fail(c, "entry " + c.sequence() + " now has hash " + e.hash() + " but the checkpoint recorded " + c.headHash()
                        + ": the history up to that entry was rewritten");
                return;
            }
            checked++;
        }
    }

    /**
     * The outcome once the whole ledger was fed. When {@code complete} is false (the chain broke and reading stopped at
     * {@code lastSequence}), checkpoints beyond it are not judged: the chain's own break is the finding.
     */
    public Result finish(long lastSequence, boolean complete) {
        if (failure != null) return failure;
        if (pending.isEmpty()) {
            return new Result.Fails(null, "no checkpoint is stored: the server never wrote one (it writes one every so "
                    + "many entries and at shutdown), or they were deleted");
        }
        if (next < pending.size() && complete) {
            Checkpoint c = pending.get(next);
            return new Result.Fails(c, "the ledger ends at entry " + lastSequence + " but this checkpoint vouches for entry "
                    + c.sequence() + ": entries were cut off the end of the ledger");
        }
        Checkpoint latest = next == 0 ? pending.getLast() : pending.get(next - 1);
        return new Result.Holds(checked, latest);
    }

    /** The first failure found so far (signature failures are known before any entry is fed). */
    public Optional<Result.Fails> failure() {
        return Optional.ofNullable(failure);
    }
}
