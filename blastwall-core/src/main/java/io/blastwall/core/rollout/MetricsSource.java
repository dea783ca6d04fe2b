package io.blastwall.core.rollout;

/**
 * Port: where canary analysis reads metrics (adapters: the simulator directly, Prometheus over its HTTP API).
 *
 * <p>Contract: returns the samples observed in the window, in time order, possibly none — an empty array means "no
 * data", which the engine never treats as healthy. Throws {@link MetricsUnavailableException} when the source cannot
 * answer (unreachable, error response, unparseable answer, unknown metric); the engine then halts rather than
 * promotes. NaN values may be present and are the judge's to handle. Thread-safe.
 */
public interface MetricsSource {

    /** A short name for logs and the ledger ({@code simulator}, {@code prometheus http://…}). */
    String describe();

    /** The samples of {@code query}. */
    double[] fetch(MetricQuery query);
}
