package io.blastwall.server.notify;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;

/**
 * The signature of generic webhook deliveries (docs/notifications.md): {@code X-Blastwall-Signature: sha256=HEX}, the
 * HMAC-SHA256, keyed with the shared secret, of {@code TIMESTAMP + "." + RAW_BODY}, where {@code TIMESTAMP} is the
 * {@code X-Blastwall-Timestamp} header (Unix seconds). Signing the timestamp with the body lets a receiver refuse
 * a replayed delivery: one whose timestamp is outside its tolerance fails, and changing the timestamp breaks the
 * signature.
 *
 * <p>Stateless and thread-safe.
 */
public final class WebhookSignature {

    public static final String SIGNATURE_HEADER = "X-Blastwall-Signature";
    public static final String TIMESTAMP_HEADER = "X-Blastwall-Timestamp";
    private static final String PREFIX = "sha256=";

    private WebhookSignature() {
    }

    /** {@code sha256=HEX} over {@code timestamp + "." + body}. */
    public static String sign(byte[] secret, long timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.US_ASCII));
            return PREFIX + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has HmacSHA256", e);
        }
    }

    /**
     * What a receiver does: true when the timestamp is within {@code tolerance} of {@code now} and the signature
     * matches (compared in constant time). Any missing or malformed header is false.
     */
    public static boolean verify(byte[] secret, String timestampHeader, String signatureHeader, byte[] body,
                                 Instant now, Duration tolerance) {
        if (timestampHeader == null || signatureHeader == null || !signatureHeader.startsWith(PREFIX)) return false;
        long ts;
        try {
            ts = Long.parseLong(timestampHeader.strip());
        } catch (NumberFormatException e) {
            return false;
        }
        if (Math.abs(now.getEpochSecond() - ts) > tolerance.toSeconds()) return false;
        byte[] expected = sign(secret, ts, body).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, signatureHeader.strip().getBytes(StandardCharsets.US_ASCII));
    }
}
