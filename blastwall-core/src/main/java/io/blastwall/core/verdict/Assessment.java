package io.blastwall.core.verdict;

import io.blastwall.core.blast.Alternative;
import io.blastwall.core.blast.BlastReport;
import io.blastwall.core.change.Change;
import io.blastwall.core.policy.Finding;

import java.time.Instant;
import java.util.List;

/**
 * Everything a check concludes about one change: the change as mapped onto the estate, its blast radius, the
 * policy findings, the verdict with what must still happen, the risk score, safer alternatives, and a
 * plain-language explanation whose first line says the verdict and why.
 *
 * <p>Immutable.
 */
public record Assessment(Change change, BlastReport blast, List<Finding> findings, Decision decision,
                         Requirements requirements, RiskScore risk, List<Alternative> alternatives,
                         List<String> explanation, String estateName, int estateNodes, int estateEdges,
                         Instant evaluatedAt) {
    public Assessment {
        findings = List.copyOf(findings);
        alternatives = List.copyOf(alternatives);
        explanation = List.copyOf(explanation);
    }
}
