package io.blastwall.formats.policy;

import io.blastwall.core.policy.Effect;
import io.blastwall.core.policy.Finding;
import io.blastwall.core.policy.PolicySet;
import io.blastwall.core.policy.PolicySpec;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static io.blastwall.formats.policy.TestFacts.action;
import static io.blastwall.formats.policy.TestFacts.benign;
import static io.blastwall.formats.policy.TestFacts.capacity;
import static io.blastwall.formats.policy.TestFacts.inZone;
import static io.blastwall.formats.policy.TestFacts.stateful;
import static io.blastwall.formats.policy.TestFacts.tier;
import static io.blastwall.formats.policy.TestFacts.unmapped;
import static org.assertj.core.api.Assertions.assertThat;

/** Every default policy fires on facts that should trigger it and stays quiet on facts that should not. */
class DefaultPackTest {

    private static final List<PolicySpec> PACK = PolicyPacks.defaultPack();
    private static final PolicySet SET = PolicySet.compile(PACK);

    /** Friday 17:00 in London (GMT in March): inside the default weekly freeze. */
    private static final Instant FRIDAY_EVENING = Instant.parse("2026-03-06T17:00:00Z");

    private static List<Finding> findings(TestFacts f) {
        return SET.evaluate(f.input());
    }

    private static Set<String> fired(TestFacts f) {
        return findings(f).stream().map(Finding::policyId).collect(Collectors.toSet());
    }

    private static Finding only(TestFacts f, String id) {
        List<Finding> mine = findings(f).stream().filter(x -> x.policyId().equals(id)).toList();
        assertThat(mine).as("findings of " + id).hasSize(1);
        return mine.getFirst();
    }

    private static PolicySpec spec(String id) {
        return PACK.stream().filter(p -> p.id().equals(id)).findFirst().orElseThrow();
    }

    private static TestFacts deletes(int n) {
        TestFacts f = new TestFacts();
        for (int i = 0; i < n; i++) f.add(action("aws_sqs_queue.q" + i, "delete"));
        return f;
    }

    @Test
    void packLoadsFromTheIndexAndEveryPolicyIsCoveredHere() {
        assertThat(PACK).extracting(PolicySpec::id).containsExactlyInAnyOrder(
                "destructive-stateful", "destructive-critical", "agent-critical-change", "two-person-rule",
                "progressive-rollout", "capacity-below-peak", "capacity-below-n-plus-one", "zero-live-targets",
                "bulk-delete-limit", "bulk-delete-review", "freeze-window", "freeze-window-agents",
                "unmapped-resource", "unmapped-review", "traffic-share");
        assertThat(PACK).allSatisfy(p -> {
            assertThat(p.where().file()).startsWith("classpath:io/blastwall/policies/default/").endsWith(p.id() + ".yaml");
            assertThat(p.description()).isNotBlank();
        });
    }

    @Test
    void benignChangeFiresNothing() {
        assertThat(findings(benign())).isEmpty();
    }

    @Test
    void destructiveStateful() {
        TestFacts f = new TestFacts().add(stateful(action("aws_db_instance.orders", "delete"), 2));
        Finding x = only(f, "destructive-stateful");
        assertThat(x.effect()).isInstanceOf(Effect.Deny.class);
        assertThat(x.actionAddress()).isEqualTo("aws_db_instance.orders");
        assertThat(x.message()).contains("aws_db_instance.orders would be deleted", "aws_db_instance-orders");

        Map<String, Object> replaceLast = stateful(action("aws_db_instance.orders", "replace"), 2);
        replaceLast.put("replaceOrder", "create-then-delete");
        assertThat(fired(new TestFacts().add(replaceLast))).contains("destructive-stateful");

        assertThat(fired(new TestFacts().add(action("aws_instance.web", "delete")))).doesNotContain("destructive-stateful");
        Map<String, Object> statelessReplace = action("aws_instance.web", "replace");
        statelessReplace.put("replaceOrder", "create-then-delete");
        assertThat(fired(new TestFacts().add(statelessReplace))).doesNotContain("destructive-stateful");
        assertThat(fired(new TestFacts().add(stateful(action("aws_db_instance.orders", "update"), 2))))
                .doesNotContain("destructive-stateful");
    }

