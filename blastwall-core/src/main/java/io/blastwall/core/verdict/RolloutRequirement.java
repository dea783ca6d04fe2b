package io.blastwall.core.verdict;

import java.time.Duration;
import java.util.List;

/**
 * The change may only be applied progressively.
 *
 * @param minWaves       at least this many waves
 * @param bakeTime       wait at least this long between waves, watching health
 * @param maxShareAtOnce at most this share (0..1] of the targets in one wave
 * @param policies       ids of the policies that require it
 */
public record RolloutRequirement(int minWaves, Duration bakeTime, double maxShareAtOnce, List<String> policies) {
    public RolloutRequirement {
        if (minWaves < 1) throw new IllegalArgumentException("minWaves must be >= 1");
        if (!(maxShareAtOnce > 0 && maxShareAtOnce <= 1)) throw new IllegalArgumentException("maxShareAtOnce must be in (0, 1]");
        policies = List.copyOf(policies);
    }

    public String describe() {
        return "progressive rollout in at least " + minWaves + " waves, baking " + human(bakeTime)
                + " between waves, at most " + Math.round(maxShareAtOnce * 100) + "% of targets at once";
    }

    static String human(Duration d) {
        if (d.isZero()) return "0s";
        if (d.toSecondsPart() == 0 && d.toMinutesPart() == 0 && d.toHours() > 0) return d.toHours() + "h";
        if (d.toSecondsPart() == 0) return d.toMinutes() + "m";
        return d.toSeconds() + "s";
    }
}
