package io.blastwall.core.controlplane;

import io.blastwall.core.store.TokenHash;

import java.security.SecureRandom;

/**
 * API token secrets for the control plane, generated and hashed as {@link TokenHash} defines (only the hash is ever
 * stored or compared; the secret is shown once), and random identifiers for changes and tokens.
 *
 * <p>Stateless and thread-safe.
 */
public final class Tokens {

    private static final SecureRandom RANDOM = new SecureRandom();

    private Tokens() {
    }

    /** A new secret as {@link TokenHash} defines it (the one definition shared with {@code blastwall token}). */
    public static String generate() {
        return TokenHash.newToken(RANDOM);
    }

    /** What the store keeps of a secret: {@link TokenHash#of}. */
    public static String hash(String secret) {
        return TokenHash.of(secret);
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