    @Test
    void destructiveCritical() {
        Finding x = only(new TestFacts().add(tier(action("aws_lb.front", "delete"), 1)), "destructive-critical");
        assertThat(x.effect()).isEqualTo(new Effect.RequireApproval(2, List.of("senior"), true));
        assertThat(x.message()).contains("tier 1");
        assertThat(fired(new TestFacts().add(tier(action("aws_lb.front", "delete"), 2)))).doesNotContain("destructive-critical");
        assertThat(fired(new TestFacts().add(tier(action("aws_lb.front", "update"), 0)))).doesNotContain("destructive-critical");
    }

    @Test
    void agentCriticalChange() {
        TestFacts agentOnTier1 = new TestFacts().byAgent("claude-ops", "bob").add(tier(action("aws_lb.front", "update"), 1));
        Finding x = only(agentOnTier1, "agent-critical-change");
        assertThat(x.effect()).isEqualTo(new Effect.RequireApproval(1, List.of("senior"), true));
        assertThat(x.message()).contains("claude-ops", "other than bob");

        TestFacts agentImpactingTier0 = new TestFacts().byAgent("claude-ops", "bob").add(action("aws_ecs_service.web", "config"))
                .blast("minImpactedTier", 0L);
        assertThat(fired(agentImpactingTier0)).contains("agent-critical-change");

        assertThat(fired(new TestFacts().add(tier(action("aws_lb.front", "update"), 1)))).doesNotContain("agent-critical-change");
        assertThat(fired(benign().byAgent("claude-ops", "bob").blast("minImpactedTier", 2L)))
                .doesNotContain("agent-critical-change");
        assertThat(fired(new TestFacts().byAgent("claude-ops", "bob").add(tier(action("aws_lb.front", "read"), 0))))
                .doesNotContain("agent-critical-change");
    }

    @Test
    void twoPersonRule() {
        Finding x = only(new TestFacts().add(tier(action("aws_lb.front", "update"), 1)), "two-person-rule");
        assertThat(x.effect()).isEqualTo(new Effect.RequireApproval(1, List.of(), true));
        assertThat(x.message()).contains("other than alice");
        assertThat(fired(benign().blast("minImpactedTier", 0L))).contains("two-person-rule");
        // a metadata-only update (tags) on a tier-0 component cannot break it: no second person needed
        Map<String, Object> retag = tier(action("aws_lb.front", "update"), 0);
        retag.put("severity", "none");
        assertThat(fired(new TestFacts().add(retag))).doesNotContain("two-person-rule");
        assertThat(fired(new TestFacts().byAgent("claude-ops", "bob").add(retag))).doesNotContain("agent-critical-change");
        // an agent's change names the human it acts for as the author who may not approve
        assertThat(only(new TestFacts().byAgent("claude-ops", "bob").add(tier(action("aws_lb.front", "update"), 0)),
                "two-person-rule").message()).contains("other than bob");

        assertThat(fired(new TestFacts().add(tier(action("aws_lb.front", "update"), 2)).blast("minImpactedTier", 1L)))
                .doesNotContain("two-person-rule");
        assertThat(fired(new TestFacts().add(tier(action("aws_lb.front", "read"), 0)))).doesNotContain("two-person-rule");
    }

    @Test
    void progressiveRollout() {
        TestFacts twoZones = new TestFacts()
                .add(inZone(action("aws_ecs_service.web", "config"), "eu-west-1", "eu-west-1a"))
                .add(inZone(action("aws_ecs_service.api", "config"), "eu-west-1", "eu-west-1b"));
        Finding x = only(twoZones, "progressive-rollout");
        assertThat(x.effect()).isEqualTo(new Effect.RequireProgressiveRollout(3, Duration.ofMinutes(10), 0.34));
        assertThat(x.message()).contains("2 zone(s)");
        assertThat(only(benign().everywhere(), "progressive-rollout").message()).contains("every region at once");
        assertThat(fired(benign().blast("multiRegion", true))).contains("progressive-rollout");

        assertThat(fired(benign())).doesNotContain("progressive-rollout");
        TestFacts newEverywhere = new TestFacts()
                .add(inZone(action("aws_ecs_service.web", "create"), "eu-west-1", "eu-west-1a"))
                .add(inZone(action("aws_ecs_service.web2", "create"), "us-east-1", "us-east-1a"));
        assertThat(fired(newEverywhere)).doesNotContain("progressive-rollout");
    }

