package io.blastwall.core.store;

import io.blastwall.core.ledger.LedgerEntry;
import io.blastwall.core.ledger.LedgerPayload;
import io.blastwall.core.lifecycle.ChangeState;
import io.blastwall.core.lifecycle.IllegalTransitionException;
import io.blastwall.core.lifecycle.Trigger;

import java.time.Instant;
import java.util.Map;

/**
 * The writes of one all-or-nothing transaction, plus reads that see them. Obtained only inside
 * {@link ControlPlaneStore#inTransaction}; not thread-safe and not usable after the work function returns.
 *
 * <p>Any exception from an operation (a {@link StoreException}, an {@link IllegalTransitionException}, an argument
 * error) dooms the transaction: it is rolled back even if the work function catches the exception and returns, and the
 * exception is rethrown from {@code inTransaction}. So "nothing was written" holds for the whole transaction.
 *
 * <p>Write transactions are serialised (one writer at a time across every replica sharing the database), so the ledger's
 * order is the order in which transactions commit.
 */
public interface StoreTransaction extends StoreReader {

    /**
     * Stores a new change with its first revision. The change must be at revision 1 and the revision must be
     * revision 1 of that change.
     *
     * @throws AlreadyExistsException when the change id is taken
     */
    StoredChange insertChange(StoredChange change, StoredRevision firstRevision);

    /**
     * Adds the next revision (an amendment): its number must be the change's current revision + 1. Sets the change's
     * current revision, bumps its version and its update time (to the revision's creation time). Does not change
     * the state: the caller also makes the {@link Trigger#AMEND} transition in the same transaction.
     *
     * @throws RecordNotFoundException when the change does not exist
     * @throws StaleStateException     when another writer added that revision number first
     */
    StoredChange addRevision(StoredRevision revision);

    /**
     * Moves a change from {@code expectedFrom} to {@code to} by {@code trigger}, if the lifecycle allows it and the
     * change is still in {@code expectedFrom} at {@code expectedVersion} (compare-and-set). Bumps the version and sets
     * the update time from the store's clock.
     *
     * @return the change as it now is
     * @throws IllegalTransitionException when the lifecycle has no such move (checked before touching the database)
     * @throws StaleStateException        when the change's state or version is no longer the expected one
     * @throws RecordNotFoundException    when the change does not exist
     */
    StoredChange transition(String changeId, Trigger trigger, ChangeState expectedFrom, ChangeState to, long expectedVersion);

    /**
     * Records a decision. The revision must exist.
     *
     * @throws DuplicateApprovalException when the approver already has a valid decision on this revision
     * @throws AlreadyExistsException     when the approval id is taken
     * @throws RecordNotFoundException    when the change or revision does not exist
     */
    StoredApproval recordApproval(StoredApproval approval);

    /** Marks every valid decision on the change (all revisions) invalid with the reason; returns how many. */
    int invalidateApprovals(String changeId, String reason);

    /** @throws AlreadyExistsException when the id is taken */
    Principal createPrincipal(Principal principal);

    /** Replaces the principal's kind, name, roles, on-behalf-of, model and disabled flag (not its id or creation time). */
    Principal updatePrincipal(Principal principal);

    /**
     * Stores a token record (only its hash).
     *
     * @throws AlreadyExistsException  when the id or the hash is taken
     * @throws RecordNotFoundException when the principal does not exist
     */
    ApiToken createToken(ApiToken token);

    /** Sets the token's expiry to {@code at} (e.g. now, to expire it at once). */
    ApiToken expireToken(String tokenId, Instant at);

    /** Revokes the token at {@code at}; revoking twice keeps the first time. */
    ApiToken revokeToken(String tokenId, Instant at);

    /** Records that the token authenticated a request at {@code at}. */
    void touchToken(String tokenId, Instant at);

    /**
     * Appends the next ledger entry, chained to the current head read under the write lock, in this transaction:
     * it commits with the state changes it records or not at all.
     *
     * @param changeId the change concerned, or null/empty
     * @param payload  a tree of String/Long/Double/Boolean/List/Map (and null); stored as canonical JSON
     */
    default LedgerEntry appendLedger(String actor, String action, String changeId, Map<String, Object> payload, Instant time) {
        return appendLedger(actor, action, changeId, LedgerPayload.of(payload), time);
    }

    /**
     * As {@link #appendLedger(String, String, String, Map, Instant)} with the payload's canonical text rendered
     * beforehand (outside the transaction), so that the write lock is held only for the chain step and the insert.
     */
    LedgerEntry appendLedger(String actor, String action, String changeId, LedgerPayload payload, Instant time);
}
