package io.blastwall.core.ledger;

import io.blastwall.core.canonical.CanonicalJson;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The hash chain over ledger entries. Each entry's hash is SHA-256 over the canonical JSON
 * ({@link CanonicalJson}) of {@code {sequence, time (RFC 3339, milliseconds), actor, action, changeId, payload,
 * previousHash}}; the first entry's previous hash is {@link #GENESIS}. Altering, deleting, inserting or reordering
 * any row breaks the chain at that row, which {@link #verify} reports.
 *
 * <p>Stateless and thread-safe.
 */
public final class LedgerChain {

    /** The previous hash of the first entry: 64 zeros. */
    public static final String GENESIS = "0".repeat(64);

    private LedgerChain() {
    }

    /** The hash an entry with these fields must carry. */
    public static String hash(long sequence, Instant time, String actor, String action, String changeId,
                              Map<String, Object> payload, String previousHash) {
        Map<String, Object> canonical = new LinkedHashMap<>();
        canonical.put("sequence", sequence);
        canonical.put("time", time.truncatedTo(ChronoUnit.MILLIS).toString());
        canonical.put("actor", actor);
        canonical.put("action", action);
        canonical.put("changeId", changeId == null ? "" : changeId);
        canonical.put("payload", payload == null ? Map.of() : payload);
        canonical.put("previousHash", previousHash);
        return CanonicalJson.sha256(canonical);
    }

    /** Builds the next entry after {@code previous} (empty for the first), computing its hash. */
    public static LedgerEntry next(Optional<LedgerEntry> previous, Instant time, String actor, String action,
                                   String changeId, Map<String, Object> payload) {
        long seq = previous.map(p -> p.sequence() + 1).orElse(1L);
        String prev = previous.map(LedgerEntry::hash).orElse(GENESIS);
        Instant t = time.truncatedTo(ChronoUnit.MILLIS);
        return new LedgerEntry(seq, t, actor, action, changeId, payload, prev, hash(seq, t, actor, action, changeId, payload, prev));
    }

    /** The outcome of verifying a ledger: intact, or the first entry where it breaks and why. */
    public sealed interface Verification {
        record Intact(long entries, String headHash) implements Verification { }

        record Broken(long sequence, String reason) implements Verification { }
    }

    /**
     * Verifies entries in sequence order: numbering without gaps from 1, each previous hash, each hash. For a ledger
     * too large to hold as a list, feed the entries to a {@link LedgerVerifier} instead (this method does just that).
     */
    public static Verification verify(List<LedgerEntry> entries) {
        LedgerVerifier v = new LedgerVerifier();
        for (LedgerEntry e : entries) {
            if (!v.accept(e)) break;
        }
        return v.result();
    }
}
