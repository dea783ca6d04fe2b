package io.blastwall.core.rollout;

import io.blastwall.core.change.Provenance;
import io.blastwall.core.lifecycle.ChangeState;
import io.blastwall.core.rollout.TestDoubles.CountingExecutor;
import io.blastwall.core.time.ManualClock;
import io.blastwall.core.rollout.TestDoubles.ScriptedMetrics;
import io.blastwall.core.rollout.TestDoubles.ThresholdJudge;
import io.blastwall.core.store.Principal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The engine in virtual time against test doubles (see {@link TestDoubles}). */
class RolloutEngineTest {

    static final Instant T0 = Instant.parse("2026-05-01T10:00:00Z");
    static final Principal OPERATOR = new Principal("olga", Provenance.AuthorKind.HUMAN, "Olga", List.of("sre"), "", "", false, T0);
    static final Principal ADMIN = new Principal("ada", Provenance.AuthorKind.HUMAN, "Ada", List.of("admin"), "", "", false, T0);
    static final Principal AGENT = new Principal("bot", Provenance.AuthorKind.AGENT, "Bot", List.of(), "alice", "m", false, T0);
    static final Principal AUTHOR = new Principal("alice", Provenance.AuthorKind.HUMAN, "Alice", List.of("sre"), "", "", false, T0);

    final ManualClock clock = new ManualClock(T0);
    final InMemoryRolloutStore store = new InMemoryRolloutStore();
    final CountingExecutor executor = new CountingExecutor();
    final ScriptedMetrics metrics = new ScriptedMetrics();
    final AtomicInteger ids = new AtomicInteger();
    final RolloutCommands commands = new RolloutCommands(store, clock, () -> "ro_" + ids.incrementAndGet());
    final List<RolloutEngine> engines = new ArrayList<>();
    RolloutEngine engine;

    @BeforeEach
    void setUp() {
        store.approvedChange("ch_1", "hash1", Provenance.human("alice"), T0);
        engine = engine("replica-a");
    }

    @AfterEach
    void tearDown() {
        engines.forEach(RolloutEngine::close);
    }

    RolloutEngine engine(String replica) {
        RolloutEngine e = new RolloutEngine(store, executor, metrics, new ThresholdJudge(), clock, replica, Duration.ofSeconds(30));
        engines.add(e);
        return e;
    }

    static List<RolloutTarget> targets() {
        List<RolloutTarget> out = new ArrayList<>();
        for (String r : List.of("eu-1", "us-1")) for (String z : List.of("a", "b")) out.add(new RolloutTarget("api", r, r + z));
        return out;
    }

    Rollout start(RolloutPolicy p) {
        return commands.start(OPERATOR, new RolloutCommands.StartRequest("ch_1", 1, "hash1", targets(), false, p, List.of("sre")));
    }

    Rollout rollout(String id) {
        return store.findRollout(id).orElseThrow();
    }

    /** Ticks and moves virtual time by a minute until nothing more happens or the rollout ends. */
    Rollout runToEnd(String id) {
        for (int i = 0; i < 200 && !rollout(id).state().terminal(); i++) {
            engine.tick();
            clock.advance(Duration.ofMinutes(1));
        }
        return rollout(id);
    }

    @Test
    void aHealthyChangeCompletesEveryWaveOnceWithEachStepInTheLedgerBeforeItActs() {
        Rollout r = start(RolloutPolicy.defaults());
        assertThat(store.change("ch_1").state()).isEqualTo(ChangeState.ROLLING_OUT);
        assertThat(r.plan()).hasSizeGreaterThanOrEqualTo(3);
        engine.tick();
        assertThat(rollout(r.id()).status().phase()).isEqualTo(WaveStatus.Phase.BAKING);
        engine.tick(); // still baking: nothing is due
        assertThat(rollout(r.id()).currentWave()).isEqualTo(1);
        Rollout done = runToEnd(r.id());
        assertThat(done.state()).isEqualTo(RolloutState.COMPLETED);
        assertThat(store.change("ch_1").state()).isEqualTo(ChangeState.COMPLETED);
        for (int w = 1; w <= done.plan().size(); w++) assertThat(executor.appliesOfWave(w)).isEqualTo(1);
        assertThat(done.waves()).allSatisfy(s -> {
            assertThat(s.phase()).isEqualTo(WaveStatus.Phase.PASSED);
            assertThat(s.verdict().outcome()).isEqualTo(WaveVerdict.Outcome.PASS);
        });
        List<String> actions = store.actions();
        assertThat(actions.indexOf("rollout.wave.applying")).isLessThan(actions.indexOf("rollout.wave.applied"));
        assertThat(actions).contains("rollout.started", "rollout.wave.passed");
        // canary = the wave's targets; baseline = targets not yet changed
        MetricQuery firstCanary = metrics.queries.getFirst();
        assertThat(firstCanary.role()).isEqualTo(MetricQuery.Role.CANARY);
        assertThat(firstCanary.targets()).hasSize(1);
        assertThat(metrics.queries.get(1).targets()).doesNotContainAnyElementsOf(firstCanary.targets());
    }

