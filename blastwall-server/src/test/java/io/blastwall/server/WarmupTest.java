package io.blastwall.server;

import io.blastwall.core.controlplane.Config;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class WarmupTest {

    @Test
    void analysesTheSyntheticChangeUntilTheBudgetIsSpentAndStoresNothing() {
        Config config = TestEnv.load(TestEnv.testPolicies());
        long t0 = System.nanoTime();
        int runs = Warmup.run(config, Duration.ofMillis(300));
        assertThat(runs).isPositive();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        assertThat(Warmup.run(config, Duration.ZERO)).isZero();
    }
}
