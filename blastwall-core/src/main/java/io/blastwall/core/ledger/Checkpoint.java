package io.blastwall.core.ledger;

import io.blastwall.core.canonical.CanonicalJson;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A signed statement that the ledger's entry {@code sequence} had hash {@code headHash} at {@code time}: the server
 * signs one every so many entries and at shutdown ({@link CheckpointSigner}). An auditor holding the server's public
 * key can later show that the stored chain still contains every checkpointed entry unchanged
 * ({@link CheckpointAudit}), which detects entries cut off the end of the ledger or a history rewritten and re-hashed
 * from some point on — both of which leave a chain that verifies on its own.
 *
 * <p>The signature is Ed25519 over the UTF-8 bytes of {@link #signedText()}: the canonical JSON
 * ({@link CanonicalJson}) of {@code {sequence, headHash, time (RFC 3339, milliseconds), keyId}}.
 *
 * @param sequence  the checkpointed ledger entry, ≥ 1
 * @param headHash  that entry's hash (64 hex digits)
 * @param time      when the checkpoint was signed, truncated to milliseconds
 * @param keyId     the signing key: the first 16 hex digits of SHA-256 over its X.509 encoding ({@link CheckpointKeys#keyId})
 * @param signature the Ed25519 signature, base64
 *
 * <p>Immutable.
 */
public record Checkpoint(long sequence, String headHash, Instant time, String keyId, String signature) {

    public Checkpoint {
        if (sequence < 1) throw new IllegalArgumentException("a checkpoint names an entry, sequence ≥ 1");
        Objects.requireNonNull(headHash, "headHash");
        time = Objects.requireNonNull(time, "time").truncatedTo(ChronoUnit.MILLIS);
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(signature, "signature");
    }

    /** The signed fields as a tree: {@code sequence, headHash, time, keyId}. */
    public static Map<String, Object> signedFields(long sequence, String headHash, Instant time, String keyId) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sequence", sequence);
        m.put("headHash", headHash);
        m.put("time", time.truncatedTo(ChronoUnit.MILLIS).toString());
        m.put("keyId", keyId);
        return m;
    }

    /** The canonical JSON text the signature covers. */
    public String signedText() {
        return CanonicalJson.write(signedFields(sequence, headHash, time, keyId));
    }

    /** The bytes the signature covers: {@link #signedText()} in UTF-8. */
    public byte[] signedBytes() {
        return signedText().getBytes(StandardCharsets.UTF_8);
    }

    /** A short description for messages: {@code entry 300 (signed 2026-… by key 0123abcd…)}. */
    public String describe() {
        return "entry " + sequence + " (signed " + time + " by key " + keyId + ")";
    }
}
