package io.blastwall.core.canonical;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256, which every Java platform provides, without a checked exception at each use. Stateless.
 */
public final class Sha256 {

    private Sha256() {
    }

    /** A fresh digest (not thread-safe; one per computation). */
    public static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by the Java platform", e);
        }
    }

    /** Lower-case hex SHA-256 of {@code bytes}. */
    public static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(newDigest().digest(bytes));
    }

    /**
     * Feeds one part of a sequence as {@code LENGTH:BYTES} (the length in ASCII decimal), so that no two different
     * sequences of parts feed the same bytes by concatenation.
     */
    public static void addPart(MessageDigest md, byte[] part) {
        md.update(Long.toString(part.length).getBytes(StandardCharsets.US_ASCII));
        md.update((byte) ':');
        md.update(part);
    }
}
