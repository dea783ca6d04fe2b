package io.blastwall.core.approval;

import io.blastwall.core.change.Provenance;
import io.blastwall.core.verdict.ApprovalRequirement;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ApprovalRulesTest {

    private static final Provenance AGENT = Provenance.agent("agent:copilot", "m", "bob", "", "");
    private static final Instant T = Instant.parse("2026-11-25T10:00:00Z");
    private static final ApprovalRequirement TWO_SENIORS = new ApprovalRequirement(2, List.of("senior"), true,
            List.of("agent:copilot", "bob"), List.of("destructive-critical"));
    private static final ApprovalRequirement ONE_ANYONE = new ApprovalRequirement(1, List.of(), true,
            List.of("agent:copilot", "bob"), List.of("two-person-rule"));

    private static Vote vote(Approver a, String hash) {
        return new Vote(a, hash, "e1", "p1", T);
    }

    @Test
    void agentsAndTheAgentsHumanCanNeverApprove() {
        assertThat(ApprovalRules.refusal(new Approver("agent:other", true, List.of("senior")), AGENT))
                .get().asString().contains("agents never approve");
        assertThat(ApprovalRules.refusal(Approver.human("bob", "senior"), AGENT))
                .get().asString().contains("count as one author");
        assertThat(ApprovalRules.refusal(Approver.human("agent:copilot"), AGENT)).isPresent();
        assertThat(ApprovalRules.refusal(Approver.human("alice", "senior"), AGENT)).isEmpty();
        assertThat(ApprovalRules.refusal(Approver.human("alice"), Provenance.human("alice"))).isPresent();
    }

    @Test
    void rolesCountsAndOncePerPerson() {
        Approver alice = Approver.human("alice", "senior"), carol = Approver.human("carol", "engineer"),
                dan = Approver.human("dan", "senior", "admin");
        ApprovalStatus s = ApprovalRules.evaluate(List.of(TWO_SENIORS, ONE_ANYONE), AGENT,
                List.of(vote(alice, "h"), vote(alice, "h"), vote(carol, "h")), "h", "e1", "p1");
        assertThat(s.satisfied()).isFalse();
        assertThat(s.requirements().get(0).countedApprovers()).containsExactly("alice");
        assertThat(s.requirements().get(1).countedApprovers()).containsExactly("alice", "carol");
        assertThat(s.ignored()).extracting(ApprovalStatus.Ignored::reason).anyMatch(r -> r.contains("already counted"));

        ApprovalStatus done = ApprovalRules.evaluate(List.of(TWO_SENIORS, ONE_ANYONE), AGENT,
                List.of(vote(alice, "h"), vote(dan, "h")), "h", "e1", "p1");
        assertThat(done.satisfied()).isTrue();
        assertThat(done.requirements().get(0).describe()).startsWith("2 of 2 approvals from senior");
    }

    @Test
    void approvalsForAnOldRevisionOrAnotherVerdictDoNotCount() {
        Approver alice = Approver.human("alice", "senior");
        ApprovalStatus old = ApprovalRules.evaluate(List.of(ONE_ANYONE), AGENT, List.of(vote(alice, "old")), "new", "e1", "p1");
        assertThat(old.satisfied()).isFalse();
        assertThat(old.ignored().get(0).reason()).contains("another revision");
        ApprovalStatus rechecked = ApprovalRules.evaluate(List.of(ONE_ANYONE), AGENT,
                List.of(new Vote(alice, "h", "e0", "p1", T)), "h", "e1", "p1");
        assertThat(rechecked.satisfied()).isFalse();
        assertThat(rechecked.ignored().get(0).reason()).contains("re-checked");
    }

    @Test
    void theAgentsOperatorIsIgnoredEvenWhenSenior() {
        ApprovalStatus s = ApprovalRules.evaluate(List.of(ONE_ANYONE), AGENT,
                List.of(vote(Approver.human("bob", "senior"), "h")), "h", "e1", "p1");
        assertThat(s.satisfied()).isFalse();
        assertThat(s.ignored()).singleElement().extracting(ApprovalStatus.Ignored::approver).isEqualTo("bob");
    }

    @Test
    void noRequirementsMeansSatisfied() {
        assertThat(ApprovalRules.evaluate(List.of(), AGENT, List.of(), "h", "e", "p").satisfied()).isTrue();
    }
}
