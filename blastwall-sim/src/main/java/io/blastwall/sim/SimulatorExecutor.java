package io.blastwall.sim;

import io.blastwall.core.rollout.ExecutionStep;
import io.blastwall.core.rollout.RolloutExecutor;
import io.blastwall.core.rollout.StepOutcome;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The rollout executor port over a {@link Simulation}: applying a step deploys the change's version to the step's
 * targets, rolling back returns them to the version they ran before it. The version label of a change's revision is
 * {@link #versionLabel(ExecutionStep)}; its behaviour comes from {@link SimulatedChanges}.
 *
 * <p>Idempotent on the step's idempotency key: a key that already succeeded is answered with the earlier outcome and
 * {@code replayed = true}, without touching the simulation (failed steps may be retried). Honours the step's timeout:
 * when the simulation cannot be locked in time, or the change is registered to hang, the step fails as timed out.
 * Thread-safe.
 */
public final class SimulatorExecutor implements RolloutExecutor {

    private final Simulation sim;
    private final SimulatedChanges changes;
    private final Map<String, StepOutcome> done = new ConcurrentHashMap<>();

    public SimulatorExecutor(Simulation sim, SimulatedChanges changes) {
        this.sim = Objects.requireNonNull(sim, "sim");
        this.changes = Objects.requireNonNull(changes, "changes");
    }

    /** The simulation's version label for a step's change revision: {@code <changeId>-r<revision>}. */
    public static String versionLabel(ExecutionStep step) {
        return step.changeId() + "-r" + step.revision();
    }

    @Override
    public String name() {
        return "simulator";
    }

    @Override
    public StepOutcome apply(ExecutionStep step) {
        return run(step, true);
    }

    @Override
    public StepOutcome rollBack(ExecutionStep step) {
        return run(step, false);
    }

    private StepOutcome run(ExecutionStep step, boolean apply) {
        Objects.requireNonNull(step, "step");
        StepOutcome earlier = done.get(step.idempotencyKey());
        if (earlier != null) return new StepOutcome(earlier.succeeded(), true, earlier.detail(), earlier.output());
        SimulatedChanges.ExecutorFault fault = changes.faultFor(step.changeId());
        switch (fault) {
            case NONE -> { }
            case FAIL -> {
                return StepOutcome.failed("simulated failure of " + (apply ? "apply" : "rollback") + " for " + step.changeId(), "");
            }
            case HANG -> {
                return hang(step.timeout());
            }
        }
        String version = versionLabel(step);
        StepOutcome outcome;
        try {
            if (!sim.tryLock(step.timeout())) return timedOut(step.timeout());
            try {
                // the key is checked again under the lock: two threads replaying one step apply it once
                earlier = done.get(step.idempotencyKey());
                if (earlier != null) return new StepOutcome(earlier.succeeded(), true, earlier.detail(), earlier.output());
                if (!sim.runningUnlocked()) return StepOutcome.failed("the simulation is not running", "");
                if (apply) {
                    int changed = sim.deploy(version, step.targets(), changes.behaviourFor(step.changeId(), step.contentHash()));
                    outcome = StepOutcome.ok("deployed " + version + " to " + changed + " of " + step.targets().size()
                            + " targets (wave " + step.wave() + ")");
                } else {
                    int changed = sim.rollback(version, step.targets());
                    outcome = StepOutcome.ok("rolled back " + version + " on " + changed + " of " + step.targets().size()
                            + " targets (wave " + step.wave() + ")");
                }
                done.put(step.idempotencyKey(), outcome);
            } finally {
                sim.unlock();
            }
        } catch (IllegalArgumentException e) {
            return StepOutcome.failed("bad target: " + e.getMessage(), "");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return StepOutcome.failed("interrupted while waiting for the simulation", "");
        }
        return outcome;
    }

    private static StepOutcome hang(Duration timeout) {
        try {
            Thread.sleep(timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return StepOutcome.failed("interrupted", "");
        }
        return timedOut(timeout);
    }

    private static StepOutcome timedOut(Duration timeout) {
        return StepOutcome.failed("timed out after " + timeout.toMillis() + " ms", "");
    }
}
