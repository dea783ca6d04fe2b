package io.blastwall.core.store;

import io.blastwall.core.lifecycle.ChangeState;
import io.blastwall.core.ledger.LedgerEntry;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The queries the control plane needs. On a {@link ControlPlaneStore} each call reads committed data on its own;
 * on a {@link StoreTransaction} it also sees that transaction's own writes.
 *
 * <p>Every method may throw {@link StoreUnavailableException}.
 */
public interface StoreReader {

    Optional<StoredChange> findChange(String id);

    /** Changes matching the query, newest first (by creation time, then id). */
    List<StoredChange> listChanges(ChangeQuery query);

    /**
     * How many changes are in each state, counted by the database (one aggregate query, whatever the number of
     * changes); states without any change are absent.
     */
    Map<ChangeState, Long> countChangesByState();

    /** All revisions of a change, oldest first; empty when the change does not exist. */
    List<StoredRevision> revisions(String changeId);

    Optional<StoredRevision> findRevision(String changeId, int revision);

    /** Every decision (valid or invalidated) on one revision, in the order they were made. */
    List<StoredApproval> approvals(String changeId, int revision);

    /** Every decision on every revision of a change, by revision then time. */
    List<StoredApproval> approvalsOfChange(String changeId);

    Optional<Principal> findPrincipal(String id);

    /** All principals by id. */
    List<Principal> listPrincipals();

    Optional<ApiToken> findToken(String tokenId);

    /** The token with this hash, whether usable or not: check {@link ApiToken#usableAt}. */
    Optional<ApiToken> findTokenByHash(String tokenHash);

    /** All tokens, or those of one principal when {@code principalId} is not null, by creation time. */
    List<ApiToken> listTokens(String principalId);

    /** The last ledger entry, empty for an empty ledger. */
    Optional<LedgerEntry> ledgerHead();

    /** Up to {@code limit} entries with sequence ≥ {@code fromSequence}, in sequence order. */
    List<LedgerEntry> ledgerRange(long fromSequence, int limit);

    /**
     * As {@link #ledgerRange}, for a feed that mostly looks at actions and change ids: a store may leave each payload
     * unparsed until it is first used, so a payload that cannot be read may throw then instead of here.
     */
    default List<LedgerEntry> ledgerFeed(long fromSequence, int limit) {
        return ledgerRange(fromSequence, limit);
    }

    /** Every entry concerning one change, in sequence order. */
    List<LedgerEntry> ledgerOfChange(String changeId);

    /**
     * Streams the whole ledger in sequence order without holding it in memory (for verification and JSON Lines
     * export). The consumer must not call back into the store.
     */
    void forEachLedgerEntry(Consumer<? super LedgerEntry> consumer);
}
