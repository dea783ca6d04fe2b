package io.blastwall.bench.detect;

import io.blastwall.core.change.Provenance;
import io.blastwall.core.estate.Estate;
import io.blastwall.core.rollout.InMemoryRolloutStore;
import io.blastwall.core.rollout.Rollout;
import io.blastwall.core.rollout.RolloutCommands;
import io.blastwall.core.rollout.RolloutEngine;
import io.blastwall.core.rollout.RolloutPolicy;
import io.blastwall.core.rollout.RolloutState;
import io.blastwall.core.rollout.RolloutTarget;
import io.blastwall.core.rollout.WaveJudge;
import io.blastwall.core.rollout.WavePlanner;
import io.blastwall.core.rollout.WaveStatus;
import io.blastwall.core.rollout.WaveVerdict;
import io.blastwall.core.store.Principal;
import io.blastwall.sim.ChangeBehaviour;
import io.blastwall.sim.LoadProfile;
import io.blastwall.sim.SimConfig;
import io.blastwall.sim.SimulatedChanges;
import io.blastwall.sim.Simulation;
import io.blastwall.sim.SimulatorExecutor;
import io.blastwall.sim.SimulatorMetricsSource;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Runs one {@link Scenario} end to end in virtual time: a fresh simulation of the estate, an approved change in an
 * {@link InMemoryRolloutStore}, the real {@link RolloutCommands} and {@link RolloutEngine} with the given judge, the
 * {@link SimulatorExecutor} and {@link SimulatorMetricsSource}. The engine reads the simulation's clock; the run moves
 * it {@link #STEP} at a time and ticks the engine after each move, until the rollout completes, is rolled back or
 * halts. Stateless; one call per thread at a time per scenario (each call builds its own simulation).
 */
public final class RolloutRun {

    /** How far the simulation moves between engine ticks (the metrics' resolution). */
    static final Duration STEP = Duration.ofSeconds(10);
    /** Simulated time before the rollout starts, so queues and noise are in their steady state. */
    static final Duration WARM_UP = Duration.ofMinutes(10);
    /** The day curve the load follows: 25 % of the declared peak at night, 95 % at 19:00 UTC. */
    static final LoadProfile DAY_CURVE = new LoadProfile.Diurnal(0.25, 0.95, 19);
    static final Principal OPERATOR = new Principal("bench", Provenance.AuthorKind.HUMAN, "Detection harness",
            List.of("sre"), "", "", false, Scenario.DAY);

    /**
     * What happened to one rollout.
     *
     * @param state       how it ended: COMPLETED, ROLLED_BACK, HALTED (waiting for an operator), or RUNNING when the
     *                    time limit ran out
     * @param stopWave    the wave it stopped at (0 when it completed)
     * @param waves       the number of waves planned
     * @param stoppedAt   when it stopped progressing (left RUNNING), if it did
     * @param firstEffect when the bad version's behaviour first took effect (first deployment plus its delay), if it did
     * @param reason      the rollout's reason for stopping (the verdict's reasons included), or empty
     * @param firstWave   the first wave's verdict per metric, to see why a miss passed
     */
    public record Result(Scenario scenario, RolloutState state, int stopWave, int waves, Optional<Instant> stoppedAt,
                         Optional<Instant> firstEffect, String reason, String firstWave) {

        /**
         * Whether the rollout failed to reach every target: rolled back, halted, or (never seen so far) still running
         * when the time limit ran out, which counts as stopped because the change did not spread.
         */
        public boolean stopped() {
            return state != RolloutState.COMPLETED;
        }

        /** Time from the first bad signal to the stop; empty when it did not stop or there was no bad signal yet. */
        public Optional<Duration> detection() {
            if (stoppedAt.isEmpty() || firstEffect.isEmpty() || stoppedAt.get().isBefore(firstEffect.get())) return Optional.empty();
            return Optional.of(Duration.between(firstEffect.get(), stoppedAt.get()));
        }
    }

    private RolloutRun() {
    }

    /** Runs {@code s} on {@code estate} under {@code policy} with {@code judge}. */
    public static Result run(Estate estate, Scenario s, RolloutPolicy policy, WaveJudge judge) {
        // 5 s ticks and no histograms: the model's numbers agree across tick sizes (docs/simulator.md) at a quarter
        // of the cost, and the metrics source reads the per-cell series, not the histograms
        SimConfig config = SimConfig.defaults().withTick(Duration.ofSeconds(5)).withHistograms(false).withLoad(DAY_CURVE);
        try (Simulation sim = Simulation.create(estate, config, s.seed(), s.start())) {
            sim.advance(WARM_UP);
            String changeId = "chg-" + s.index();
            String hash = "sha256:scenario-" + s.index();
            ChangeBehaviour behaviour = s.fault().behaviour(sim, s.canaryNode());
            SimulatedChanges changes = new SimulatedChanges().register(changeId, behaviour);
            InMemoryRolloutStore store = new InMemoryRolloutStore();
            store.approvedChange(changeId, hash, Provenance.human("alice"), sim.now());
            List<RolloutTarget> targets = WavePlanner.targets(estate, s.nodeIds());
            Rollout r = new RolloutCommands(store, sim.clock(), () -> "ro_" + s.index()).start(OPERATOR,
                    new RolloutCommands.StartRequest(changeId, 1, hash, targets, false, policy, List.of("sre")));
            // longest possible run: every wave baked and waiting its full time for data, twice over for rollbacks
            Duration limit = policy.bake().plus(policy.maxWaitForData()).plus(STEP).multipliedBy(2L * r.plan().size());
            Instant end = sim.now().plus(limit);
            Instant stoppedAt = null;
            int stopWave = 0;
            String reason = "";
            try (RolloutEngine engine = new RolloutEngine(store, new SimulatorExecutor(sim, changes),
                    new SimulatorMetricsSource(sim), judge, sim.clock(), "bench", Duration.ofMinutes(1))) {
                while (true) {
                    engine.tick();
                    Rollout now = store.findRollout(r.id()).orElseThrow();
                    if (stoppedAt == null && now.state() != RolloutState.RUNNING && now.state() != RolloutState.COMPLETED) {
                        stoppedAt = sim.now();
                        stopWave = now.currentWave();
                        reason = reason(now);
                    }
                    if (now.state().terminal() || now.state() == RolloutState.HALTED || !sim.now().isBefore(end)) {
                        String version = changeId + "-r" + r.revision();
                        return new Result(s, now.state(), stopWave, r.plan().size(), Optional.ofNullable(stoppedAt),
                                sim.firstEffect(version), reason, metrics(now.waves().getFirst()));
                    }
                    sim.advance(STEP);
                }
            }
        }
    }

    private static String metrics(WaveStatus w) {
        if (w.verdict() == null) return "";
        return String.join("; ", w.verdict().metrics().stream().map(m -> m.name() + " " + m.outcome() + ": " + m.detail()).toList());
    }

    /**
     * Why it stopped: the stop wave's verdict when it has one that did not pass (the engine rolls back within the same
     * tick, after which the rollout's own reason only says "rolled back"), else the rollout's reason.
     */
    private static String reason(Rollout r) {
        WaveStatus w = r.status();
        if (w.verdict() != null && w.verdict().outcome() != WaveVerdict.Outcome.PASS) {
            return "wave " + w.number() + " " + w.verdict().outcome().name().toLowerCase(java.util.Locale.ROOT) + ": "
                    + String.join("; ", w.verdict().reasons());
        }
        return r.reason();
    }
}
