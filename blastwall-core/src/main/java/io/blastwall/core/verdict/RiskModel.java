package io.blastwall.core.verdict;

import io.blastwall.core.blast.BlastReport;
import io.blastwall.core.blast.BlastSummary;
import io.blastwall.core.change.Action;
import io.blastwall.core.change.Change;

import java.util.ArrayList;
import java.util.List;

/**
 * Scores a change's risk from its blast radius and its author. Each factor adds points with a reason;
 * the points are chosen so that a data-losing change to a tier-0 component scores near the top on its own,
 * and a metadata-only change scores near zero.
 *
 * <p>Stateless and thread-safe.
 */
public final class RiskModel {

    private RiskModel() {
    }

    public static RiskScore score(Change change, BlastReport blast) {
        BlastSummary s = blast.summary();
        List<RiskScore.Contribution> c = new ArrayList<>();
        int sev = switch (s.maxSeverity()) {
            case DATA_LOSS -> 40;
            case OUTAGE -> 30;
            case OVERLOADED -> 25;
            case DEGRADED -> 15;
            case REDUCED_REDUNDANCY -> 12;
            case AT_RISK -> 8;
            case DELAYED -> 4;
            case NONE -> 0;
        };
        if (sev > 0) c.add(new RiskScore.Contribution("severity", sev, "worst impact: " + s.maxSeverity().externalName()));
        int tier = switch (s.minImpactedTier()) {
            case 0 -> 20;
            case 1 -> 12;
            case 2 -> 5;
            default -> 0;
        };
        if (tier > 0) c.add(new RiskScore.Contribution("tier", tier, "tier-" + s.minImpactedTier() + " components impacted"));
        int traffic = (int) Math.round(30 * Math.max(s.trafficShare(), s.trafficAtRisk() / 2));
        if (traffic > 0) {
            c.add(new RiskScore.Contribution("traffic", traffic, String.format(java.util.Locale.ROOT,
                    "%.0f%% of entry traffic degraded or worse, %.0f%% at risk", s.trafficShare() * 100, s.trafficAtRisk() * 100)));
        }
        if (s.multiRegion()) c.add(new RiskScore.Contribution("breadth", 10, "lands in several regions at once"));
        else if (s.multiZone()) c.add(new RiskScore.Contribution("breadth", 5, "lands in several zones at once"));
        if (s.impactedCount() > 1) {
            int breadth = (int) Math.min(10, Math.floor(Math.log(s.impactedCount()) / Math.log(2)));
            if (breadth > 0) c.add(new RiskScore.Contribution("reach", breadth, s.impactedCount() + " components impacted"));
        }
        int destructive = 0;
        for (Action a : change.actions()) if (a.kind().destructive()) destructive++;
        if (destructive > 0) {
            c.add(new RiskScore.Contribution("destructive", Math.min(15, 5 * destructive), destructive + " destructive action(s)"));
        }
        if (!s.unmappedActions().isEmpty()) {
            c.add(new RiskScore.Contribution("unknown", 10 + Math.min(10, 2 * s.unmappedActions().size()),
                    s.unmappedActions().size() + " action(s) on resources not in the estate: blast radius unknown"));
        }
        if (change.author().isAgent() && sev > 0) {
            c.add(new RiskScore.Contribution("author", 5, "proposed by an agent (" + change.author().id() + ")"));
        }
        if (s.belowPeak() || s.belowNPlusOne()) {
            c.add(new RiskScore.Contribution("capacity", 10, s.belowPeak() ? "capacity below peak load" : "N+1 lost"));
        }
        int total = 0;
        for (RiskScore.Contribution x : c) total += x.points();
        return new RiskScore(Math.min(100, total), c);
    }
}
