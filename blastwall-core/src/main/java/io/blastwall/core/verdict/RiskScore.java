package io.blastwall.core.verdict;

import java.util.List;

/**
 * A 0–100 risk score and the contributions that make it up (they add up to the score before capping at 100).
 * The score orders changes for reviewers; the verdict comes from policy, not from the score.
 */
public record RiskScore(int score, List<Contribution> contributions) {

    /** One factor's share of the score and why. */
    public record Contribution(String factor, int points, String reason) {
    }

    public RiskScore {
        if (score < 0 || score > 100) throw new IllegalArgumentException("score must be 0..100");
        contributions = List.copyOf(contributions);
    }
}
