package io.blastwall.core.canary;

import java.util.List;
import java.util.Objects;

/**
 * The verdict on a canary: its outcome, the score (share of metrics that passed), each metric's result and the
 * reasons, most important first (the first reason explains the outcome).
 *
 * <p>Immutable.
 */
public record CanaryVerdict(Outcome outcome, double score, List<MetricResult> metrics, List<String> reasons) {

    public CanaryVerdict {
        Objects.requireNonNull(outcome, "outcome");
        metrics = List.copyOf(metrics);
        reasons = List.copyOf(reasons);
    }

    /** Whether the rollout may proceed: only a PASS does. */
    public boolean passed() {
        return outcome == Outcome.PASS;
    }

    /** The result of the named metric, if judged. */
    public java.util.Optional<MetricResult> metric(String name) {
        return metrics.stream().filter(m -> m.metric().equals(name)).findFirst();
    }
}
