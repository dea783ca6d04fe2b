package io.blastwall.core.rollout;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Port: durable state of rollouts — rollouts with their waves, the emergency-stop flag and the per-rollout lease —
 * written in the same transactions as the change transitions and ledger entries that record them. The JDBC
 * implementation lives in {@code blastwall-store} and shares the control plane's database and write lock.
 *
 * <p>Implementations are thread-safe; several instances (several replicas) may share one database.
 */
public interface RolloutStore {

    /**
     * Runs {@code work} in one transaction and commits it, or rolls everything back when it throws (the exception is
     * rethrown unchanged). Do not nest; keep it to store operations (never call an executor inside).
     */
    <T> T inTransaction(Function<RolloutTransaction, T> work);

    Optional<Rollout> findRollout(String id);

    /** Rollouts, newest first; only those not in a terminal state when {@code activeOnly}. */
    List<Rollout> listRollouts(boolean activeOnly);

    /** The emergency stop, when it is on. */
    Optional<EmergencyStop> emergencyStop();
}
