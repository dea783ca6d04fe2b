package io.blastwall.cli.render;

import io.blastwall.core.blast.Alternative;
import io.blastwall.core.blast.BlastSummary;
import io.blastwall.core.blast.Impact;
import io.blastwall.core.policy.Finding;
import io.blastwall.core.verdict.ApprovalRequirement;
import io.blastwall.core.verdict.Assessment;
import io.blastwall.core.verdict.RiskScore;
import io.blastwall.formats.output.AssessmentJson;

import java.util.List;
import java.util.Locale;

/**
 * A Markdown summary fit for a pull-request comment (GitHub-flavoured Markdown), in the order a reviewer needs it:
 * the verdict and why, the top impacted components, the findings, the approvals required, the risk and its factors,
 * safer alternatives. Everything that came from inputs (titles, component names, addresses, messages) is escaped by
 * {@link #esc}: it cannot open HTML, links, images, code, tables, headings or mentions. Stateless and thread-safe.
 */
public final class MarkdownRenderer {

    /** A hidden marker that CI scripts look for to update their earlier comment instead of adding another. */
    public static final String MARKER = "<!-- blastwall-check -->";

    private MarkdownRenderer() {
    }

    public static String render(Assessment a, int maxImpacted) {
        StringBuilder sb = new StringBuilder(MARKER).append('\n');
        String verdict = switch (a.decision()) {
            case ALLOW -> "✅ ALLOW";
            case NEEDS_APPROVAL -> "🟡 NEEDS APPROVAL";
            case DENY -> "⛔ DENY";
        };
        sb.append("### Blastwall: ").append(verdict).append(" — risk ").append(a.risk().score()).append("/100\n\n");
        if (!a.change().title().isBlank()) sb.append("**").append(esc(a.change().title())).append("**\n\n");
        for (String line : a.explanation()) sb.append("- ").append(esc(line)).append('\n');

        BlastSummary s = a.blast().summary();
        int[] t = s.byTier();
        sb.append(String.format(Locale.ROOT, "%n#### Impact%n%n%d component(s); tier 0: %d, tier 1: %d, tier 2: %d, tier 3: %d; "
                + "%.0f%% of entry traffic degraded or worse.%n", s.impactedCount(), t[0], t[1], t[2], t[3], s.trafficShare() * 100));
        List<Impact> top = a.blast().impacted(maxImpacted);
        if (!top.isEmpty()) {
            sb.append("\n| Component | Severity | Tier | Why |\n|---|---|---|---|\n");
            for (Impact i : top) {
                sb.append("| ").append(esc(i.node())).append(" | ").append(i.severity().externalName()).append(" | ")
                        .append(i.tier()).append(" | ").append(esc(String.join(" → ", i.path()))).append(" |\n");
            }
            if (top.size() < s.impactedCount()) sb.append("\n…and ").append(s.impactedCount() - top.size()).append(" more.\n");
        }

        if (!a.findings().isEmpty()) {
            sb.append("\n#### Findings\n\n");
            for (Finding f : a.findings()) {
                sb.append("- `").append(AssessmentJson.effectName(f.effect())).append("` **").append(esc(f.policyId()))
                        .append("**: ").append(esc(f.message()));
                if (!f.actionAddress().isEmpty()) sb.append(" (").append(code(f.actionAddress())).append(')');
                sb.append('\n');
            }
        }

        if (!a.requirements().isEmpty()) {
            sb.append("\n#### Required before it may proceed\n\n");
            for (ApprovalRequirement r : a.requirements().approvals()) {
                sb.append("- [ ] ").append(esc(r.describe())).append(" — ").append(esc(String.join(", ", r.policies()))).append('\n');
            }
            a.requirements().rollout().ifPresent(r -> sb.append("- [ ] ").append(esc(r.describe())).append('\n'));
        }

        sb.append("\n#### Risk ").append(a.risk().score()).append("/100\n\n");
        if (a.risk().contributions().isEmpty()) sb.append("No risk factor applies.\n");
        for (RiskScore.Contribution c : a.risk().contributions()) {
            sb.append("- +").append(c.points()).append(' ').append(esc(c.factor()));
            if (!c.reason().isBlank()) sb.append(": ").append(esc(c.reason()));
            sb.append('\n');
        }

        if (!a.alternatives().isEmpty()) {
            sb.append("\n#### Safer alternatives\n\n");
            for (Alternative alt : a.alternatives()) sb.append("- ").append(esc(alt.description())).append('\n');
        }
        sb.append("\n<sub>change ").append(code(a.change().hash().substring(0, Math.min(12, a.change().hash().length()))))
                .append(" · estate ").append(esc(a.estateName())).append(" · ").append(a.estateNodes()).append(" components</sub>\n");
        return sb.toString();
    }

    /**
     * Escapes text that came from inputs for Markdown and inline HTML: HTML metacharacters become entities, Markdown
     * punctuation is backslash-escaped, line breaks become spaces (a line break could start a heading or a table
     * row), and an {@code @} gets a zero-width space after it so that {@code @team} in a resource name pings nobody.
     */
    public static String esc(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '@' -> sb.append("@&#8203;");
                // ( ) and ! only matter after ] and before [, which are escaped
                case '|', '*', '_', '`', '[', ']', '\\', '#', '~', '$' -> sb.append('\\').append(c);
                case '\n', '\r', '\t' -> sb.append(' ');
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    /** Text as inline code (outside tables): backticks and line breaks cannot end the span early. */
    static String code(String s) {
        return "`" + s.replace('`', '\'').replace('\n', ' ').replace('\r', ' ') + "`";
    }
}
