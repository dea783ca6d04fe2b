package io.blastwall.core.rollout;

import io.blastwall.core.change.Provenance;
import io.blastwall.core.lifecycle.ChangeState;
import io.blastwall.core.lifecycle.Lifecycle;
import io.blastwall.core.lifecycle.Trigger;
import io.blastwall.core.store.AlreadyExistsException;
import io.blastwall.core.store.RecordNotFoundException;
import io.blastwall.core.store.StaleStateException;
import io.blastwall.core.store.StoredChange;
import io.blastwall.core.store.StoredRevision;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * TEST DOUBLE: a {@link RolloutStore} in memory, for the engine's unit tests in the core (which cannot depend on the
 * JDBC store). Transactions are serialised by a monitor and undone on an exception by restoring a snapshot, so the
 * all-or-nothing contract holds. The real implementation is {@code io.blastwall.store.JdbcRolloutStore}.
 */
final class InMemoryRolloutStore implements RolloutStore {

    record Entry(String actor, String action, String changeId, Map<String, Object> payload, Instant time) {
    }

    private record Lease(String holder, Instant expiry) {
    }

    private Map<String, Rollout> rollouts = new LinkedHashMap<>();
    private Map<String, StoredChange> changes = new HashMap<>();
    private final Map<String, StoredRevision> revisions = new HashMap<>();
    private List<Entry> ledger = new ArrayList<>();
    private Map<String, Lease> leases = new HashMap<>();
    private EmergencyStop stop;
    /** When set, every transaction fails as if the database were down. */
    volatile boolean down;

    /** Adds an approved change at revision 1 with content hash {@code hash}. */
    synchronized void approvedChange(String id, String hash, Provenance author, Instant at) {
        changes.put(id, new StoredChange(id, "t", "api", author, ChangeState.APPROVED, 1, 5, at, at));
        revisions.put(id + "#1", new StoredRevision(id, 1, hash, "blastwall", "{}", "{}", "allow", 10, "e", "p", at));
    }

    synchronized StoredChange change(String id) {
        return changes.get(id);
    }

    synchronized List<Entry> ledger() {
        return List.copyOf(ledger);
    }

    synchronized List<String> actions() {
        return ledger.stream().map(Entry::action).toList();
    }

    @Override
    public synchronized <T> T inTransaction(Function<RolloutTransaction, T> work) {
        if (down) throw new io.blastwall.core.store.StoreUnavailableException("test double: the database is down");
        var savedRollouts = new LinkedHashMap<>(rollouts);
        var savedChanges = new HashMap<>(changes);
        var savedLedger = new ArrayList<>(ledger);
        var savedLeases = new HashMap<>(leases);
        var savedStop = stop;
        try {
            return work.apply(new Tx());
        } catch (RuntimeException | Error e) {
            rollouts = savedRollouts;
            changes = savedChanges;
            ledger = savedLedger;
            leases = savedLeases;
            stop = savedStop;
            throw e;
        }
    }

    @Override
    public synchronized Optional<Rollout> findRollout(String id) {
        return Optional.ofNullable(rollouts.get(id));
    }

    @Override
    public synchronized List<Rollout> listRollouts(boolean activeOnly) {
        return rollouts.values().stream().filter(r -> !activeOnly || !r.state().terminal())
                .sorted(Comparator.comparing(Rollout::createdAt).reversed()).toList();
    }

    @Override
    public synchronized Optional<EmergencyStop> emergencyStop() {
        return Optional.ofNullable(stop);
    }

    private final class Tx implements RolloutTransaction {
        @Override
        public Optional<Rollout> findRollout(String id) {
            return Optional.ofNullable(rollouts.get(id));
        }

        @Override
        public Optional<Rollout> activeRolloutOf(String changeId) {
            return rollouts.values().stream().filter(r -> r.changeId().equals(changeId) && !r.state().terminal()).findFirst();
        }

        @Override
        public List<Rollout> activeRollouts() {
            return rollouts.values().stream().filter(r -> !r.state().terminal()).toList();
        }

        @Override
        public void insertRollout(Rollout r) {
            if (rollouts.containsKey(r.id())) throw new AlreadyExistsException("rollout", r.id());
            rollouts.put(r.id(), r);
        }

        @Override
        public void updateRollout(Rollout next, long expectedVersion) {
            Rollout cur = rollouts.get(next.id());
            if (cur == null) throw new RecordNotFoundException("rollout", next.id());
            if (cur.version() != expectedVersion) throw new StaleRolloutException(next.id(), expectedVersion, cur.version());
            rollouts.put(next.id(), next);
        }

        @Override
        public Optional<EmergencyStop> emergencyStop() {
            return Optional.ofNullable(stop);
        }

        @Override
        public void setEmergencyStop(EmergencyStop s) {
            stop = s;
        }

        @Override
        public boolean acquireLease(String rolloutId, String holder, Instant now, Duration ttl) {
            Lease l = leases.get(rolloutId);
            if (l != null && !l.holder().equals(holder) && l.expiry().isAfter(now)) return false;
            leases.put(rolloutId, new Lease(holder, now.plus(ttl)));
            return true;
        }

        @Override
        public boolean holdsLease(String rolloutId, String holder, Instant now) {
            Lease l = leases.get(rolloutId);
            return l != null && l.holder().equals(holder) && l.expiry().isAfter(now);
        }

        @Override
        public void releaseLease(String rolloutId, String holder) {
            Lease l = leases.get(rolloutId);
            if (l != null && l.holder().equals(holder)) leases.remove(rolloutId);
        }

        @Override
        public Optional<StoredChange> findChange(String id) {
            return Optional.ofNullable(changes.get(id));
        }

        @Override
        public Optional<StoredRevision> findRevision(String changeId, int revision) {
            return Optional.ofNullable(revisions.get(changeId + "#" + revision));
        }

        @Override
        public StoredChange transition(String changeId, Trigger trigger, ChangeState expectedFrom, ChangeState to,
                                       long expectedVersion) {
            Lifecycle.check(expectedFrom, trigger, to);
            StoredChange c = changes.get(changeId);
            if (c == null) throw new RecordNotFoundException("change", changeId);
            if (c.state() != expectedFrom || c.version() != expectedVersion) {
                throw new StaleStateException(changeId, expectedFrom, expectedVersion, c.state(), c.version());
            }
            StoredChange next = new StoredChange(c.id(), c.title(), c.source(), c.author(), to, c.currentRevision(),
                    c.version() + 1, c.createdAt(), c.updatedAt());
            changes.put(changeId, next);
            return next;
        }

        @Override
        public void appendLedger(String actor, String action, String changeId, Map<String, Object> payload, Instant time) {
            ledger.add(new Entry(actor, action, changeId, payload, time));
        }
    }
}
