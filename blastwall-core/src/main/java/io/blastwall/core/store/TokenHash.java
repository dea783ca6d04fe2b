package io.blastwall.core.store;

import io.blastwall.core.canonical.Sha256;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;

/**
 * The one definition of API token secrets and of how they are stored, shared by the CLI that creates tokens and the
 * server that looks them up: a token is {@value #PREFIX} followed by 32 random bytes from {@link SecureRandom} in
 * unpadded base64url (43 characters); only {@link #of its hash} is stored — SHA-256 over the token's UTF-8 bytes, as
 * 64 lower-case hex digits ({@link ApiToken#tokenHash()}, found with {@link StoreReader#findTokenByHash}).
 *
 * <p>A plain hash (no salt, no slow KDF) is enough because the secret is 256 random bits: it cannot be guessed, and a
 * lookup by hash must be one indexed query per request. Stateless and thread-safe.
 */
public final class TokenHash {

    /** Every token starts with this, so secret scanners and people recognise one. */
    public static final String PREFIX = "bw_";

    /** Random bytes in a token. */
    public static final int RANDOM_BYTES = 32;

    /** Length of a token: the prefix and 43 base64url characters. */
    public static final int TOKEN_LENGTH = PREFIX.length() + 43;

    private TokenHash() {
    }

    /** A new token secret drawn from {@code random}. Show it once; store only {@link #of}. */
    public static String newToken(SecureRandom random) {
        Objects.requireNonNull(random, "random");
        byte[] bytes = new byte[RANDOM_BYTES];
        random.nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The stored form of {@code token}: lower-case hex SHA-256 of its UTF-8 bytes. */
    public static String of(String token) {
        Objects.requireNonNull(token, "token");
        return Sha256.hex(token.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * True when {@code text} has the shape of a token (prefix, length, base64url alphabet). A cheap check before a
     * database lookup; it says nothing about whether the token exists or is usable.
     */
    public static boolean looksLikeToken(String text) {
        if (text == null || text.length() != TOKEN_LENGTH || !text.startsWith(PREFIX)) return false;
        for (int i = PREFIX.length(); i < text.length(); i++) {
            char c = text.charAt(i);
            boolean ok = c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_';
            if (!ok) return false;
        }
        return true;
    }
}
