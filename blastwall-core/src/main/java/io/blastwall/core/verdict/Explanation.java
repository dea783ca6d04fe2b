package io.blastwall.core.verdict;

import io.blastwall.core.blast.ActionImpact;
import io.blastwall.core.blast.BlastReport;
import io.blastwall.core.blast.BlastSummary;
import io.blastwall.core.blast.Severity;
import io.blastwall.core.change.Change;
import io.blastwall.core.policy.Effect;
import io.blastwall.core.policy.Finding;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Writes the plain-language explanation of a verdict: the verdict and its main reason first, then what else
 * the reviewer must know, in the order a tired on-call engineer needs it. Stateless.
 */
final class Explanation {

    private Explanation() {
    }

    static List<String> lines(Change change, BlastReport blast, List<Finding> findings, Decision decision, Requirements req) {
        List<String> out = new ArrayList<>();
        String who = change.author().isAgent()
                ? "agent " + change.author().id() + " acting for " + change.author().onBehalfOf()
                : (change.author().id().isEmpty() ? "an unidentified author" : change.author().id());
        Finding firstDeny = findings.stream().filter(f -> f.effect() instanceof Effect.Deny).findFirst().orElse(null);
        switch (decision) {
            case DENY -> out.add("DENIED: " + firstDeny.message() + " [" + firstDeny.policyId() + "]");
            case NEEDS_APPROVAL -> out.add("NEEDS APPROVAL: " + String.join("; ",
                    req.approvals().stream().map(ApprovalRequirement::describe).toList()) + ".");
            case ALLOW -> out.add("ALLOWED: no policy objects" + (req.rollout().isPresent() ? ", provided it rolls out progressively." : "."));
        }
        BlastSummary s = blast.summary();
        out.add("Proposed by " + who + "; " + change.actions().size() + " action(s), " + s.impactedCount()
                + " component(s) impacted, worst: " + s.maxSeverity().externalName() + ".");
        for (ActionImpact a : blast.actions()) {
            if (a.severity().atLeast(Severity.OVERLOADED)) {
                out.add(a.address() + ": " + a.mode() + ".");
            }
        }
        if (s.trafficShare() > 0) {
            out.add(String.format(Locale.ROOT, "%.0f%% of entry-point traffic is degraded or worse.", s.trafficShare() * 100));
        }
        if (!s.zeroTargetEndpoints().isEmpty()) {
            out.add("Left with no live targets: " + String.join(", ", s.zeroTargetEndpoints()) + ".");
        }
        if (s.multiRegion() || s.multiZone()) {
            out.add("Lands at once in " + (s.multiRegion() ? "regions " + String.join(", ", s.landingRegions())
                    : "zones " + String.join(", ", s.landingZones())) + ".");
        }
        if (!s.unmappedActions().isEmpty()) {
            out.add(s.unmappedActions().size() + " action(s) touch resources the estate does not know: their blast radius is unknown.");
        }
        for (Finding f : findings) {
            if (f == firstDeny) continue;
            String tag = switch (f.effect()) {
                case Effect.Deny d -> "deny";
                case Effect.Warn w -> "warn";
                case Effect.RequireApproval a -> "approval";
                case Effect.RequireProgressiveRollout r -> "rollout";
            };
            out.add(tag + ": " + f.message() + " [" + f.policyId() + "]");
        }
        req.rollout().ifPresent(r -> out.add("Requires a " + r.describe() + "."));
        return out;
    }
}