    @Test
    void aBadCanaryIsCaughtInWaveOneAndRolledBackOnItsOwn() {
        metrics.canaryLevel = 0.05; // five times the baseline error rate
        Rollout r = start(RolloutPolicy.defaults());
        Rollout done = runToEnd(r.id());
        assertThat(done.state()).isEqualTo(RolloutState.ROLLED_BACK);
        assertThat(store.change("ch_1").state()).isEqualTo(ChangeState.ROLLED_BACK);
        assertThat(executor.totalApplies()).isEqualTo(1); // only the canary wave ever touched the estate
        assertThat(executor.rollbacks).extracting(ExecutionStep::wave).containsExactly(1);
        assertThat(done.waves().getFirst().verdict().outcome()).isEqualTo(WaveVerdict.Outcome.FAIL);
        assertThat(store.actions()).containsSubsequence("change.transition", "rollout.wave.judged",
                "rollout.wave.rolling-back", "rollout.wave.rolled-back", "rollout.rolled-back");
    }

    @Test
    void theStatisticalCanaryJudgeStopsABadChangeInWaveOneAndLetsAGoodOneThrough() {
        metrics.canaryLevel = 0.02; // error rate and latency doubled on the canary
        RolloutEngine statistical = new RolloutEngine(store, executor, metrics, CanaryWaveJudge.defaults(), clock, "replica-s",
                Duration.ofSeconds(30));
        engines.add(statistical);
        engine = statistical;
        Rollout bad = start(RolloutPolicy.defaults());
        Rollout stopped = runToEnd(bad.id());
        assertThat(stopped.state()).isEqualTo(RolloutState.ROLLED_BACK);
        WaveVerdict v = stopped.waves().getFirst().verdict();
        assertThat(v.outcome()).isEqualTo(WaveVerdict.Outcome.FAIL);
        assertThat(v.metrics()).extracting(WaveVerdict.MetricVerdict::name).containsExactly("error_rate", "latency_p50_ms");
        assertThat(executor.totalApplies()).isEqualTo(1);

        metrics.canaryLevel = metrics.baselineLevel;
        store.approvedChange("ch_2", "hash2", Provenance.human("alice"), T0);
        Rollout good = commands.start(OPERATOR, new RolloutCommands.StartRequest("ch_2", 1, "hash2", targets(), false,
                RolloutPolicy.defaults(), List.of()));
        assertThat(runToEnd(good.id()).state()).isEqualTo(RolloutState.COMPLETED);
    }

    @Test
    void unreachableMetricsHaltAndSaySoNeverPromote() {
        metrics.unreachable = true;
        Rollout r = start(RolloutPolicy.defaults());
        Rollout halted = runToEnd(r.id());
        assertThat(halted.state()).isEqualTo(RolloutState.HALTED);
        assertThat(halted.currentWave()).isEqualTo(1);
        assertThat(halted.reason()).contains("scripted-test-double is unavailable", "never promoted");
        assertThat(store.change("ch_1").state()).isEqualTo(ChangeState.HALTED);
        assertThat(executor.totalApplies()).isEqualTo(1);
    }

