package io.blastwall.core.rollout;

/**
 * Port: applies an approved change to the estate, one wave at a time (adapters: the simulator, Kubernetes through
 * fabric8, a configured command).
 *
 * <p>Contract: both operations are idempotent on {@link ExecutionStep#idempotencyKey()} — after a crash the engine
 * repeats the step it had persisted as started, and an executor that already finished it must report the earlier
 * outcome with {@code replayed = true} rather than apply again. {@link #rollBack} restores the targets to what they
 * were before the change's first wave (the executor records what it needs to, e.g. the previous Deployment template).
 * Both must respect the step's timeout and return a failed outcome rather than hang. Implementations are thread-safe.
 */
public interface RolloutExecutor {

    /** A short name for logs, the ledger and the console ({@code simulator}, {@code kubernetes}, {@code command}). */
    String name();

    /** Applies the change to the step's targets. */
    StepOutcome apply(ExecutionStep step);

    /** Returns the step's targets to their state before the change. */
    StepOutcome rollBack(ExecutionStep step);
}
