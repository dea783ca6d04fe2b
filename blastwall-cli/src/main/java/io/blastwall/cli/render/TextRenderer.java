package io.blastwall.cli.render;

import io.blastwall.formats.output.AssessmentJson;
import io.blastwall.core.blast.ActionImpact;
import io.blastwall.core.blast.Alternative;
import io.blastwall.core.blast.BlastSummary;
import io.blastwall.core.blast.Impact;
import io.blastwall.core.blast.Severity;
import io.blastwall.core.change.Action;
import io.blastwall.core.policy.Finding;
import io.blastwall.core.verdict.ApprovalRequirement;
import io.blastwall.core.verdict.Assessment;
import io.blastwall.core.verdict.Decision;
import io.blastwall.core.verdict.RiskScore;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The text a tired on-call engineer reads first: the verdict and why in the first lines, then what must happen,
 * then the details (actions, impacted components with their paths, findings, risk). ANSI colour only when asked.
 */
public final class TextRenderer {

    private final boolean color;

    public TextRenderer(boolean color) {
        this.color = color;
    }

    public String render(Assessment a, int maxImpacted) {
        StringBuilder sb = new StringBuilder();
        String verdict = switch (a.decision()) {
            case ALLOW -> paint("ALLOW", "1;32");
            case NEEDS_APPROVAL -> paint("NEEDS APPROVAL", "1;33");
            case DENY -> paint("DENY", "1;31");
        };
        String title = a.change().title().isEmpty() ? "" : "  " + a.change().title();
        sb.append(verdict).append("  risk ").append(a.risk().score()).append("/100").append(title).append('\n');
        for (String line : a.explanation()) sb.append("  ").append(line).append('\n');

        if (!a.requirements().isEmpty()) {
            sb.append('\n').append(bold("Required before it may proceed")).append('\n');
            for (ApprovalRequirement r : a.requirements().approvals()) {
                sb.append("  - ").append(r.describe()).append("  [").append(String.join(", ", r.policies())).append("]\n");
            }
            a.requirements().rollout().ifPresent(r ->
                    sb.append("  - ").append(r.describe()).append("  [").append(String.join(", ", r.policies())).append("]\n"));
        }
        if (!a.alternatives().isEmpty()) {
            sb.append('\n').append(bold("Safer alternatives")).append('\n');
            for (Alternative alt : a.alternatives()) sb.append("  - ").append(alt.description()).append('\n');
        }

        sb.append('\n').append(bold("Actions")).append(" (").append(a.change().actions().size()).append(")\n");
        List<Action> actions = a.change().actions();
        for (int i = 0; i < actions.size(); i++) {
            Action act = actions.get(i);
            ActionImpact imp = a.blast().actions().get(i);
            sb.append("  ").append(String.format(Locale.ROOT, "%-8s", act.kind().externalName())).append(' ')
                    .append(act.address());
            if (act.mapped()) sb.append(" -> ").append(String.join(", ", act.nodes()));
            else if (!act.inert()) sb.append(paint(" -> (not in the estate: blast radius unknown)", "33"));
            if (imp.severity() != Severity.NONE) sb.append("  ").append(sev(imp.severity())).append(": ").append(imp.mode());
            sb.append('\n');
        }

        BlastSummary s = a.blast().summary();
        sb.append('\n').append(bold("Blast radius")).append(": ").append(s.impactedCount()).append(" component(s)");
        if (!s.bySeverity().isEmpty()) {
            sb.append(" — ");
            boolean first = true;
            for (Map.Entry<String, Integer> e : s.bySeverity().entrySet()) {
                if (!first) sb.append(", ");
                first = false;
                sb.append(e.getValue()).append(' ').append(e.getKey());
            }
        }
        sb.append('\n');
        int[] t = s.byTier();
        sb.append(String.format(Locale.ROOT, "  by tier: 0:%d 1:%d 2:%d 3:%d   traffic degraded: %.0f%%   at risk: %.0f%%%n",
                t[0], t[1], t[2], t[3], s.trafficShare() * 100, s.trafficAtRisk() * 100));
        if (!s.byRegion().isEmpty()) sb.append("  by region: ").append(join(s.byRegion())).append('\n');
        if (!s.byOwner().isEmpty()) sb.append("  by owner:  ").append(join(s.byOwner())).append('\n');
        if (!s.landingZones().isEmpty() || !s.landingRegions().isEmpty()) {
            sb.append("  lands at once in: ").append(String.join(", ", s.landingRegions()));
            if (!s.landingZones().isEmpty()) sb.append(" / zones ").append(String.join(", ", s.landingZones()));
            sb.append('\n');
        }
        List<Impact> impacted = a.blast().impacted(maxImpacted);
        for (Impact i : impacted) {
            sb.append("  ").append(String.format(Locale.ROOT, "%-19s", sev(i.severity()))).append(" tier ").append(i.tier())
                    .append("  ").append(i.node());
            if (i.path().size() > 1) sb.append("  via ").append(String.join(" <- ", i.path().reversed().subList(1, i.path().size())));
            sb.append('\n');
        }
        if (impacted.size() < s.impactedCount()) {
            sb.append("  … and ").append(s.impactedCount() - impacted.size()).append(" more (use --max-impacted or --format json)\n");
        }

        if (!a.findings().isEmpty()) {
            sb.append('\n').append(bold("Findings")).append('\n');
            for (Finding f : a.findings()) {
                sb.append("  ").append(String.format(Locale.ROOT, "%-28s", AssessmentJson.effectName(f.effect())))
                        .append(f.policyId()).append(": ").append(f.message());
                if (!f.actionAddress().isEmpty()) sb.append("  (").append(f.actionAddress()).append(')');
                sb.append('\n');
            }
        }
        sb.append('\n').append(bold("Risk")).append(' ').append(a.risk().score()).append("/100: ");
        boolean first = true;
        for (RiskScore.Contribution c : a.risk().contributions()) {
            if (!first) sb.append(", ");
            first = false;
            sb.append(c.factor()).append(" +").append(c.points());
        }
        sb.append('\n');
        sb.append("change ").append(a.change().hash(), 0, Math.min(16, a.change().hash().length())).append("…  estate ")
                .append(a.estateName().isEmpty() ? "(unnamed)" : a.estateName()).append(" (").append(a.estateNodes())
                .append(" nodes)\n");
        if (a.decision() == Decision.DENY) sb.append(paint("This change must not proceed.", "31")).append('\n');
        return sb.toString();
    }

    private String sev(Severity s) {
        String code = switch (s) {
            case DATA_LOSS, OUTAGE -> "1;31";
            case OVERLOADED, DEGRADED -> "31";
            case REDUCED_REDUNDANCY, AT_RISK -> "33";
            case DELAYED, NONE -> "36";
        };
        return paint(s.externalName(), code);
    }

    private static String join(Map<String, Integer> m) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, Integer> e : m.entrySet()) {
            if (sb.length() > 0) sb.append(", ");
            sb.append(e.getKey()).append(' ').append(e.getValue());
        }
        return sb.toString();
    }

    private String bold(String s) {
        return paint(s, "1");
    }

    private String paint(String s, String code) {
        return color ? "\u001b[" + code + "m" + s + "\u001b[0m" : s;
    }
}
