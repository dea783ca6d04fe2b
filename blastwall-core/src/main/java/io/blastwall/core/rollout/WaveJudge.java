package io.blastwall.core.rollout;

import java.util.List;
import java.util.Map;

/**
 * Port: the canary analysis the rollout engine asks after each bake. The statistical judge
 * ({@code io.blastwall.core.canary.CanaryJudge}) is adapted to it; the engine only needs the outcome and the per-metric
 * results to record.
 *
 * <p>Contract: {@link #judge} never returns {@link WaveVerdict.Outcome#PASS} for a metric without enough samples on
 * both sides. Implementations are thread-safe.
 */
public interface WaveJudge {

    /** The metric names to fetch for both sides, in a fixed order. */
    List<String> metrics();

    /** Compares the canary samples with the baseline samples, both keyed by metric name. */
    WaveVerdict judge(Map<String, double[]> baseline, Map<String, double[]> canary);
}
