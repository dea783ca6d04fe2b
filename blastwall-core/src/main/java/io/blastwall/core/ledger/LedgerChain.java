package io.blastwall.core.ledger;

import io.blastwall.core.canonical.CanonicalJson;
import io.blastwall.core.canonical.Sha256;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
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
        return hash(sequence, time, actor, action, changeId, LedgerPayload.of(payload), previousHash);
    }

    /**
     * The same hash from a payload whose canonical text is already rendered. The canonical form's members in key
     * order are {@code action, actor, changeId, payload, previousHash, sequence, time}; the small members are rendered
     * here and the payload's text is digested as given, so the result equals SHA-256 over
     * {@code CanonicalJson.write} of the whole map (LedgerChainTest checks it), and costs one pass over the payload's
     * bytes whatever its size.
     */
    public static String hash(long sequence, Instant time, String actor, String action, String changeId,
                              LedgerPayload payload, String previousHash) {
        Map<String, Object> head = new LinkedHashMap<>();
        head.put("action", action);
        head.put("actor", actor);
        head.put("changeId", changeId == null ? "" : changeId);
        String before = CanonicalJson.write(head);
        Map<String, Object> tail = new LinkedHashMap<>();
        tail.put("previousHash", previousHash);
        tail.put("sequence", sequence);
        tail.put("time", time.truncatedTo(ChronoUnit.MILLIS).toString());
        String after = CanonicalJson.write(tail);
        // {"action":…,"actor":…,"changeId":…  +  ,"payload":<text>,  +  "previousHash":…,"sequence":N,"time":"…"}
        MessageDigest md = Sha256.newDigest();
        md.update(before.substring(0, before.length() - 1).getBytes(StandardCharsets.UTF_8));
        md.update(",\"payload\":".getBytes(StandardCharsets.UTF_8));
        md.update(payload.utf8());
        md.update(("," + after.substring(1)).getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(md.digest());
    }

    /** Builds the next entry after {@code previous} (empty for the first), computing its hash. */
    public static LedgerEntry next(Optional<LedgerEntry> previous, Instant time, String actor, String action,
                                   String changeId, Map<String, Object> payload) {
        return next(previous.map(LedgerEntry::sequence).orElse(0L), previous.map(LedgerEntry::hash).orElse(GENESIS),
                time, actor, action, changeId, LedgerPayload.of(payload));
    }

    /**
     * Builds the entry after the one numbered {@code headSequence} (0 when the ledger is empty) whose hash is
     * {@code headHash} ({@link #GENESIS} when empty), computing its hash: the chain step a store runs under its write
     * lock, with the payload rendered beforehand.
     */
    public static LedgerEntry next(long headSequence, String headHash, Instant time, String actor, String action,
                                   String changeId, LedgerPayload payload) {
        long seq = headSequence + 1;
        Instant t = time.truncatedTo(ChronoUnit.MILLIS);
        return new LedgerEntry(seq, t, actor, action, changeId, payload.value(), headHash,
                hash(seq, t, actor, action, changeId, payload, headHash));
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
