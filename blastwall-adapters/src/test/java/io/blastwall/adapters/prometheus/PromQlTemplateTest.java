package io.blastwall.adapters.prometheus;

import io.blastwall.core.rollout.MetricQuery;
import io.blastwall.core.rollout.RolloutTarget;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PromQlTemplateTest {

    private static MetricQuery q(MetricQuery.Role role, Duration step, RolloutTarget... targets) {
        Instant from = Instant.parse("2026-11-28T00:00:00Z");
        return new MetricQuery("m", role, List.of(targets), from, from.plusSeconds(300), step);
    }

    @Test
    void fillsEveryPlaceholder() {
        PromQlTemplate t = PromQlTemplate.parse(
                "x{node=~\"{{nodes}}\",zone=~\"{{ zones }}\",region=~\"{{regions}}\",role=\"{{role}}\"}[{{step}}] / {{step_seconds}}");
        String out = t.render(q(MetricQuery.Role.BASELINE, Duration.ofMillis(1500),
                new RolloutTarget("a", "eu-west-1", "eu-west-1b"), new RolloutTarget("b", "eu-west-1", "eu-west-1c"),
                new RolloutTarget("a", "eu-west-1", "eu-west-1c"), new RolloutTarget("global-dns", "", "")));
        assertThat(out).isEqualTo("x{node=~\"a|b|global-dns\",zone=~\"eu-west-1b|eu-west-1c\",region=~\"eu-west-1\","
                + "role=\"baseline\"}[1500ms] / 1.5");
    }

    @Test
    void valuesAreEscapedSoTheyMatchOnlyThemselves() {
        String id = "svc.v2+(beta)|x\"y\\z";
        String inString = PromQlTemplate.alternation(List.of(new RolloutTarget(id, "", "")), RolloutTarget::nodeId);
        // undo the PromQL string escaping, as the Prometheus parser does, then use it as the (RE2-compatible) regex
        String regex = inString.replace("\\\\", "\u0000").replace("\\\"", "\"").replace("\u0000", "\\");
        assertThat(Pattern.compile(regex).matcher(id).matches()).isTrue();
        assertThat(Pattern.compile(regex).matcher("svcXv2+(beta)|x\"y\\z").matches()).isFalse();
        assertThat(Pattern.compile(regex).matcher("x").matches()).isFalse();
    }

    @Test
    void noZonesGivesTheEmptyAlternation() {
        String out = PromQlTemplate.parse("x{zone=~\"{{zones}}\"}").render(q(MetricQuery.Role.CANARY, Duration.ofSeconds(30),
                new RolloutTarget("edge", "", "")));
        assertThat(out).isEqualTo("x{zone=~\"\"}");
    }

    @Test
    void unknownOrUnclosedPlaceholdersAreRefused() {
        assertThatThrownBy(() -> PromQlTemplate.parse("x{node=~\"{{node}}\"}")).hasMessageContaining("unknown placeholder {{node}}");
        assertThatThrownBy(() -> PromQlTemplate.parse("x{node=~\"{{nodes\"}")).hasMessageContaining("never closed");
        assertThatThrownBy(() -> PromQlTemplate.parse("  ")).hasMessageContaining("empty");
    }
}
