package io.blastwall.sim;

import io.blastwall.core.rollout.RolloutTarget;

/**
 * One cell (a node in a zone) as the simulation stands: its version, cumulative counts since the simulation started,
 * and the last tick's utilisation and observed median latency.
 *
 * <p>Immutable.
 *
 * @param target        the node and zone
 * @param version       the version it runs ({@link Simulation#BASE_VERSION} until a change is deployed)
 * @param requests      requests it received, retries included
 * @param errors        requests it answered with an error
 * @param retries       of the requests, how many were retries
 * @param degraded      requests answered without an error but degraded, because a soft dependency failed
 * @param utilisation   arrivals over capacity in the last tick (0 for unlimited capacity, may exceed 1)
 * @param medianLatencyMs observed median latency of the last tick that had traffic, milliseconds
 * @param inRotation    false while ejected for failing
 */
public record CellSnapshot(RolloutTarget target, String version, double requests, double errors, double retries, double degraded,
                           double utilisation, double medianLatencyMs, boolean inRotation) {

    /** Requests answered without an error. */
    public double successes() {
        return requests - errors;
    }

    /** Errors over requests, 0 without requests. */
    public double errorRate() {
        return requests > 0 ? errors / requests : 0;
    }
}
