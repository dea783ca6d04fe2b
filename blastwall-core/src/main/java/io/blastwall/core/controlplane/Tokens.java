package io.blastwall.core.controlplane;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * API token secrets: how they are generated and hashed. Only {@link #hash} of a secret is ever stored or compared;
 * the secret is shown once when created. Hash: lowercase hex SHA-256 of the secret's UTF-8 bytes.
 *
 * <p>Stateless and thread-safe.
 */
public final class Tokens {

    /** Every secret starts with this, so leaked tokens are easy to find by secret scanners. */
    public static final String PREFIX = "bw_";

    private static final SecureRandom RANDOM = new SecureRandom();

    private Tokens() {
    }

    /** A new secret: {@value #PREFIX} and 32 random bytes, base64url without padding. */
    public static String generate() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** Lowercase hex SHA-256 of the secret's UTF-8 bytes: what the store keeps. */
    public static String hash(String secret) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(md.digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by the Java platform", e);
        }
    }

    /** A random identifier with a prefix ({@code ch_…}), 16 lowercase base32 characters (80 bits). */
    public static String randomId(String prefix) {
        byte[] b = new byte[10];
        RANDOM.nextBytes(b);
        StringBuilder sb = new StringBuilder(prefix);
        String alphabet = "abcdefghijklmnopqrstuvwxyz234567";
        long bits = 0;
        int n = 0;
        for (byte x : b) {
            bits = (bits << 8) | (x & 0xff);
            n += 8;
            while (n >= 5) {
                n -= 5;
                sb.append(alphabet.charAt((int) ((bits >> n) & 31)));
            }
        }
        return sb.toString();
    }
}
