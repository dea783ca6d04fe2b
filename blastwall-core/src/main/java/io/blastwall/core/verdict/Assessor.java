package io.blastwall.core.verdict;

import io.blastwall.core.blast.BlastRadiusEngine;
import io.blastwall.core.blast.BlastReport;
import io.blastwall.core.change.Change;
import io.blastwall.core.change.ChangeMapper;
import io.blastwall.core.estate.Estate;
import io.blastwall.core.policy.Effect;
import io.blastwall.core.policy.Finding;
import io.blastwall.core.policy.PolicySet;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Checks a change: maps it onto the estate, computes its blast radius, evaluates the policies and folds their
 * findings into a verdict. Denials win over approvals; approvals with the same roles and independence merge into
 * the largest count; rollout requirements merge into the strictest. Warnings never change the decision.
 * A policy that cannot be evaluated throws (the caller fails closed); it never yields "allow".
 *
 * <p>Thread-safe when the policy set is (compiled policy sets are). The clock is injected so that time-based
 * policies are testable.
 */
public final class Assessor {

    private final Estate estate;
    private final PolicySet policies;
    private final Clock clock;

    public Assessor(Estate estate, PolicySet policies, Clock clock) {
        this.estate = estate;
        this.policies = policies;
        this.clock = clock;
    }

    public Assessment assess(Change change) {
        Change mapped = ChangeMapper.map(change, estate);
        BlastReport blast = BlastRadiusEngine.analyse(estate, mapped);
        Instant now = clock.instant();
        List<Finding> findings = policies.evaluate(PolicyFacts.of(estate, mapped, blast, now));
        Decision decision = Decision.ALLOW;
        Map<String, ApprovalRequirement> approvals = new LinkedHashMap<>();
        RolloutRequirement rollout = null;
        List<String> excluded = new ArrayList<>();
        if (!mapped.author().id().isEmpty()) excluded.add(mapped.author().id());
        if (mapped.author().isAgent()) excluded.add(mapped.author().onBehalfOf());
        for (Finding f : findings) {
            switch (f.effect()) {
                case Effect.Deny d -> decision = Decision.DENY;
                case Effect.Warn w -> { }
                case Effect.RequireApproval a -> {
                    if (decision == Decision.ALLOW) decision = Decision.NEEDS_APPROVAL;
                    List<String> roles = List.copyOf(new TreeSet<>(a.roles()));
                    String key = roles + "|" + a.independentOfAuthor();
                    ApprovalRequirement prev = approvals.get(key);
                    LinkedHashSet<String> ids = new LinkedHashSet<>();
                    if (prev != null) ids.addAll(prev.policies());
                    ids.add(f.policyId());
                    int count = prev == null ? a.count() : Math.max(prev.count(), a.count());
                    approvals.put(key, new ApprovalRequirement(count, roles, a.independentOfAuthor(),
                            a.independentOfAuthor() ? excluded : List.of(), List.copyOf(ids)));
                }
                case Effect.RequireProgressiveRollout r -> rollout = mergeRollout(rollout, r, f.policyId());
            }
        }
        Requirements req = new Requirements(List.copyOf(approvals.values()), Optional.ofNullable(rollout));
        RiskScore risk = RiskModel.score(mapped, blast);
        List<String> explanation = Explanation.lines(mapped, blast, findings, decision, req);
        return new Assessment(mapped, blast, findings, decision, req, risk, blast.alternatives(), explanation,
                estate.name(), estate.nodeCount(), estate.edgeCount(), now);
    }

    private static RolloutRequirement mergeRollout(RolloutRequirement prev, Effect.RequireProgressiveRollout r, String policy) {
        if (prev == null) return new RolloutRequirement(r.minWaves(), r.bakeTime(), r.maxShareAtOnce(), List.of(policy));
        List<String> ids = new ArrayList<>(prev.policies());
        if (!ids.contains(policy)) ids.add(policy);
        Duration bake = prev.bakeTime().compareTo(r.bakeTime()) >= 0 ? prev.bakeTime() : r.bakeTime();
        return new RolloutRequirement(Math.max(prev.minWaves(), r.minWaves()), bake,
                Math.min(prev.maxShareAtOnce(), r.maxShareAtOnce()), ids);
    }
}
