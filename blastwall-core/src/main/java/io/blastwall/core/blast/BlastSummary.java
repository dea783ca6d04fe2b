package io.blastwall.core.blast;

import java.util.List;
import java.util.Map;

/**
 * The blast radius summed up.
 *
 * @param maxSeverity          worst severity anywhere
 * @param impactedCount        components with any impact
 * @param bySeverity           counts per severity (external names), worst first
 * @param byTier               impacted counts for tiers 0..3
 * @param byRegion             impacted counts per region (empty region = global)
 * @param byOwner              impacted counts per owner
 * @param trafficShare         share of entry-point traffic degraded or worse (0..1)
 * @param trafficAtRisk        share of entry-point traffic at risk or worse (0..1)
 * @param landingRegions       regions the change's own targets lie in (where it lands at once)
 * @param landingZones         zones it lands in at once
 * @param landingCells         cells it lands in at once
 * @param multiRegion          lands in more than one region at once
 * @param multiZone            lands in more than one zone at once
 * @param belowPeak            some scale action leaves capacity below peak load
 * @param belowNPlusOne        some scale action loses N+1
 * @param zeroTargetEndpoints  live load balancers, DNS names, gateways left with every target down
 * @param unmappedActions      addresses of actions that map to no component (their blast radius is unknown)
 */
public record BlastSummary(Severity maxSeverity, int impactedCount, Map<String, Integer> bySeverity, int[] byTier,
                           Map<String, Integer> byRegion, Map<String, Integer> byOwner, double trafficShare,
                           double trafficAtRisk, List<String> landingRegions, List<String> landingZones,
                           List<String> landingCells, boolean multiRegion, boolean multiZone, boolean belowPeak,
                           boolean belowNPlusOne, List<String> zeroTargetEndpoints, List<String> unmappedActions) {

    public BlastSummary {
        byTier = byTier.clone();
        bySeverity = Map.copyOf(bySeverity);
        byRegion = Map.copyOf(byRegion);
        byOwner = Map.copyOf(byOwner);
        landingRegions = List.copyOf(landingRegions);
        landingZones = List.copyOf(landingZones);
        landingCells = List.copyOf(landingCells);
        zeroTargetEndpoints = List.copyOf(zeroTargetEndpoints);
        unmappedActions = List.copyOf(unmappedActions);
    }

    @Override
    public int[] byTier() {
        return byTier.clone();
    }

    /** The lowest (most critical) tier impacted, 4 when nothing is. */
    public int minImpactedTier() {
        for (int t = 0; t < 4; t++) if (byTier[t] > 0) return t;
        return 4;
    }
}
