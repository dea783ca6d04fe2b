package io.blastwall.store;

import io.blastwall.core.time.ManualClock;
import io.blastwall.core.ledger.LedgerEntry;
import io.blastwall.core.rollout.Rollout;
import io.blastwall.core.rollout.RolloutCommands;
import io.blastwall.core.rollout.RolloutEngine;
import io.blastwall.core.rollout.RolloutPolicy;
import io.blastwall.core.rollout.RolloutState;
import io.blastwall.core.rollout.WaveStatus;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two replicas (two stores with their own pools, two engines) on one PostgreSQL: the one driving a rollout is killed
 * mid-wave — after its executor changed the estate, before it recorded the outcome — without releasing its lease. The
 * other takes over once the lease expires, replays the started step (the estate sees no second apply) and finishes.
 */
class RolloutReplicaTest {

    @Test
    void anotherReplicaTakesOverAfterTheDriverDiesMidWaveAndNoWaveIsAppliedTwice() throws Exception {
        StoreConfig cfg = Backend.POSTGRESQL.fresh();
        ManualClock clock = new ManualClock(TestClock.T0);
        RolloutDoubles.Estate estate = new RolloutDoubles.Estate();
        JdbcControlPlaneStore storeA = Backend.POSTGRESQL.open(cfg);
        try (JdbcControlPlaneStore storeB = Backend.POSTGRESQL.open(cfg)) {
            JdbcRolloutStore a = new JdbcRolloutStore(storeA);
            JdbcRolloutStore b = new JdbcRolloutStore(storeB);
            RolloutDoubles.approved(storeA, "c1");
            Rollout r = new RolloutCommands(a, clock, () -> "ro_1").start(Fixtures.human("olga"),
                    new RolloutCommands.StartRequest("c1", 1, "hash-c1-1", RolloutDoubles.targets(), false,
                            RolloutPolicy.defaults(), List.of()));
            RolloutDoubles.Executor execA = new RolloutDoubles.Executor(estate);
            execA.hangAfterApplyOfWave = 2;
            RolloutEngine engineA = new RolloutEngine(a, execA, new RolloutDoubles.SteadyMetrics(),
                    new RolloutDoubles.MeanJudge(), clock, "replica-a", Duration.ofSeconds(30));
            RolloutEngine engineB = new RolloutEngine(b, new RolloutDoubles.Executor(estate),
                    new RolloutDoubles.SteadyMetrics(), new RolloutDoubles.MeanJudge(), clock, "replica-b", Duration.ofSeconds(30));
            engineA.drive(r.id()); // wave 1 applied by A, baking
            clock.advance(Duration.ofMinutes(6));
            Thread driverA = Thread.ofPlatform().name("replica-a-driver").start(() -> {
                try {
                    engineA.drive(r.id()); // judges wave 1, applies wave 2 and hangs there
                } catch (RuntimeException dying) {
                    // killed: the replica's store is closed under it
                }
            });
            assertThat(execA.hanging.await(30, TimeUnit.SECONDS)).isTrue();
            Rollout midWave = b.findRollout(r.id()).orElseThrow();
            assertThat(midWave.currentWave()).isEqualTo(2);
            assertThat(midWave.status().phase()).isEqualTo(WaveStatus.Phase.APPLYING);
            assertThat(engineB.tick()).isZero(); // A still holds the lease: B keeps off

            // kill A: no lease release, no outcome written
            engineA.close();
            storeA.close();
            driverA.join(TimeUnit.SECONDS.toMillis(30));
            assertThat(engineB.tick()).isZero(); // the lease has not expired yet

            clock.advance(Duration.ofMinutes(3)); // past the lease (30 s + the 2 min step timeout + grace)
            for (int i = 0; i < 100 && !b.findRollout(r.id()).orElseThrow().state().terminal(); i++) {
                engineB.tick();
                clock.advance(Duration.ofMinutes(1));
            }
            Rollout done = b.findRollout(r.id()).orElseThrow();
            assertThat(done.state()).isEqualTo(RolloutState.COMPLETED);
            assertThat(estate.maxAppliesOfOneKey()).isEqualTo(1);
            assertThat(estate.appliedWaves()).isEqualTo(done.plan().size());
            List<LedgerEntry> applied = storeB.ledgerOfChange("c1").stream()
                    .filter(e -> e.action().equals("rollout.wave.applied")).toList();
            assertThat(applied).hasSize(done.plan().size());
            LedgerEntry wave2 = applied.get(1);
            assertThat(wave2.payload()).containsEntry("replica", "replica-b").containsEntry("replayed", true);
            assertThat(storeB.verifyLedger()).isInstanceOf(io.blastwall.core.ledger.LedgerChain.Verification.Intact.class);
            engineB.close();
        } finally {
            storeA.close();
        }
    }
}
