package io.blastwall.core.rollout;

import java.util.Objects;

/**
 * The smallest unit a rollout applies a change to: one component of the estate in one zone (or the whole component
 * when it is regional or global and has no zones). Waves are sets of targets; executors and metrics sources are told
 * targets, never raw resource addresses.
 *
 * @param nodeId the estate component id
 * @param region its region, empty for global components
 * @param zone   the zone, empty when the component is not spread over zones
 *
 * <p>Immutable.
 */
public record RolloutTarget(String nodeId, String region, String zone) {
    public RolloutTarget {
        Objects.requireNonNull(nodeId, "nodeId");
        if (nodeId.isBlank()) throw new IllegalArgumentException("a rollout target needs a component id");
        region = region == null ? "" : region;
        zone = zone == null ? "" : zone;
    }

    /** {@code checkout-api-eu-west-1@eu-west-1a}, or the bare id without a zone. */
    public String key() {
        return zone.isEmpty() ? nodeId : nodeId + "@" + zone;
    }

    @Override
    public String toString() {
        return key();
    }
}
