package io.blastwall.core.controlplane;

import io.blastwall.core.estate.Estate;
import io.blastwall.core.policy.PolicySet;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The estate and policy set changes are analysed against, with their versions. A version is a content hash of the
 * sources (so the same files give the same version on every replica and after restarts); approvals are bound to the
 * versions their analysis ran under.
 *
 * @param estate          the estate graph
 * @param policies        the compiled policy set
 * @param estateVersion   content hash of the estate sources
 * @param policyVersion   content hash of the policy sources
 * @param estateSources   where the estate came from (file names), for display
 * @param policySources   where the policies came from (file names or {@code bundled:default}), for display
 * @param loadedAt        when this set was loaded
 *
 * <p>Immutable (the estate and the compiled policy set are immutable).
 */
public record Config(Estate estate, PolicySet policies, String estateVersion, String policyVersion,
                     List<String> estateSources, List<String> policySources, Instant loadedAt) {
    public Config {
        Objects.requireNonNull(estate, "estate");
        Objects.requireNonNull(policies, "policies");
        Objects.requireNonNull(estateVersion, "estateVersion");
        Objects.requireNonNull(policyVersion, "policyVersion");
        estateSources = estateSources == null ? List.of() : List.copyOf(estateSources);
        policySources = policySources == null ? List.of() : List.copyOf(policySources);
        Objects.requireNonNull(loadedAt, "loadedAt");
    }
}
