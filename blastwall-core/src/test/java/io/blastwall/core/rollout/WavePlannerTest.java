package io.blastwall.core.rollout;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WavePlannerTest {

    private static List<RolloutTarget> estate(int regions, int zonesPerRegion, int nodes) {
        List<RolloutTarget> out = new ArrayList<>();
        for (int n = 0; n < nodes; n++) {
            for (int r = 0; r < regions; r++) {
                for (int z = 0; z < zonesPerRegion; z++) {
                    out.add(new RolloutTarget("svc-" + n, "region-" + r, "region-" + r + (char) ('a' + z)));
                }
            }
        }
        return out;
    }

    @Test
    void theDefaultShapeIsCanaryThenZoneThenRegionThenGrowingRest() {
        // 2 components × 3 regions × 3 zones = 18 targets; default: max half at once, doubling
        List<Wave> waves = WavePlanner.plan(estate(3, 3, 2), RolloutPolicy.defaults(), false);
        assertThat(waves.get(0).label()).isEqualTo("canary svc-0@region-0a");
        assertThat(waves.get(0).targets()).hasSize(1);
        assertThat(waves.get(1).label()).isEqualTo("zone region-0a");
        assertThat(waves.get(1).targets()).extracting(RolloutTarget::key).containsExactly("svc-1@region-0a");
        assertThat(waves.get(2).label()).isEqualTo("region region-0");
        assertThat(waves.get(2).targets()).hasSize(4);
        assertThat(waves.subList(3, waves.size())).allSatisfy(w -> assertThat(w.label()).startsWith("rest"));
        // the rest grows geometrically from the region wave (4 → 8 capped at 9 → the remaining 4)
        assertThat(waves.subList(3, waves.size())).extracting(w -> w.targets().size()).containsExactly(8, 4);
        assertThat(waves).allSatisfy(w -> assertThat(w.bake()).isEqualTo(Duration.ofMinutes(5)));
    }

    @Test
    void everywhereAtOnceIsSplitOrRefusedPerPolicy() {
        List<RolloutTarget> t = estate(2, 2, 1);
        assertThat(WavePlanner.plan(t, RolloutPolicy.defaults(), true)).hasSizeGreaterThanOrEqualTo(3);
        assertThatThrownBy(() -> WavePlanner.plan(t, RolloutPolicy.defaults().withEverywhere(RolloutPolicy.Everywhere.REFUSE), true))
                .isInstanceOf(RolloutRefusedException.class)
                .hasMessageContaining("everywhere at once")
                .satisfies(e -> assertThat(((RolloutRefusedException) e).rule()).isEqualTo("everywhere-at-once-refused"));
        // the same targets without the everywhere declaration are planned normally
        assertThat(WavePlanner.plan(t, RolloutPolicy.defaults().withEverywhere(RolloutPolicy.Everywhere.REFUSE), false)).isNotEmpty();
    }

    @Test
    void noTargetsIsRefusedWithTheReason() {
        assertThatThrownBy(() -> WavePlanner.plan(List.of(), RolloutPolicy.defaults(), false))
                .isInstanceOf(RolloutRefusedException.class).hasMessageContaining("no component");
    }

    @Test
    void aGlobalComponentIsOneWave() {
        List<Wave> waves = WavePlanner.plan(List.of(new RolloutTarget("cdn", "", "")), RolloutPolicy.defaults(), false);
        assertThat(waves).hasSize(1);
        assertThat(waves.getFirst().label()).isEqualTo("canary cdn");
    }

    @Provide
    Arbitrary<List<RolloutTarget>> targets() {
        Arbitrary<RolloutTarget> t = Combinators.combine(Arbitraries.integers().between(0, 5),
                Arbitraries.integers().between(0, 3), Arbitraries.integers().between(0, 2))
                .as((n, r, z) -> new RolloutTarget("svc-" + n, r == 0 ? "" : "r" + r, z == 0 || r == 0 ? "" : "r" + r + "-z" + z));
        return t.list().ofMinSize(1).ofMaxSize(60);
    }

    @Property(tries = 300)
    void everyTargetExactlyOnceSharesRespectedFirstWaveSmallest(
            @ForAll("targets") List<RolloutTarget> targets,
            @ForAll @IntRange(min = 1, max = 8) int minWaves,
            @ForAll @DoubleRange(min = 0.01, max = 1.0) double maxShare,
            @ForAll @DoubleRange(min = 1.1, max = 4.0) double growth) {
        RolloutPolicy p = RolloutPolicy.defaults().withShape(minWaves, maxShare, growth);
        List<Wave> waves = WavePlanner.plan(targets, p, false);
        Set<RolloutTarget> unique = new HashSet<>(targets);
        List<RolloutTarget> planned = waves.stream().flatMap(w -> w.targets().stream()).toList();
        assertThat(planned).doesNotHaveDuplicates();
        assertThat(new HashSet<>(planned)).isEqualTo(unique);
        int cap = Math.max(1, (int) Math.floor(maxShare * unique.size() + 1e-9));
        assertThat(waves).allSatisfy(w -> assertThat(w.targets().size()).isLessThanOrEqualTo(cap));
        assertThat(waves.size()).isGreaterThanOrEqualTo(Math.min(minWaves, unique.size()));
        int first = waves.getFirst().targets().size();
        assertThat(waves).allSatisfy(w -> assertThat(w.targets().size()).isGreaterThanOrEqualTo(first));
        for (int i = 0; i < waves.size(); i++) assertThat(waves.get(i).number()).isEqualTo(i + 1);
    }

    @Property(tries = 100)
    void thePlanDoesNotDependOnTheOrderTargetsAreGiven(@ForAll("targets") List<RolloutTarget> targets) {
        List<RolloutTarget> reversed = new ArrayList<>(targets);
        java.util.Collections.reverse(reversed);
        assertThat(WavePlanner.plan(reversed, RolloutPolicy.defaults(), false))
                .isEqualTo(WavePlanner.plan(targets, RolloutPolicy.defaults(), false));
    }
}
