package io.blastwall.core.canary;

/** Which way a metric's change hurts: a higher error rate or latency, a lower throughput, or any change at all. */
public enum Direction {
    /** The canary is worse when the metric is higher (error rate, latency). */
    INCREASE_IS_BAD,
    /** The canary is worse when the metric is lower (throughput, cache hit ratio). */
    DECREASE_IS_BAD,
    /** Any significant shift beyond the tolerance is bad (a metric that should stay put). */
    EITHER_IS_BAD
}
