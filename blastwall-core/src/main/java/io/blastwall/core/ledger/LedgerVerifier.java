package io.blastwall.core.ledger;

import java.util.Objects;
import java.util.Optional;

/**
 * Verifies a ledger fed one entry at a time in sequence order, so a ledger of any size is checked in constant memory
 * (a database cursor, a JSON Lines file). The checks and their messages are those of {@link LedgerChain#verify},
 * which delegates here: numbering without gaps, each previous hash equal to the hash of the entry before, each hash
 * equal to the hash of the entry's own fields.
 *
 * <p>The first failure is kept; entries after it are ignored ({@link #accept} returns false), so a caller may stop
 * reading as soon as it sees false. Mutable and not thread-safe: one verifier per pass, used by one thread.
 */
public final class LedgerVerifier {

    private String previousHash;
    private long expected;
    private LedgerChain.Verification.Broken broken;

    /** A verifier for a whole ledger: the first entry is 1 and chains to {@link LedgerChain#GENESIS}. */
    public LedgerVerifier() {
        this(0, LedgerChain.GENESIS);
    }

    private LedgerVerifier(long lastSequence, String lastHash) {
        this.expected = lastSequence + 1;
        this.previousHash = lastHash;
    }

    /**
     * A verifier for the part of a ledger after entry {@code sequence}, whose hash is {@code hash} (trusted, e.g. a
     * recorded checkpoint): the first entry fed must be {@code sequence + 1} and chain to {@code hash}.
     */
    public static LedgerVerifier after(long sequence, String hash) {
        if (sequence < 0) throw new IllegalArgumentException("sequence must not be negative");
        Objects.requireNonNull(hash, "hash");
        return new LedgerVerifier(sequence, hash);
    }

    /**
     * Checks the next entry. Returns true while the ledger is intact up to and including this entry, false once it is
     * broken (at this entry or an earlier one); after the first false the entry is not examined.
     */
    public boolean accept(LedgerEntry e) {
        Objects.requireNonNull(e, "entry");
        if (broken != null) return false;
        if (e.sequence() != expected) {
            broken = new LedgerChain.Verification.Broken(expected, e.sequence() < expected
                    ? "entry " + e.sequence() + " appears again or out of order after entry " + (expected - 1)
                    : "entry " + expected + " is missing (next present is " + e.sequence() + ")");
            return false;
        }
        if (!e.previousHash().equals(previousHash)) {
            broken = new LedgerChain.Verification.Broken(e.sequence(), "its previous-hash does not match entry "
                    + (expected - 1) + ": an entry before it was altered, deleted or inserted");
            return false;
        }
        String h = LedgerChain.hash(e.sequence(), e.time(), e.actor(), e.action(), e.changeId(), e.payload(),
                e.previousHash());
        if (!h.equals(e.hash())) {
            broken = new LedgerChain.Verification.Broken(e.sequence(),
                    "its content does not match its hash: the entry was altered");
            return false;
        }
        previousHash = e.hash();
        expected++;
        return true;
    }

    /**
     * Records that the next entry could not be read at all (a stored row that no longer parses): the ledger is broken
     * there, with {@code reason}. Ignored when it is already broken.
     */
    public void unreadable(String reason) {
        Objects.requireNonNull(reason, "reason");
        if (broken == null) broken = new LedgerChain.Verification.Broken(expected, reason);
    }

    /** True while no entry fed so far broke the chain. */
    public boolean intact() {
        return broken == null;
    }

    /** The first break, if any. */
    public Optional<LedgerChain.Verification.Broken> broken() {
        return Optional.ofNullable(broken);
    }

    /** The sequence number of the last entry verified, 0 (or the starting sequence) when none was. */
    public long lastVerified() {
        return expected - 1;
    }

    /** The hash of the last entry verified ({@link LedgerChain#GENESIS}, or the starting hash, when none was). */
    public String headHash() {
        return previousHash;
    }

    /**
     * The outcome so far: {@link LedgerChain.Verification.Intact} with the number of the last verified entry and its
     * hash, or the first {@link LedgerChain.Verification.Broken}.
     */
    public LedgerChain.Verification result() {
        return broken != null ? broken : new LedgerChain.Verification.Intact(expected - 1, previousHash);
    }
}