    @Test
    void noDataHaltsAtOnceAndTooFewSamplesWaitsThenHalts() {
        metrics.samples = 0;
        Rollout r = start(RolloutPolicy.defaults());
        assertThat(runToEnd(r.id()).reason()).contains("returned no data for error_rate (canary)");

        store.approvedChange("ch_2", "hash2", Provenance.human("alice"), T0);
        metrics.samples = 3;
        Rollout r2 = commands.start(OPERATOR, new RolloutCommands.StartRequest("ch_2", 1, "hash2", targets(), false,
                RolloutPolicy.defaults(), List.of()));
        engine.tick();
        clock.advance(Duration.ofMinutes(6)); // bake over, but within the wait for data
        engine.tick();
        assertThat(rollout(r2.id()).state()).isEqualTo(RolloutState.RUNNING);
        clock.advance(Duration.ofMinutes(5));
        engine.tick();
        assertThat(rollout(r2.id()).state()).isEqualTo(RolloutState.HALTED);
        assertThat(rollout(r2.id()).reason()).contains("too few samples");
        assertThat(rollout(r2.id()).currentWave()).isEqualTo(1);
    }

    @Test
    void anExecutorFailureRollsBackPerPolicyOrHalts() {
        executor.failWaves.add(2);
        Rollout r = start(RolloutPolicy.defaults());
        Rollout done = runToEnd(r.id());
        assertThat(done.state()).isEqualTo(RolloutState.ROLLED_BACK);
        assertThat(executor.rollbacks).extracting(ExecutionStep::wave).containsExactly(2, 1); // newest first

        store.approvedChange("ch_2", "hash2", Provenance.human("alice"), T0);
        Rollout r2 = commands.start(OPERATOR, new RolloutCommands.StartRequest("ch_2", 1, "hash2", targets(), false,
                RolloutPolicy.defaults().withAutoRollback(false), List.of()));
        Rollout halted = runToEnd(r2.id());
        assertThat(halted.state()).isEqualTo(RolloutState.HALTED);
        assertThat(halted.reason()).contains("wave 2 could not be applied", "leaves the rollback to an operator");
        // the operator retries after fixing the cause: a new attempt key, and the rollout completes
        executor.failWaves.clear();
        commands.resume(OPERATOR, r2.id());
        assertThat(runToEnd(r2.id()).state()).isEqualTo(RolloutState.COMPLETED);
    }

    @Test
    void anExecutorThatHangsTimesOutAndTheWaveFails() {
        executor.hang = new java.util.concurrent.CountDownLatch(1);
        RolloutPolicy p = new RolloutPolicy(3, Duration.ofMinutes(5), 0.5, 2, RolloutPolicy.Everywhere.SPLIT, false,
                Duration.ofMillis(50), Duration.ofMinutes(5), Duration.ofSeconds(10));
        Rollout r = start(p);
        engine.tick();
        assertThat(rollout(r.id()).state()).isEqualTo(RolloutState.HALTED);
        assertThat(rollout(r.id()).reason()).contains("did not finish within");
        executor.hang.countDown();
    }

    @Test
    void closingTheEngineDuringAStepRecordsNoOutcomeAndLeavesTheStepToBeRepeated() throws Exception {
        executor.hang = new java.util.concurrent.CountDownLatch(1);
        Rollout r = start(RolloutPolicy.defaults());
        java.util.concurrent.atomic.AtomicReference<Throwable> died = new java.util.concurrent.atomic.AtomicReference<>();
        Thread driver = Thread.ofPlatform().start(() -> {
            try {
                engine.tick();
            } catch (RuntimeException e) {
                died.set(e);
            }
        });
        for (int i = 0; i < 500 && rollout(r.id()).status().phase() != WaveStatus.Phase.APPLYING; i++) Thread.sleep(10);
        assertThat(rollout(r.id()).status().phase()).isEqualTo(WaveStatus.Phase.APPLYING);
        Thread.sleep(50); // the step is in the executor, which waits on the latch
        engine.close(); // interrupts the step: the double answers "interrupted", which must not count as a failure
        driver.join(10_000);
        assertThat(died.get()).isNotNull().hasMessageContaining("closed during step");
        Rollout after = rollout(r.id());
        assertThat(after.state()).isEqualTo(RolloutState.RUNNING);
        assertThat(after.status().phase()).isEqualTo(WaveStatus.Phase.APPLYING);
        assertThat(store.actions()).doesNotContain("rollout.wave.failed", "rollout.halted", "rollout.rolling-back");
    }

