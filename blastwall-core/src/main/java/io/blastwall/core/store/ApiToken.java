package io.blastwall.core.store;

import java.time.Instant;

/**
 * An API token's record. Only a hash of the token is stored (the caller hashes it, e.g. SHA-256 of the secret);
 * the token itself is shown once at creation and never kept.
 *
 * @param id          unique id, safe to show and log
 * @param principalId whose token it is
 * @param name        a label ({@code ci}, {@code laptop})
 * @param tokenHash   hash of the secret; unique; never the secret
 * @param createdAt   when it was created
 * @param expiresAt   when it stops working, or null for never
 * @param revokedAt   when it was revoked, or null
 * @param lastUsedAt  when it last authenticated a request, or null
 *
 * <p>Immutable; times are kept to the millisecond. {@link #toString()} omits the hash.
 */
public record ApiToken(String id, String principalId, String name, String tokenHash, Instant createdAt,
                       Instant expiresAt, Instant revokedAt, Instant lastUsedAt) {
    public ApiToken {
        Millis.text(id, "id");
        Millis.text(principalId, "principalId");
        name = name == null ? "" : name;
        Millis.text(tokenHash, "tokenHash");
        if (tokenHash.isBlank()) throw new IllegalArgumentException("a token needs its hash");
        createdAt = Millis.required(createdAt, "createdAt");
        expiresAt = Millis.of(expiresAt);
        revokedAt = Millis.of(revokedAt);
        lastUsedAt = Millis.of(lastUsedAt);
    }

    /** True when the token may authenticate a request at {@code now}: not revoked and not expired. */
    public boolean usableAt(Instant now) {
        return revokedAt == null && (expiresAt == null || now.isBefore(expiresAt));
    }

    @Override
    public String toString() {
        return "ApiToken[id=" + id + ", principalId=" + principalId + ", name=" + name + ", createdAt=" + createdAt
                + ", expiresAt=" + expiresAt + ", revokedAt=" + revokedAt + ", lastUsedAt=" + lastUsedAt + "]";
    }
}
