package io.blastwall.cli;

import org.junit.jupiter.api.Test;

import static io.blastwall.cli.CliRun.example;
import static org.assertj.core.api.Assertions.assertThat;

class DemoAndBlastCommandTest {

    @Test
    void theDemoGivesEveryScenarioItsExpectedVerdict() {
        CliRun r = CliRun.of("demo", "--checks-only", "--examples", CliRun.root().resolve("examples").toString(), "--no-color");
        assertThat(r.code()).as(r.out() + r.err()).isEqualTo(0);
        assertThat(r.out()).contains("Every verdict is as expected.").doesNotContain("EXPECTED ");
        assertThat(r.out()).contains("Agent deletes and recreates the orders database").contains("deny");
    }

    @Test
    void whatIfDeletingTheOrdersDatabaseNamesItsDependents() {
        CliRun r = CliRun.of("blast", "--estate", example("estate/shop.yaml"), "--node", "orders-db-eu-west-1", "--action", "delete");
        assertThat(r.code()).as(r.err()).isEqualTo(0);
        assertThat(r.out()).contains("data loss").contains("checkout-api-eu-west-1").contains("fulfilment-worker-eu-west-1");
    }

    @Test
    void whatIfScalingBelowPeakSuggestsTheSafeMinimum() {
        CliRun r = CliRun.of("blast", "--estate", example("estate/shop.yaml"), "--node", "checkout-api-us-east-1", "--action", "scale:2");
        assertThat(r.code()).as(r.err()).isEqualTo(0);
        assertThat(r.out()).contains("below peak load").contains("safer:");
    }

    @Test
    void whatIfRejectsAnUnknownNodeAndAction() {
        CliRun node = CliRun.of("blast", "--estate", example("estate/shop.yaml"), "--node", "nope", "--action", "delete");
        assertThat(node.code()).isEqualTo(2);
        assertThat(node.err()).contains("no component 'nope'");
        CliRun action = CliRun.of("blast", "--estate", example("estate/shop.yaml"), "--node", "web-eu-west-1", "--action", "explode");
        assertThat(action.code()).isEqualTo(2);
        assertThat(action.err()).contains("expected delete, replace, restart, config, update or scale:N");
    }
}