    @Test
    void aClockJumpingBackwardsNeverPromotesEarly() {
        Rollout r = start(RolloutPolicy.defaults());
        engine.tick();
        clock.advance(Duration.ofMinutes(4));
        clock.set(T0.minus(Duration.ofHours(1))); // NTP step backwards
        for (int i = 0; i < 10; i++) engine.tick();
        assertThat(rollout(r.id()).currentWave()).isEqualTo(1);
        assertThat(rollout(r.id()).status().phase()).isEqualTo(WaveStatus.Phase.BAKING);
        assertThat(metrics.queries).isEmpty(); // not even judged
    }

    @Test
    void aRestartedEngineResumesWithoutReapplyingAFinishedWave() {
        Rollout r = start(RolloutPolicy.defaults());
        engine.tick();
        clock.advance(Duration.ofMinutes(6));
        engine.tick(); // wave 1 passed; wave 2 applied
        // simulate a crash between "applying" and "applied": the step is persisted as started, the outcome is not
        Rollout cur = rollout(r.id());
        assertThat(cur.currentWave()).isEqualTo(2);
        engine.close();
        RolloutEngine restarted = engine("replica-a");
        engine = restarted;
        Rollout done = runToEnd(r.id());
        assertThat(done.state()).isEqualTo(RolloutState.COMPLETED);
        for (int w = 1; w <= done.plan().size(); w++) assertThat(executor.appliesOfWave(w)).isEqualTo(1);
    }

    @Test
    void aStepStartedBeforeACrashIsReplayedNotReapplied() {
        Rollout r = start(RolloutPolicy.defaults());
        engine.tick();
        // crash after the executor applied wave 1 but before the outcome was written: put the row back to APPLYING
        Rollout baking = rollout(r.id());
        store.inTransaction(tx -> {
            tx.updateRollout(baking.withWave(baking.status().with(WaveStatus.Phase.APPLYING, "")).written(T0), baking.version());
            return null;
        });
        engine.tick();
        assertThat(executor.appliesOfWave(1)).isEqualTo(1);
        assertThat(store.ledger().stream().filter(e -> e.action().equals("rollout.wave.applied"))
                .map(e -> e.payload().get("replayed")).toList()).containsExactly(false, true);
    }

    @Test
    void pauseResumeAbortAndFastRollbackAreAuditedAndRespected() {
        Rollout r = start(RolloutPolicy.defaults());
        engine.tick();
        commands.pause(AGENT, r.id(), "looks odd");
        clock.advance(Duration.ofHours(1));
        engine.tick();
        assertThat(rollout(r.id()).state()).isEqualTo(RolloutState.PAUSED);
        assertThat(store.change("ch_1").state()).isEqualTo(ChangeState.HALTED);
        assertThatThrownBy(() -> commands.resume(AGENT, r.id())).isInstanceOf(RolloutRefusedException.class);
        commands.resume(OPERATOR, r.id());
        assertThat(rollout(r.id()).status().bakeUntil()).isEqualTo(clock.instant().plus(Duration.ofMinutes(5)));
        Rollout back = commands.rollback(OPERATOR, r.id(), "customer reports");
        assertThat(back.state()).isEqualTo(RolloutState.ROLLING_BACK);
        assertThat(store.ledger().getLast().payload()).containsEntry("fast", true).containsEntry("analysis", "skipped");
        engine.tick();
        assertThat(rollout(r.id()).state()).isEqualTo(RolloutState.ROLLED_BACK);
        assertThat(metrics.queries).isEmpty(); // the rollback never consulted the analysis
        assertThatThrownBy(() -> commands.abort(OPERATOR, r.id(), "x")).hasMessageContaining("final");

        store.approvedChange("ch_2", "hash2", Provenance.human("alice"), T0);
        Rollout r2 = commands.start(OPERATOR, new RolloutCommands.StartRequest("ch_2", 1, "hash2", targets(), false,
                RolloutPolicy.defaults(), List.of()));
        engine.tick();
        Rollout aborted = commands.abort(OPERATOR, r2.id(), "doing it by hand");
        assertThat(aborted.state()).isEqualTo(RolloutState.ABORTED);
        assertThat(store.change("ch_2").state()).isEqualTo(ChangeState.ABORTED);
        assertThat(executor.rollbacks).extracting(ExecutionStep::changeId).doesNotContain("ch_2");
    }