    @Test
    void capacityBelowPeakAndBelowNPlusOneAreDistinct() {
        TestFacts belowPeak = new TestFacts().add(capacity(action("aws_autoscaling_group.web", "scale"), true, true));
        Finding peak = only(belowPeak, "capacity-below-peak");
        assertThat(peak.effect()).isInstanceOf(Effect.Deny.class);
        assertThat(peak.message()).contains("overloaded at peak", "Keep at least 4");
        assertThat(fired(belowPeak)).doesNotContain("capacity-below-n-plus-one");

        TestFacts belowN1 = new TestFacts().add(capacity(action("aws_autoscaling_group.web", "scale"), false, true));
        Finding n1 = only(belowN1, "capacity-below-n-plus-one");
        assertThat(n1.effect()).isInstanceOf(Effect.Deny.class);
        assertThat(n1.message()).contains("N+1").isNotEqualTo(peak.message());
        assertThat(fired(belowN1)).doesNotContain("capacity-below-peak");

        TestFacts fine = new TestFacts().add(capacity(action("aws_autoscaling_group.web", "scale"), false, false));
        assertThat(fired(fine)).doesNotContain("capacity-below-peak", "capacity-below-n-plus-one");
        // unchecked capacity says nothing either way
        assertThat(fired(benign())).doesNotContain("capacity-below-peak", "capacity-below-n-plus-one");
    }

    @Test
    void zeroLiveTargets() {
        Finding x = only(benign().blast("zeroTargetEndpoints", List.of("dns:shop.example.com", "lb:front")), "zero-live-targets");
        assertThat(x.effect()).isInstanceOf(Effect.Deny.class);
        assertThat(x.message()).contains("dns:shop.example.com, lb:front");
        assertThat(fired(benign())).doesNotContain("zero-live-targets");
    }

    @Test
    void bulkDeleteLimitAndReview() {
        assertThat(only(deletes(6), "bulk-delete-limit").effect()).isInstanceOf(Effect.Deny.class);
        assertThat(fired(deletes(5))).doesNotContain("bulk-delete-limit").contains("bulk-delete-review");
        assertThat(only(deletes(3), "bulk-delete-review").effect()).isEqualTo(new Effect.RequireApproval(1, List.of(), true));
        assertThat(fired(deletes(2))).doesNotContain("bulk-delete-review", "bulk-delete-limit");

        // the limit is a parameter
        PolicySet relaxed = PolicySet.compile(List.of(spec("bulk-delete-limit").withParams(Map.of("maxDeletes", 10))));
        assertThat(relaxed.evaluate(deletes(6).input())).isEmpty();
        assertThat(relaxed.evaluate(deletes(11).input())).hasSize(1);
    }

    @Test
    void weeklyFreezeWindow() {
        Finding human = only(benign().at(FRIDAY_EVENING), "freeze-window");
        assertThat(human.effect()).isEqualTo(new Effect.RequireApproval(1, List.of("senior"), true));
        assertThat(fired(benign().at(FRIDAY_EVENING))).doesNotContain("freeze-window-agents");

        TestFacts agent = benign().byAgent("claude-ops", "bob").at(FRIDAY_EVENING);
        assertThat(only(agent, "freeze-window-agents").effect()).isInstanceOf(Effect.Deny.class);
        assertThat(fired(agent)).doesNotContain("freeze-window");

        // window edges, in London time (GMT in March, BST in July)
        assertThat(fired(benign().at(Instant.parse("2026-03-06T15:59:00Z")))).doesNotContain("freeze-window");
        assertThat(fired(benign().at(Instant.parse("2026-03-06T16:00:00Z")))).contains("freeze-window");
        assertThat(fired(benign().at(Instant.parse("2026-03-08T12:00:00Z")))).contains("freeze-window");
        assertThat(fired(benign().at(Instant.parse("2026-03-09T07:59:00Z")))).contains("freeze-window");
        assertThat(fired(benign().at(Instant.parse("2026-03-09T08:00:00Z")))).doesNotContain("freeze-window");
        assertThat(fired(benign().at(Instant.parse("2026-07-03T15:30:00Z")))).contains("freeze-window");
        assertThat(fired(benign().at(Instant.parse("2026-07-03T14:59:00Z")))).doesNotContain("freeze-window");
        assertThat(fired(benign().at(TestFacts.WEDNESDAY))).doesNotContain("freeze-window", "freeze-window-agents");

        // a read-only change is not held up by a freeze
        TestFacts readOnly = new TestFacts().add(action("aws_ecs_service.web", "read")).at(FRIDAY_EVENING);
        assertThat(fired(readOnly)).doesNotContain("freeze-window");
    }

