package io.blastwall.core.canary;

/**
 * The outcome of a canary judgment, for one metric or the whole verdict. Only {@link #PASS} lets a rollout proceed;
 * {@link #INSUFFICIENT_DATA} means "wait for more data or halt", never "healthy".
 */
public enum Outcome {
    /** No significant deterioration beyond the tolerance. */
    PASS,
    /** Verdict only: some non-critical metrics failed, the score lies between the marginal and the pass threshold. */
    MARGINAL,
    /** Significant deterioration beyond the tolerance, or an SLO gate breached. */
    FAIL,
    /** Too few usable data points to judge (missing, NaN, fewer than the metric's minimum). */
    INSUFFICIENT_DATA
}
