package io.blastwall.cli;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The live demo end to end, fast: server on the embedded database, the simulated estate at 600x, the scripted agent
 * through the HTTP API. The demo exits 1 when any scenario ends otherwise than the script expects, so exit 0 is the
 * assertion that matters; the output checks pin what a viewer must see.
 */
class LiveDemoTest {

    @Test
    void everyScenarioEndsAsBlastwallShouldMakeItEnd() {
        CliRun r = CliRun.of("demo", "--speed", "600", "--examples", CliRun.root().resolve("examples").toString(), "--no-color");
        assertThat(r.code()).as(r.out() + r.err()).isEqualTo(0);
        assertThat(r.out())
                .contains("(agent-human-cannot-approve)")
                .contains("safer alternative: Keep checkout-api-eu-west-1 at 6 replicas")
                .contains("wave 1/4 canary analysis: FAIL")
                .contains("rollout rolled-back")
                .contains("blast radius contained")
                .contains("rollout completed")
                .contains("ledger verified")
                .contains("Attribution of the rolled-back change")
                .contains("Every scenario ended as Blastwall should make it end.");
    }

    @Test
    void aSpeedOutOfRangeIsBadInput() {
        CliRun r = CliRun.of("demo", "--speed", "0", "--examples", CliRun.root().resolve("examples").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--speed").contains("expected a number from 1 to 10000");
    }
}
