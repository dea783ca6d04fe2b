package io.blastwall.core.ledger;

import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;

/**
 * Signs {@link Checkpoint}s with one Ed25519 key pair, and checks them with a public key.
 *
 * <p>Immutable and thread-safe (a fresh {@link Signature} per call).
 */
public final class CheckpointSigner {

    private final KeyPair pair;
    private final String keyId;

    public CheckpointSigner(KeyPair pair) {
        this.pair = Objects.requireNonNull(pair, "pair");
        if (!CheckpointKeys.ALGORITHM.equalsIgnoreCase(pair.getPublic().getAlgorithm())
                && !"EdDSA".equalsIgnoreCase(pair.getPublic().getAlgorithm())) {
            throw new IllegalArgumentException("checkpoints are signed with Ed25519, not " + pair.getPublic().getAlgorithm());
        }
        this.keyId = CheckpointKeys.keyId(pair.getPublic());
    }

    /** The id of the signing key ({@link CheckpointKeys#keyId}). */
    public String keyId() {
        return keyId;
    }

    public PublicKey publicKey() {
        return pair.getPublic();
    }

    /** A checkpoint of entry {@code sequence} with hash {@code headHash}, signed now ({@code time}). */
    public Checkpoint sign(long sequence, String headHash, Instant time) {
        Checkpoint unsigned = new Checkpoint(sequence, headHash, time, keyId, "");
        try {
            Signature s = Signature.getInstance(CheckpointKeys.ALGORITHM);
            s.initSign(pair.getPrivate());
            s.update(unsigned.signedBytes());
            return new Checkpoint(sequence, headHash, time, keyId, Base64.getEncoder().encodeToString(s.sign()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign with the checkpoint key: " + e.getMessage(), e);
        }
    }

    /**
     * True when {@code c}'s signature is valid for its fields under {@code key} and its key id is that key's. False for
     * any mismatch, including a signature that is not base64 or not 64 bytes.
     */
    public static boolean verifies(Checkpoint c, PublicKey key) {
        if (!CheckpointKeys.keyId(key).equals(c.keyId())) return false;
        byte[] sig;
        try {
            sig = Base64.getDecoder().decode(c.signature());
        } catch (IllegalArgumentException e) {
            return false;
        }
        try {
            Signature s = Signature.getInstance(CheckpointKeys.ALGORITHM);
            s.initVerify(key);
            s.update(c.signedBytes());
            return s.verify(sig);
        } catch (InvalidKeyException e) {
            return false;
        } catch (java.security.SignatureException e) {
            return false;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 is part of the Java platform", e);
        }
    }
}
