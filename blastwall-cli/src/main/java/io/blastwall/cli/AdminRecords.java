package io.blastwall.cli;

import io.blastwall.core.store.ApiToken;
import io.blastwall.core.store.Principal;
import io.blastwall.core.store.StoreTransaction;
import io.blastwall.core.store.TokenHash;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The writes behind {@code principal add} and {@code token create}, each with its ledger entry, so that every caller
 * (the admin commands, the live demo) records principals and tokens the same way. Stateless; call inside a store
 * transaction.
 */
public final class AdminRecords {

    private AdminRecords() {
    }

    /** Stores {@code p} and appends {@code principal.created} by {@code who}. */
    public static Principal createPrincipal(StoreTransaction tx, Principal p, String who, Instant now) {
        Principal created = tx.createPrincipal(p);
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("principal", created.id());
        payload.put("kind", created.kind().externalName());
        payload.put("displayName", created.displayName());
        payload.put("roles", created.roles());
        payload.put("onBehalfOf", created.onBehalfOf());
        payload.put("model", created.model());
        tx.appendLedger(who, "principal.created", "", payload, now);
        return created;
    }

    /**
     * Stores a new token for {@code principalId} (only the hash of {@code secret}) and appends {@code token.created}
     * by {@code who}. {@code expiry} may be null (no expiry).
     */
    public static ApiToken createToken(StoreTransaction tx, String principalId, String name, String secret, Instant now,
                                       Instant expiry, String who) {
        ApiToken t = tx.createToken(new ApiToken(TokenCommand.newTokenId(), principalId, name, TokenHash.of(secret), now,
                expiry, null, null));
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("token", t.id());
        payload.put("principal", principalId);
        payload.put("name", name);
        payload.put("expiresAt", StoreOptions.time(expiry));
        tx.appendLedger(who, "token.created", "", payload, now);
        return t;
    }
}
