package io.blastwall.core.rollout;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One step of a progressive rollout: the targets changed together, then watched for {@code bake} before the next
 * wave may start.
 *
 * @param number  1 for the first wave
 * @param label   what the wave covers, for people: {@code canary checkout-api-eu-west-1@eu-west-1a},
 *                {@code zone eu-west-1a}, {@code region eu-west-1}, {@code rest}
 * @param targets the targets of this wave only (not cumulative), non-empty, no duplicates
 * @param bake    how long the wave is watched before it is judged and the next may start
 *
 * <p>Immutable.
 */
public record Wave(int number, String label, List<RolloutTarget> targets, Duration bake) {
    public Wave {
        if (number < 1) throw new IllegalArgumentException("waves are numbered from 1");
        Objects.requireNonNull(label, "label");
        targets = List.copyOf(targets);
        if (targets.isEmpty()) throw new IllegalArgumentException("wave " + number + " has no targets");
        if (targets.stream().distinct().count() != targets.size()) throw new IllegalArgumentException("wave " + number + " lists a target twice");
        Objects.requireNonNull(bake, "bake");
        if (bake.isNegative()) throw new IllegalArgumentException("bake time must not be negative");
    }
}
