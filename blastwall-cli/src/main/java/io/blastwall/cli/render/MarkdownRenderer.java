package io.blastwall.cli.render;

import io.blastwall.formats.output.AssessmentJson;
import io.blastwall.core.blast.Alternative;
import io.blastwall.core.blast.BlastSummary;
import io.blastwall.core.blast.Impact;
import io.blastwall.core.policy.Finding;
import io.blastwall.core.verdict.ApprovalRequirement;
import io.blastwall.core.verdict.Assessment;

import java.util.List;
import java.util.Locale;

/**
 * A Markdown summary fit for a pull-request comment: verdict, why, required approvals, top impacted components,
 * findings. Text from inputs is escaped so that a resource name cannot inject Markdown or HTML.
 */
public final class MarkdownRenderer {

    private MarkdownRenderer() {
    }

    public static String render(Assessment a, int maxImpacted) {
        StringBuilder sb = new StringBuilder();
        String verdict = switch (a.decision()) {
            case ALLOW -> "✅ ALLOW";
            case NEEDS_APPROVAL -> "🟡 NEEDS APPROVAL";
            case DENY -> "⛔ DENY";
        };
        sb.append("### Blastwall: ").append(verdict).append(" — risk ").append(a.risk().score()).append("/100\n\n");
        for (String line : a.explanation()) sb.append("- ").append(esc(line)).append('\n');
        if (!a.requirements().isEmpty()) {
            sb.append("\n**Required before it may proceed**\n\n");
            for (ApprovalRequirement r : a.requirements().approvals()) sb.append("- [ ] ").append(esc(r.describe())).append('\n');
            a.requirements().rollout().ifPresent(r -> sb.append("- [ ] ").append(esc(r.describe())).append('\n'));
        }
        if (!a.alternatives().isEmpty()) {
            sb.append("\n**Safer alternatives**\n\n");
            for (Alternative alt : a.alternatives()) sb.append("- ").append(esc(alt.description())).append('\n');
        }
        BlastSummary s = a.blast().summary();
        int[] t = s.byTier();
        sb.append(String.format(Locale.ROOT, "%n**Blast radius:** %d component(s); tier 0: %d, tier 1: %d, tier 2: %d, tier 3: %d; "
                + "%.0f%% of entry traffic degraded or worse%n%n", s.impactedCount(), t[0], t[1], t[2], t[3], s.trafficShare() * 100));
        List<Impact> top = a.blast().impacted(maxImpacted);
        if (!top.isEmpty()) {
            sb.append("| Component | Severity | Tier | Why |\n|---|---|---|---|\n");
            for (Impact i : top) {
                sb.append("| ").append(esc(i.node())).append(" | ").append(i.severity().externalName()).append(" | ")
                        .append(i.tier()).append(" | ").append(esc(String.join(" → ", i.path()))).append(" |\n");
            }
            if (top.size() < s.impactedCount()) sb.append("\n…and ").append(s.impactedCount() - top.size()).append(" more.\n");
        }
        if (!a.findings().isEmpty()) {
            sb.append("\n**Findings**\n\n");
            for (Finding f : a.findings()) {
                sb.append("- `").append(AssessmentJson.effectName(f.effect())).append("` **").append(esc(f.policyId()))
                        .append("**: ").append(esc(f.message()));
                if (!f.actionAddress().isEmpty()) sb.append(" (`").append(f.actionAddress().replace("`", "'")).append("`)");
                sb.append('\n');
            }
        }
        sb.append("\n<sub>change `").append(a.change().hash(), 0, Math.min(12, a.change().hash().length()))
                .append("` · estate ").append(esc(a.estateName())).append(" · ").append(a.estateNodes()).append(" components</sub>\n");
        return sb.toString();
    }

    /** Escapes Markdown and HTML metacharacters in text that came from inputs. */
    static String esc(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '|', '*', '_', '`', '[', ']', '\\', '#' -> sb.append('\\').append(c);
                case '\n', '\r' -> sb.append(' ');
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }
}
