package io.blastwall.core.rollout;

import io.blastwall.core.change.Provenance;
import io.blastwall.core.lifecycle.ChangeState;
import io.blastwall.core.store.AlreadyExistsException;
import io.blastwall.core.store.Principal;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The in-memory store keeps the store contract: all-or-nothing transactions, compare-and-set, expiring leases. */
class InMemoryRolloutStoreTest {

    static final Instant T0 = Instant.parse("2026-05-01T10:00:00Z");
    static final Principal OPERATOR = new Principal("olga", Provenance.AuthorKind.HUMAN, "Olga", List.of("sre"), "", "", false, T0);

    final InMemoryRolloutStore store = new InMemoryRolloutStore();

    Rollout started() {
        store.approvedChange("ch_1", "h1", Provenance.human("alice"), T0);
        return new RolloutCommands(store, java.time.Clock.fixed(T0, java.time.ZoneOffset.UTC), () -> "ro_1")
                .start(OPERATOR, new RolloutCommands.StartRequest("ch_1", 1, "h1",
                        List.of(new RolloutTarget("api", "eu", "eu-a"), new RolloutTarget("api", "eu", "eu-b")),
                        false, RolloutPolicy.defaults(), List.of("sre")));
    }

    @Test
    void startWritesRolloutChangeAndLedgerTogether() {
        Rollout r = started();
        assertThat(store.findRollout(r.id())).contains(r);
        assertThat(store.listRollouts(true)).containsExactly(r);
        assertThat(store.change("ch_1").state()).isEqualTo(ChangeState.ROLLING_OUT);
        assertThat(store.actions()).containsExactly("change.transition", "change.transition", "rollout.started");
    }

    @Test
    void aFailingTransactionLeavesNothingBehind() {
        Rollout r = started();
        assertThatThrownBy(() -> store.inTransaction(tx -> {
            tx.updateRollout(r.withState(RolloutState.PAUSED, "x"), r.version());
            tx.appendLedger("olga", "rollout.paused", "ch_1", java.util.Map.of(), T0);
            tx.setEmergencyStop(new EmergencyStop("olga", "x", T0));
            throw new IllegalStateException("boom");
        })).hasMessage("boom");
        assertThat(store.findRollout(r.id()).orElseThrow().state()).isEqualTo(RolloutState.RUNNING);
        assertThat(store.actions()).containsExactly("change.transition", "change.transition", "rollout.started");
        assertThat(store.emergencyStop()).isEmpty();
    }

    @Test
    void updatesAreCompareAndSetAndIdsUnique() {
        Rollout r = started();
        assertThatThrownBy(() -> store.inTransaction(tx -> {
            tx.updateRollout(r.withState(RolloutState.PAUSED, "x"), r.version() + 1);
            return null;
        })).isInstanceOf(StaleRolloutException.class);
        assertThatThrownBy(() -> store.inTransaction(tx -> {
            tx.insertRollout(r);
            return null;
        })).isInstanceOf(AlreadyExistsException.class);
    }

    private boolean lease(java.util.function.Function<RolloutTransaction, Boolean> f) {
        return store.inTransaction(f);
    }

    @Test
    void leasesBelongToOneHolderUntilTheyExpire() {
        Duration ttl = Duration.ofSeconds(30);
        assertThat(lease(tx -> tx.acquireLease("ro_1", "a", T0, ttl))).isTrue();
        assertThat(lease(tx -> tx.acquireLease("ro_1", "b", T0.plusSeconds(29), ttl))).isFalse();
        assertThat(lease(tx -> tx.holdsLease("ro_1", "a", T0.plusSeconds(29)))).isTrue();
        assertThat(lease(tx -> tx.holdsLease("ro_1", "a", T0.plusSeconds(30)))).isFalse();
        assertThat(lease(tx -> tx.acquireLease("ro_1", "b", T0.plusSeconds(30), ttl))).isTrue();
        store.inTransaction(tx -> {
            tx.releaseLease("ro_1", "a"); // not the holder: nothing changes
            return null;
        });
        assertThat(lease(tx -> tx.holdsLease("ro_1", "b", T0.plusSeconds(31)))).isTrue();
    }
}