    @Test
    void oneOffFreezeWindowAndParamDrivenWeeklyWindow() {
        PolicySet christmas = PolicySet.compile(List.of(spec("freeze-window").withParams(Map.of(
                "windows", List.of(Map.of("start", "2026-12-21T00:00:00Z", "end", "2027-01-04T00:00:00Z")),
                "weekly", List.of(Map.of("timeZone", "America/New_York",
                        "from", Map.of("day", "wednesday", "time", "09:00"), "to", Map.of("day", "wednesday", "time", "09:30")))))));
        assertThat(christmas.evaluate(benign().at(Instant.parse("2026-12-24T12:00:00Z")).input())).hasSize(1);
        assertThat(christmas.evaluate(benign().at(Instant.parse("2027-01-04T00:00:00Z")).input())).isEmpty();
        assertThat(christmas.evaluate(benign().at(Instant.parse("2026-12-20T23:59:59Z")).input())).isEmpty();
        // default Friday window replaced: Friday evening is open, Wednesday 09:15 New York is frozen
        assertThat(christmas.evaluate(benign().at(FRIDAY_EVENING).input())).isEmpty();
        assertThat(christmas.evaluate(benign().at(Instant.parse("2026-03-04T14:15:00Z")).input())).hasSize(1);
        assertThat(christmas.evaluate(benign().at(Instant.parse("2026-03-04T14:30:00Z")).input())).isEmpty();
    }

    @Test
    void freezePoliciesShareTheirWindows() {
        assertThat(spec("freeze-window").params()).isEqualTo(spec("freeze-window-agents").params());
    }

    @Test
    void unmappedResources() {
        TestFacts f = new TestFacts().add(unmapped(action("aws_lambda_function.mystery", "update")));
        Finding warn = only(f, "unmapped-resource");
        assertThat(warn.effect()).isInstanceOf(Effect.Warn.class);
        assertThat(warn.actionAddress()).isEqualTo("aws_lambda_function.mystery");
        Finding review = only(f, "unmapped-review");
        assertThat(review.effect()).isEqualTo(new Effect.RequireApproval(1, List.of(), true));
        assertThat(review.message()).contains("aws_lambda_function.mystery");
        assertThat(fired(benign().blast("unknown", true))).contains("unmapped-review").doesNotContain("unmapped-resource");

        TestFacts read = new TestFacts().add(unmapped(action("aws_lambda_function.mystery", "read")));
        assertThat(fired(read)).doesNotContain("unmapped-resource", "unmapped-review");
        assertThat(fired(benign())).doesNotContain("unmapped-resource", "unmapped-review");
    }

    @Test
    void trafficShare() {
        Finding x = only(benign().blast("trafficShare", 0.3), "traffic-share");
        assertThat(x.effect()).isEqualTo(new Effect.RequireApproval(2, List.of(), true));
        assertThat(x.message()).contains("30% of incoming traffic", "more than 25%");
        assertThat(fired(benign().blast("trafficShare", 0.25))).doesNotContain("traffic-share");
        // an integer share (0 or 1) from a careless producer still evaluates
        assertThat(only(benign().blast("trafficShare", 1L), "traffic-share").message()).contains("100%");
    }
}