    @Test
    void manualPromotionFollowsTheApprovalRules() {
        Rollout r = start(RolloutPolicy.defaults());
        engine.tick();
        assertThatThrownBy(() -> commands.promote(AGENT, r.id(), "")).isInstanceOf(RolloutRefusedException.class);
        assertThatThrownBy(() -> commands.promote(AUTHOR, r.id(), "")).hasMessageContaining("two-person rule");
        Principal noRole = new Principal("nora", Provenance.AuthorKind.HUMAN, "", List.of("dev"), "", "", false, T0);
        assertThatThrownBy(() -> commands.promote(noRole, r.id(), "")).hasMessageContaining("sre");
        Rollout promoted = commands.promote(OPERATOR, r.id(), "urgent fix, watched by hand");
        assertThat(promoted.currentWave()).isEqualTo(2);
        assertThat(promoted.waves().getFirst().phase()).isEqualTo(WaveStatus.Phase.PASSED);
        assertThat(store.ledger().getLast().payload()).containsEntry("manual", true);
        assertThatThrownBy(() -> commands.promote(OPERATOR, r.id(), "")).hasMessageContaining("only a wave that was applied");
    }

    @Test
    void theEmergencyStopHaltsEveryRolloutAndBlocksAllUntilAnAdminClearsIt() {
        Rollout r = start(RolloutPolicy.defaults());
        store.approvedChange("ch_2", "hash2", Provenance.human("alice"), T0);
        Rollout r2 = commands.start(OPERATOR, new RolloutCommands.StartRequest("ch_2", 1, "hash2", targets(), false,
                RolloutPolicy.defaults(), List.of()));
        engine.tick();
        List<Rollout> halted = commands.emergencyStop(AGENT, "incident 42");
        assertThat(halted).extracting(Rollout::id).containsExactlyInAnyOrder(r.id(), r2.id());
        clock.advance(Duration.ofHours(1));
        engine.tick();
        assertThat(executor.totalApplies()).isEqualTo(2);
        assertThatThrownBy(() -> commands.resume(OPERATOR, r.id())).hasMessageContaining("emergency stop");
        store.approvedChange("ch_3", "hash3", Provenance.human("alice"), T0);
        assertThatThrownBy(() -> commands.start(OPERATOR, new RolloutCommands.StartRequest("ch_3", 1, "hash3", targets(),
                false, RolloutPolicy.defaults(), List.of()))).hasMessageContaining("emergency stop");
        // rolling back stays possible: it is the way out
        commands.rollback(OPERATOR, r2.id(), "");
        engine.tick();
        assertThat(rollout(r2.id()).state()).isEqualTo(RolloutState.ROLLED_BACK);
        assertThatThrownBy(() -> commands.clearEmergencyStop(OPERATOR, "")).hasMessageContaining("admin");
        commands.clearEmergencyStop(ADMIN, "resolved");
        commands.resume(OPERATOR, r.id());
        assertThat(runToEnd(r.id()).state()).isEqualTo(RolloutState.COMPLETED);
    }

    @Test
    void startingNeedsAnApprovedChangeAtTheApprovedRevision() {
        assertThatThrownBy(() -> commands.start(OPERATOR, new RolloutCommands.StartRequest("ch_1", 1, "other", targets(),
                false, RolloutPolicy.defaults(), List.of()))).hasMessageContaining("plan again");
        start(RolloutPolicy.defaults());
        assertThatThrownBy(() -> start(RolloutPolicy.defaults())).isInstanceOf(RolloutRefusedException.class)
                .hasMessageContaining("rolling-out; only an approved change");
    }

    @Test
    void onlyTheLeaseHolderDrivesAndAnotherTakesOverAfterExpiry() {
        Rollout r = start(RolloutPolicy.defaults());
        RolloutEngine b = engine("replica-b");
        engine.tick(); // a takes the lease and applies wave 1
        clock.advance(Duration.ofMinutes(1));
        assertThat(b.tick()).isZero(); // a's lease is valid: b does nothing
        // a dies without releasing; after the lease expires, b takes over and finishes
        engine = b;
        clock.advance(Duration.ofMinutes(10));
        assertThat(runToEnd(r.id()).state()).isEqualTo(RolloutState.COMPLETED);
        for (int w = 1; w <= r.plan().size(); w++) assertThat(executor.appliesOfWave(w)).isEqualTo(1);
        assertThat(store.ledger().stream().map(e -> e.payload().get("replica")).filter(x -> x != null).distinct().toList())
                .containsExactly("replica-a", "replica-b");
    }
}
