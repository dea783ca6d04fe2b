package io.blastwall.core.controlplane;

import io.blastwall.core.store.ApiToken;
import io.blastwall.core.store.Principal;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tokens and their principals as last read from the store, by token hash, for at most {@code ttl}: every API request
 * authenticates, and two reads per request were most of the database round trips of a busy server (and, when the
 * database shares the machine, of its CPU). Only tokens that were found are kept; what is checked against the clock
 * (expiry) is checked on every use, so an expired token fails at once. A revocation or a disabled principal reaches a
 * server when its ledger entry does (the server calls {@link #clear} for every {@code token.*} and
 * {@code principal.*} entry it sees), and at the latest after {@code ttl}.
 *
 * <p>Thread-safe. Bounded: when it holds {@value #MAX_ENTRIES} entries it starts over.
 */
final class CredentialCache {

    static final int MAX_ENTRIES = 10_000;

    /** A token, its principal and when the server last wrote the token's last-used time. */
    record Entry(ApiToken token, Principal principal, Instant until, Instant touched) {
    }

    private final Duration ttl;
    private final ConcurrentHashMap<String, Entry> byHash = new ConcurrentHashMap<>();

    CredentialCache(Duration ttl) {
        this.ttl = Objects.requireNonNull(ttl, "ttl");
    }

    /** The entry for {@code tokenHash} if it was read less than the cache time before {@code now}. */
    Optional<Entry> get(String tokenHash, Instant now) {
        if (ttl.isZero()) return Optional.empty();
        Entry e = byHash.get(tokenHash);
        return e != null && now.isBefore(e.until()) ? Optional.of(e) : Optional.empty();
    }

    /** Keeps what was just read from the store at {@code now}; {@code touched}: the token's last-used time as written. */
    void remember(String tokenHash, ApiToken token, Principal principal, Instant now, Instant touched) {
        if (ttl.isZero()) return;
        if (byHash.size() >= MAX_ENTRIES) byHash.clear();
        byHash.put(tokenHash, new Entry(token, principal, now.plus(ttl), touched));
    }

    /** Records that the token's last-used time was written at {@code touched}; the entry is not kept any longer. */
    void touched(String tokenHash, Entry entry, Instant touched) {
        byHash.replace(tokenHash, entry, new Entry(entry.token(), entry.principal(), entry.until(), touched));
    }

    /** Forgets everything: a token or principal changed somewhere. */
    void clear() {
        byHash.clear();
    }
}
