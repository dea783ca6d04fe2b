package io.blastwall.core.rollout;

import io.blastwall.core.estate.Estate;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;

/**
 * Derives the waves of a rollout from the targets of a change.
 *
 * <p>Targets are ordered by region, zone and component id, so the same input always gives the same plan. The default
 * shape: one target first (the canary unit), then the rest of its zone, then the rest of its region, then the rest
 * of the estate in waves that grow by {@link RolloutPolicy#growthFactor()}. No wave holds more than
 * {@link RolloutPolicy#maxShareAtOnce()} of the targets (at least one); when that gives fewer than
 * {@link RolloutPolicy#minWaves()} waves, the largest waves are halved until there are enough, or one target per wave.
 * The first wave is never larger than any other.
 *
 * <p>Stateless and thread-safe.
 */
public final class WavePlanner {

    /** Region, then zone, then component id: the order waves are filled in. */
    public static final Comparator<RolloutTarget> ORDER = Comparator.comparing(RolloutTarget::region)
            .thenComparing(RolloutTarget::zone).thenComparing(RolloutTarget::nodeId);

    private WavePlanner() {
    }

    /**
     * The targets of components {@code nodeIds} of {@code estate}: one per zone of a zoned component, one for a
     * regional or global one, in {@link #ORDER}. Ids the estate does not know are refused, naming them.
     */
    public static List<RolloutTarget> targets(Estate estate, Collection<String> nodeIds) {
        TreeSet<RolloutTarget> out = new TreeSet<>(ORDER);
        List<String> unknown = new ArrayList<>();
        for (String id : nodeIds) {
            int i = estate.indexOf(id);
            if (i < 0) {
                unknown.add(id);
                continue;
            }
            if (estate.zoneCount(i) == 0) {
                out.add(new RolloutTarget(id, estate.region(i), ""));
            } else {
                for (String z : estate.zones(i)) out.add(new RolloutTarget(id, estate.region(i), z));
            }
        }
        if (!unknown.isEmpty()) {
            throw new RolloutRefusedException("unknown-components", "the change names components the estate in force "
                    + "does not have: " + String.join(", ", unknown) + "; re-check the change against the current estate");
        }
        return List.copyOf(out);
    }

    /**
     * The waves for {@code targets} under {@code policy}.
     *
     * @param everywhere the change declares it lands everywhere at once
     * @throws RolloutRefusedException when there are no targets, or the change is "everywhere at once" and the policy
     *                                 refuses that
     */
    public static List<Wave> plan(List<RolloutTarget> targets, RolloutPolicy policy, boolean everywhere) {
        if (everywhere && policy.everywhere() == RolloutPolicy.Everywhere.REFUSE) {
            throw new RolloutRefusedException("everywhere-at-once-refused", "the change declares it lands everywhere at "
                    + "once, and the rollout policy refuses such changes instead of splitting them into waves; "
                    + "narrow its scope or change the policy's everywhere setting to split");
        }
        TreeSet<RolloutTarget> unique = new TreeSet<>(ORDER);
        unique.addAll(targets);
        List<RolloutTarget> sorted = new ArrayList<>(unique);
        int n = sorted.size();
        if (n == 0) {
            throw new RolloutRefusedException("no-targets", "the change maps to no component of the estate, so there is "
                    + "nothing to roll out in waves; map its resources to components (estate selectors) first");
        }
        int cap = Math.max(1, (int) Math.floor(policy.maxShareAtOnce() * n + 1e-9));
        List<Group> groups = new ArrayList<>();
        RolloutTarget first = sorted.getFirst();
        groups.add(new Group("canary " + first.key(), List.of(first)));
        int next = 1;
        if (!first.zone().isEmpty()) {
            next = stage(sorted, next, t -> t.region().equals(first.region()) && t.zone().equals(first.zone()),
                    "zone " + first.zone(), cap, groups);
        }
        if (!first.region().isEmpty()) {
            next = stage(sorted, next, t -> t.region().equals(first.region()), "region " + first.region(), cap, groups);
        }
        int prev = groups.getLast().targets().size();
        while (next < n) {
            int size = (int) Math.min(Math.min(cap, n - next), Math.ceil(prev * policy.growthFactor()));
            groups.add(new Group("rest", sorted.subList(next, next + size)));
            next += size;
            prev = size;
        }
        splitUntil(groups, Math.min(policy.minWaves(), n));
        List<Wave> waves = new ArrayList<>();
        int restCount = (int) groups.stream().filter(g -> g.label().equals("rest")).count();
        int rest = 0;
        for (Group g : groups) {
            String label = g.label().equals("rest") ? (restCount == 1 ? "rest" : "rest " + (++rest) + "/" + restCount) : g.label();
            waves.add(new Wave(waves.size() + 1, label, g.targets(), policy.bake()));
        }
        return List.copyOf(waves);
    }

    private record Group(String label, List<RolloutTarget> targets) {
    }

    /** Adds waves of at most {@code cap} for the consecutive targets from {@code from} matching {@code in}. */
    private static int stage(List<RolloutTarget> sorted, int from, java.util.function.Predicate<RolloutTarget> in,
                             String label, int cap, List<Group> groups) {
        int end = from;
        while (end < sorted.size() && in.test(sorted.get(end))) end++;
        for (int i = from; i < end; i += cap) groups.add(new Group(label, sorted.subList(i, Math.min(end, i + cap))));
        return end;
    }

    /** Halves the largest wave (the later one on a tie, never the canary) until there are {@code want} waves. */
    private static void splitUntil(List<Group> groups, int want) {
        while (groups.size() < want) {
            int largest = -1;
            for (int i = 1; i < groups.size(); i++) {
                if (largest < 0 || groups.get(i).targets().size() >= groups.get(largest).targets().size()) largest = i;
            }
            if (largest < 0 || groups.get(largest).targets().size() < 2) return;
            Group g = groups.get(largest);
            int half = g.targets().size() / 2;
            groups.set(largest, new Group(g.label(), g.targets().subList(0, half)));
            groups.add(largest + 1, new Group(g.label(), g.targets().subList(half, g.targets().size())));
        }
    }
}
