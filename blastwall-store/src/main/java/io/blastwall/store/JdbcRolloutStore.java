package io.blastwall.store;

import io.blastwall.core.lifecycle.ChangeState;
import io.blastwall.core.lifecycle.Trigger;
import io.blastwall.core.rollout.EmergencyStop;
import io.blastwall.core.rollout.Rollout;
import io.blastwall.core.rollout.RolloutStore;
import io.blastwall.core.rollout.RolloutTransaction;
import io.blastwall.core.rollout.StaleRolloutException;
import io.blastwall.core.store.RecordNotFoundException;
import io.blastwall.core.store.StoredChange;
import io.blastwall.core.store.StoredRevision;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The JDBC {@link RolloutStore}, on the same database as a {@link JdbcControlPlaneStore} and inside its transactions:
 * a rollout step, the change transition and the ledger entries commit together, under the store's write lock (which on
 * PostgreSQL serialises every replica), so the lease's compare-and-set and the rollout's version check cannot race.
 *
 * <p>Thread-safe.
 */
public final class JdbcRolloutStore implements RolloutStore {

    private static final String STOP_COLUMNS = "stopped_by, reason, stopped_at";

    private final JdbcControlPlaneStore store;

    public JdbcRolloutStore(JdbcControlPlaneStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    @Override
    public <T> T inTransaction(Function<RolloutTransaction, T> work) {
        Objects.requireNonNull(work, "work");
        return store.inTransaction(tx -> work.apply(new Tx((JdbcTransaction) tx)));
    }

    @Override
    public Optional<Rollout> findRollout(String id) {
        return store.read("reading rollout " + id, c -> RolloutRows.find(c, "WHERE id = ?", id));
    }

    @Override
    public List<Rollout> listRollouts(boolean activeOnly) {
        return store.read("listing rollouts", c -> RolloutRows.all(c, (activeOnly ? "WHERE state NOT IN "
                + RolloutRows.TERMINAL : "") + " ORDER BY created_at DESC, id DESC"));
    }

    @Override
    public Optional<EmergencyStop> emergencyStop() {
        return store.read("reading the emergency stop", JdbcRolloutStore::stop);
    }

    private static Optional<EmergencyStop> stop(Connection c) throws SQLException {
        return JdbcReader.one(c, "SELECT " + STOP_COLUMNS + " FROM rollout_emergency_stop WHERE id = 1",
                rs -> new EmergencyStop(rs.getString(1), rs.getString(2), Instant.ofEpochMilli(rs.getLong(3))));
    }

    /** One rollout transaction on a control-plane transaction's connection; failures doom both (same transaction). */
    private static final class Tx implements RolloutTransaction {
        private final JdbcTransaction tx;

        Tx(JdbcTransaction tx) {
            this.tx = tx;
        }

        @Override
        public Optional<Rollout> findRollout(String id) {
            return tx.read("reading rollout " + id, c -> RolloutRows.find(c, "WHERE id = ?", id));
        }

        @Override
        public Optional<Rollout> activeRolloutOf(String changeId) {
            return tx.read("reading the active rollout of change " + changeId, c -> RolloutRows.find(c,
                    "WHERE change_id = ? AND state NOT IN " + RolloutRows.TERMINAL, changeId));
        }

        @Override
        public List<Rollout> activeRollouts() {
            return tx.read("listing active rollouts", c -> RolloutRows.all(c, "WHERE state NOT IN " + RolloutRows.TERMINAL
                    + " ORDER BY created_at, id"));
        }

        @Override
        public void insertRollout(Rollout rollout) {
            tx.read("storing rollout " + rollout.id(), c -> {
                RolloutRows.insert(c, rollout);
                return null;
            });
        }

        @Override
        public void updateRollout(Rollout next, long expectedVersion) {
            tx.read("writing rollout " + next.id(), c -> {
                if (!RolloutRows.write(c, next, expectedVersion)) {
                    long actual = RolloutRows.version(c, next.id()).orElseThrow(() -> new RecordNotFoundException("rollout", next.id()));
                    throw new StaleRolloutException(next.id(), expectedVersion, actual);
                }
                return null;
            });
        }

        @Override
        public Optional<EmergencyStop> emergencyStop() {
            return tx.read("reading the emergency stop", JdbcRolloutStore::stop);
        }

        @Override
        public void setEmergencyStop(EmergencyStop stop) {
            tx.read("setting the emergency stop", c -> {
                JdbcReader.update(c, "DELETE FROM rollout_emergency_stop");
                if (stop != null) {
                    JdbcReader.update(c, "INSERT INTO rollout_emergency_stop (id, " + STOP_COLUMNS + ") VALUES (1, ?, ?, ?)",
                            stop.by(), stop.reason(), stop.at());
                }
                return null;
            });
        }

        @Override
        public boolean acquireLease(String rolloutId, String holder, Instant now, Duration ttl) {
            return tx.read("taking the lease on rollout " + rolloutId, c -> {
                // serialised by the write lock: reading then writing cannot interleave with another replica
                Optional<String[]> cur = JdbcReader.one(c, "SELECT holder, expires_at FROM rollout_leases WHERE rollout_id = ?",
                        rs -> new String[]{rs.getString(1), String.valueOf(rs.getLong(2))}, rolloutId);
                Instant until = now.plus(ttl);
                if (cur.isEmpty()) {
                    JdbcReader.update(c, "INSERT INTO rollout_leases (rollout_id, holder, expires_at) VALUES (?, ?, ?)",
                            rolloutId, holder, until);
                    return true;
                }
                boolean mine = cur.get()[0].equals(holder);
                boolean expired = Long.parseLong(cur.get()[1]) <= now.toEpochMilli();
                if (!mine && !expired) return false;
                JdbcReader.update(c, "UPDATE rollout_leases SET holder = ?, expires_at = ? WHERE rollout_id = ?",
                        holder, until, rolloutId);
                return true;
            });
        }

        @Override
        public boolean holdsLease(String rolloutId, String holder, Instant now) {
            return tx.read("checking the lease on rollout " + rolloutId, c -> JdbcReader.one(c,
                    "SELECT 1 FROM rollout_leases WHERE rollout_id = ? AND holder = ? AND expires_at > ?",
                    rs -> true, rolloutId, holder, now).isPresent());
        }

        @Override
        public void releaseLease(String rolloutId, String holder) {
            tx.read("releasing the lease on rollout " + rolloutId, c -> JdbcReader.update(c,
                    "DELETE FROM rollout_leases WHERE rollout_id = ? AND holder = ?", rolloutId, holder));
        }

        @Override
        public Optional<StoredChange> findChange(String id) {
            return tx.findChange(id);
        }

        @Override
        public Optional<StoredRevision> findRevision(String changeId, int revision) {
            return tx.findRevision(changeId, revision);
        }

        @Override
        public StoredChange transition(String changeId, Trigger trigger, ChangeState expectedFrom, ChangeState to,
                                       long expectedVersion) {
            return tx.transition(changeId, trigger, expectedFrom, to, expectedVersion);
        }

        @Override
        public void appendLedger(String actor, String action, String changeId, Map<String, Object> payload, Instant time) {
            tx.appendLedger(actor, action, changeId, payload, time);
        }
    }
}
