package io.blastwall.bench.detect;

import io.blastwall.bench.detect.RolloutRun.Result;
import io.blastwall.core.estate.Estate;
import io.blastwall.core.rollout.CanaryWaveJudge;
import io.blastwall.core.rollout.RolloutPolicy;
import io.blastwall.core.rollout.RolloutState;
import io.blastwall.formats.estate.EstateFileReader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The harness's accounting on a small fixed-seed run; what it measures, not how fast. */
class DetectionQualityTest {

    static Estate shop;

    @BeforeAll
    static void load() {
        shop = new EstateFileReader().loadStrict(List.of(Path.of("../examples/estate/shop.yaml")));
    }

    static Result run(Fault fault, String node) {
        Scenario s = new Scenario(0, List.of(node + "-eu-west-1", node + "-us-east-1"), fault,
                Instant.parse("2026-05-06T14:00:00Z"), 7);
        return RolloutRun.run(shop, s, RolloutPolicy.defaults(), CanaryWaveJudge.defaults());
    }

    @Test
    void aCrashLoopingCanaryIsRolledBackInWaveOneAndTimedFromItsDeployment() {
        Result r = run(new Fault.CrashLoop(), "checkout-api");
        assertThat(r.state()).isEqualTo(RolloutState.ROLLED_BACK);
        assertThat(r.stopped()).isTrue();
        assertThat(r.stopWave()).isEqualTo(1);
        assertThat(r.waves()).isGreaterThanOrEqualTo(3);
        // judged after the 5-minute bake, in the first engine tick after it (ticks every 10 s)
        assertThat(r.detection()).hasValueSatisfying(d -> assertThat(d).isBetween(Duration.ofMinutes(5), Duration.ofSeconds(310)));
        assertThat(r.reason()).startsWith("wave 1 fail").contains("error_rate");
    }

    @Test
    void aGoodChangeCompletesEveryWave() {
        Result r = run(new Fault.Good(), "web");
        assertThat(r.state()).isEqualTo(RolloutState.COMPLETED);
        assertThat(r.stopped()).isFalse();
        assertThat(r.stopWave()).isZero();
        assertThat(r.firstEffect()).isPresent(); // GOOD takes effect at once, it just does nothing
        assertThat(r.detection()).isEmpty();
        assertThat(r.firstWave()).contains("error_rate pass").contains("latency_p50_ms pass");
    }

    @Test
    void aFailureDelayedBeyondTheRunHasNoFirstBadSignal() {
        Result r = run(new Fault.Delayed(new Fault.CrashLoop(), Duration.ofHours(5)), "search");
        // whether noise halted it or not, a stop before the failure shows has no detection time
        assertThat(r.firstEffect()).isEmpty();
        assertThat(r.detection()).isEmpty();
    }

    @Test
    void scenariosAlternateBadAndGoodAndAreReproducible() {
        List<Scenario> a = Scenario.generate(20, 3);
        assertThat(a).isEqualTo(Scenario.generate(20, 3));
        assertThat(a.stream().filter(s -> s.fault() instanceof Fault.Good)).hasSize(10);
        assertThat(a.stream().map(s -> s.fault().label()).distinct().count()).isEqualTo(11); // 10 bad kinds + good
        assertThat(a).allSatisfy(s -> assertThat(s.nodeIds()).isNotEmpty());
    }

    @Test
    void theReportCountsStopsOfBadChangesAsCaughtAndStopsOfGoodOnesAsFalseHalts() {
        Scenario bad2 = new Scenario(0, List.of("web-eu-west-1"), new Fault.ErrorTimes(2), Instant.EPOCH, 1);
        Scenario bad15 = new Scenario(2, List.of("web-eu-west-1"), new Fault.ErrorTimes(1.5), Instant.EPOCH, 1);
        Scenario good = new Scenario(1, List.of("web-eu-west-1"), new Fault.Good(), Instant.EPOCH, 1);
        Scenario good2 = new Scenario(3, List.of("web-eu-west-1"), new Fault.Good(), Instant.EPOCH, 1);
        Instant t = Instant.parse("2026-05-06T00:00:00Z");
        DetectionReport report = DetectionReport.of(List.of(
                new Result(bad2, RolloutState.ROLLED_BACK, 2, 3, Optional.of(t.plusSeconds(300)), Optional.of(t), "x", ""),
                new Result(bad15, RolloutState.COMPLETED, 0, 3, Optional.empty(), Optional.of(t), "", ""),
                new Result(good, RolloutState.ROLLED_BACK, 1, 3, Optional.of(t.plusSeconds(300)), Optional.of(t), "y", ""),
                new Result(good2, RolloutState.COMPLETED, 0, 3, Optional.empty(), Optional.of(t), "", "")));
        assertThat(report.caught()).isEqualTo(1);
        assertThat(report.falseHalts()).isEqualTo(1);
        assertThat(report.recall()).isEqualTo(0.5);
        assertThat(report.precision()).isEqualTo(0.5);
        assertThat(report.mustCatchRecall()).isEqualTo(1.0); // only the ×2 is in the target class
        assertThat(report.falseHaltRate()).isEqualTo(0.5);
        assertThat(report.medianStopWave()).isEqualTo(2);
        assertThat(report.detection(0.5, r -> true)).contains(Duration.ofMinutes(5));
        assertThat(report.markdown(Duration.ofSeconds(1))).contains("| precision | 50.0 %").contains("false halt: #1 good");
    }
}
