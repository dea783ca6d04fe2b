package io.blastwall.store;

import io.blastwall.core.time.ManualClock;
import io.blastwall.core.lifecycle.ChangeState;
import io.blastwall.core.rollout.EmergencyStop;
import io.blastwall.core.rollout.Rollout;
import io.blastwall.core.rollout.RolloutCommands;
import io.blastwall.core.rollout.RolloutEngine;
import io.blastwall.core.rollout.RolloutPolicy;
import io.blastwall.core.rollout.RolloutState;
import io.blastwall.core.rollout.StaleRolloutException;
import io.blastwall.core.rollout.WaveStatus;
import io.blastwall.core.rollout.WaveVerdict;
import io.blastwall.core.store.Principal;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The rollout tables (V3) and the engine on the real databases. */
class RolloutStoreTest {

    static final Principal OPERATOR = Fixtures.human("olga", "sre");

    @ParameterizedTest(name = "{0}")
    @EnumSource(Backend.class)
    void aRolloutRunsToTheEndWithEveryStepStoredAndTheLedgerIntact(Backend b) {
        StoreConfig cfg = b.fresh();
        ManualClock clock = new ManualClock(TestClock.T0);
        try (JdbcControlPlaneStore cp = b.open(cfg)) {
            JdbcRolloutStore store = new JdbcRolloutStore(cp);
            RolloutDoubles.approved(cp, "c1");
            AtomicInteger ids = new AtomicInteger();
            RolloutCommands commands = new RolloutCommands(store, clock, () -> "ro_" + ids.incrementAndGet());
            Rollout r = commands.start(OPERATOR, new RolloutCommands.StartRequest("c1", 1, "hash-c1-1",
                    RolloutDoubles.targets(), false, RolloutPolicy.defaults(), List.of("sre")));
            assertThat(store.findRollout(r.id())).contains(r);
            RolloutDoubles.Estate estate = new RolloutDoubles.Estate();
            try (RolloutEngine engine = new RolloutEngine(store, new RolloutDoubles.Executor(estate),
                    new RolloutDoubles.SteadyMetrics(), new RolloutDoubles.MeanJudge(), clock, "replica-1", Duration.ofSeconds(30))) {
                for (int i = 0; i < 100 && !store.findRollout(r.id()).orElseThrow().state().terminal(); i++) {
                    engine.tick();
                    clock.advance(Duration.ofMinutes(1));
                }
            }
            Rollout done = store.findRollout(r.id()).orElseThrow();
            assertThat(done.state()).isEqualTo(RolloutState.COMPLETED);
            assertThat(done.waves()).allSatisfy(w -> {
                assertThat(w.phase()).isEqualTo(WaveStatus.Phase.PASSED);
                assertThat(w.verdict().outcome()).isEqualTo(WaveVerdict.Outcome.PASS);
                assertThat(w.verdict().metrics().getFirst().pValue()).isNaN(); // stored as null, read back as NaN
            });
            assertThat(cp.findChange("c1").orElseThrow().state()).isEqualTo(ChangeState.COMPLETED);
            assertThat(estate.maxAppliesOfOneKey()).isEqualTo(1);
            assertThat(estate.appliedWaves()).isEqualTo(done.plan().size());
            assertThat(cp.verifyLedger()).isInstanceOf(io.blastwall.core.ledger.LedgerChain.Verification.Intact.class);
            assertThat(cp.ledgerOfChange("c1")).extracting(e -> e.action())
                    .contains("rollout.started", "rollout.wave.applying", "rollout.wave.applied", "rollout.wave.passed");
            assertThat(store.listRollouts(true)).isEmpty();
            assertThat(store.listRollouts(false)).extracting(Rollout::id).containsExactly(r.id());
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Backend.class)
    void compareAndSetLeaseAndEmergencyStop(Backend b) {
        StoreConfig cfg = b.fresh();
        try (JdbcControlPlaneStore cp = b.open(cfg)) {
            JdbcRolloutStore store = new JdbcRolloutStore(cp);
            RolloutDoubles.approved(cp, "c1");
            Rollout r = new RolloutCommands(store, TestClock.CLOCK, () -> "ro_1").start(OPERATOR,
                    new RolloutCommands.StartRequest("c1", 1, "hash-c1-1", RolloutDoubles.targets(), false,
                            RolloutPolicy.defaults(), List.of()));
            Instant now = TestClock.CLOCK.instant();
            // a write on a stale version changes nothing
            assertThatThrownBy(() -> store.inTransaction(tx -> {
                tx.updateRollout(r.withState(RolloutState.PAUSED, "x").written(now), r.version() + 5);
                return null;
            })).isInstanceOf(StaleRolloutException.class);
            assertThat(store.findRollout("ro_1").orElseThrow().state()).isEqualTo(RolloutState.RUNNING);
            // the lease: one holder until it expires
            Duration ttl = Duration.ofSeconds(30);
            assertThat(store.<Boolean>inTransaction(tx -> tx.acquireLease("ro_1", "a", now, ttl)).booleanValue()).isTrue();
            assertThat(store.<Boolean>inTransaction(tx -> tx.acquireLease("ro_1", "b", now.plusSeconds(29), ttl)).booleanValue()).isFalse();
            assertThat(store.<Boolean>inTransaction(tx -> tx.holdsLease("ro_1", "a", now.plusSeconds(29))).booleanValue()).isTrue();
            assertThat(store.<Boolean>inTransaction(tx -> tx.acquireLease("ro_1", "b", now.plusSeconds(30), ttl)).booleanValue()).isTrue();
            assertThat(store.<Boolean>inTransaction(tx -> tx.holdsLease("ro_1", "a", now.plusSeconds(31))).booleanValue()).isFalse();
            // the emergency stop flag
            store.inTransaction(tx -> {
                tx.setEmergencyStop(new EmergencyStop("ada", "incident", now));
                return null;
            });
            assertThat(store.emergencyStop()).contains(new EmergencyStop("ada", "incident", now));
            store.inTransaction(tx -> {
                tx.setEmergencyStop(null);
                return null;
            });
            assertThat(store.emergencyStop()).isEmpty();
            assertThat(Backend.count(cfg, "rollout_waves")).isEqualTo(r.plan().size());
        }
    }
}
