package io.blastwall.formats.terraform;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The attributes of common providers that hold a replica or node count, and the search for the one an in-place
 * update changes: {@code desired_count} of an ECS service, {@code desired_capacity}/{@code min_size} of an auto
 * scaling group, {@code scaling_config[0].desired_size} of an EKS node group, {@code num_cache_clusters} of an
 * ElastiCache replication group, and so on. Matched by attribute name at any depth.
 *
 * <p>Stateless and thread-safe.
 */
public final class ScalingAttributes {

    /**
     * Names in order of preference: when one update changes several (an auto scaling group's desired capacity and
     * its minimum), the first here becomes the {@code Scale}; the others stay changed paths of an update.
     */
    public static final List<String> NAMES = List.of(
            "desired_capacity", "desired_count", "desired_size", "replicas", "node_count", "instance_count",
            "num_cache_nodes", "num_cache_clusters", "replica_count", "number_of_nodes", "min_size", "min_capacity");

    /** A scaling attribute that changes from one whole number to another. */
    public record Found(String path, String name, long from, long to) {
    }

    private ScalingAttributes() {
    }

    /**
     * The preferred scaling attribute changed between {@code before} and {@code after}, among the
     * {@code changedPaths}; attributes named in {@code sensitivePaths} are skipped (their values are not ours to keep).
     */
    public static Optional<Found> find(Object before, Object after, Set<String> changedPaths, Set<String> sensitivePaths) {
        List<Found> found = new ArrayList<>();
        walk(before, after, "", found);
        return found.stream()
                .filter(x -> changedPaths.contains(x.path()) && !sensitivePaths.contains(x.path()))
                .min(Comparator.comparingInt((Found x) -> NAMES.indexOf(x.name())).thenComparing(Found::path));
    }

    private static void walk(Object before, Object after, String path, List<Found> out) {
        if (before instanceof Map<?, ?> b && after instanceof Map<?, ?> a) {
            for (Map.Entry<?, ?> e : a.entrySet()) {
                String key = String.valueOf(e.getKey());
                String child = ValuePaths.child(path, key);
                Object bv = b.get(e.getKey());
                if (NAMES.contains(key)) {
                    OptionalLong from = ValuePaths.wholeNumber(bv);
                    OptionalLong to = ValuePaths.wholeNumber(e.getValue());
                    if (from.isPresent() && to.isPresent() && from.getAsLong() >= 0 && to.getAsLong() >= 0
                            && from.getAsLong() != to.getAsLong()) {
                        out.add(new Found(child, key, from.getAsLong(), to.getAsLong()));
                    }
                } else {
                    walk(bv, e.getValue(), child, out);
                }
            }
        } else if (before instanceof List<?> b && after instanceof List<?> a && b.size() == a.size()) {
            for (int i = 0; i < a.size(); i++) walk(b.get(i), a.get(i), ValuePaths.index(path, i), out);
        }
    }
}
