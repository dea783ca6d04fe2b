package io.blastwall.core.rollout;

import io.blastwall.core.lifecycle.ChangeState;
import io.blastwall.core.lifecycle.IllegalTransitionException;
import io.blastwall.core.lifecycle.Trigger;
import io.blastwall.core.store.AlreadyExistsException;
import io.blastwall.core.store.StaleStateException;
import io.blastwall.core.store.StoredChange;
import io.blastwall.core.store.StoredRevision;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The writes of one all-or-nothing rollout transaction, plus the reads that see them. Like
 * {@link io.blastwall.core.store.StoreTransaction}: any failing operation dooms the whole transaction. Not
 * thread-safe; not usable after the work function returns.
 */
public interface RolloutTransaction {

    Optional<Rollout> findRollout(String id);

    /** The rollout of the change that is not in a terminal state, if any. */
    Optional<Rollout> activeRolloutOf(String changeId);

    /** Every rollout not in a terminal state, oldest first. */
    java.util.List<Rollout> activeRollouts();

    /** Stores a new rollout as given (its version as is). @throws AlreadyExistsException when the id is taken */
    void insertRollout(Rollout rollout);

    /**
     * Replaces the stored rollout by {@code next} if the stored one is still at {@code expectedVersion}
     * (compare-and-set); {@code next} carries its new version. @throws StaleRolloutException otherwise
     */
    void updateRollout(Rollout next, long expectedVersion);

    Optional<EmergencyStop> emergencyStop();

    /** Turns the emergency stop on (replacing an earlier one) or, with null, off. */
    void setEmergencyStop(EmergencyStop stop);

    /**
     * Takes or renews the lease on driving rollout {@code rolloutId}: succeeds when nobody holds it, its holder's
     * expiry is not after {@code now}, or {@code holder} holds it already; then {@code holder} holds it until
     * {@code now + ttl}. Returns false (changing nothing) when another holder's lease is still valid.
     */
    boolean acquireLease(String rolloutId, String holder, Instant now, Duration ttl);

    /** Whether {@code holder} holds a lease on the rollout that has not expired at {@code now}. */
    boolean holdsLease(String rolloutId, String holder, Instant now);

    /** Gives the lease up if {@code holder} holds it. */
    void releaseLease(String rolloutId, String holder);

    Optional<StoredChange> findChange(String id);

    Optional<StoredRevision> findRevision(String changeId, int revision);

    /**
     * Moves the change (compare-and-set on state and version), as {@link io.blastwall.core.store.StoreTransaction#transition}.
     *
     * @throws IllegalTransitionException when the lifecycle has no such move
     * @throws StaleStateException        when the change is no longer as expected
     */
    StoredChange transition(String changeId, Trigger trigger, ChangeState expectedFrom, ChangeState to, long expectedVersion);

    /** Appends a ledger entry in this transaction (see {@link io.blastwall.core.store.StoreTransaction#appendLedger}). */
    void appendLedger(String actor, String action, String changeId, Map<String, Object> payload, Instant time);
}
