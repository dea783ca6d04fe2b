package io.blastwall.core.rollout;

import java.util.Objects;

/**
 * What came of an executor step. A failure is a normal outcome (the rollout engine halts and rolls back per policy);
 * exceptions from an executor are treated as failures too, but executors should return this.
 *
 * @param succeeded whether every target of the step is now at the intended state
 * @param replayed  true when the executor had already completed this idempotency key and did nothing now
 * @param detail    one line for people ({@code updated 3 Deployments}, {@code exit 1 after 12 s})
 * @param output    captured output (command stdout/stderr, API responses), possibly truncated; never secrets
 *
 * <p>Immutable.
 */
public record StepOutcome(boolean succeeded, boolean replayed, String detail, String output) {
    public StepOutcome {
        Objects.requireNonNull(detail, "detail");
        output = output == null ? "" : output;
    }

    public static StepOutcome ok(String detail) {
        return new StepOutcome(true, false, detail, "");
    }

    public static StepOutcome failed(String detail, String output) {
        return new StepOutcome(false, false, detail, output);
    }
}
