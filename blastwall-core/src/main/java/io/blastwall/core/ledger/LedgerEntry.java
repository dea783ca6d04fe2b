package io.blastwall.core.ledger;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One record of the append-only ledger: who did what to which change, when, with what in front of them.
 *
 * @param sequence  position in the ledger, 1 for the first entry, no gaps
 * @param time      when it was recorded (from the injected clock), truncated to milliseconds
 * @param actor     principal id ({@code alice}, {@code agent:infra-copilot}, {@code system})
 * @param action    what happened: {@code change.proposed}, {@code change.analysed}, {@code approval.given},
 *                  {@code change.transition}, {@code token.created} …
 * @param changeId  the change it concerns, empty when none
 * @param payload   the details, a tree of String/Long/Double/Boolean/List/Map (for an analysis: the JSON the
 *                  reviewers were shown); never secrets
 * @param previousHash hash of the entry before ({@link LedgerChain#GENESIS} for the first)
 * @param hash      SHA-256 over the canonical form of all the fields above, see {@link LedgerChain#hash}
 *
 * <p>Immutable.
 */
public record LedgerEntry(long sequence, Instant time, String actor, String action, String changeId,
                          Map<String, Object> payload, String previousHash, String hash) {
    public LedgerEntry {
        if (sequence < 1) throw new IllegalArgumentException("sequence starts at 1");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(action, "action");
        changeId = changeId == null ? "" : changeId;
        payload = payload == null ? Map.of() : payload;
        Objects.requireNonNull(previousHash, "previousHash");
        Objects.requireNonNull(hash, "hash");
    }
}
