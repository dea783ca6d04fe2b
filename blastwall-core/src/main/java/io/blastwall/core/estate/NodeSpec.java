package io.blastwall.core.estate;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A component as read from a file, before it is packed into an {@link Estate}.
 *
 * @param id            unique id
 * @param kind          what it is
 * @param tier          criticality, 0 (most critical) to 3
 * @param owner         owning team, may be empty
 * @param system        the system it belongs to, may be empty
 * @param region        region, may be empty for global components
 * @param zones         the zones its capacity is spread across (evenly); empty for regional or global components
 * @param cell          cell or shard, may be empty
 * @param group         redundancy group: nodes with the same group are replicas of one logical service
 *                      (in different zones or regions) whose capacities add up; empty means the node alone
 * @param stateful      holds data that a delete destroys
 * @param capacity      load it can carry (requests/s or any unit shared with peakLoad); NaN when unknown
 * @param peakLoad      load it carries at peak, same unit as capacity; NaN when unknown
 * @param replicas      replica count behind the capacity, 0 when unknown
 * @param trafficWeight share of user traffic entering here, greater than zero only for entry points
 * @param labels        free-form labels
 * @param selectors     the resources that implement it
 */
public record NodeSpec(
        String id,
        NodeKind kind,
        int tier,
        String owner,
        String system,
        String region,
        List<String> zones,
        String cell,
        String group,
        boolean stateful,
        double capacity,
        double peakLoad,
        int replicas,
        double trafficWeight,
        Map<String, String> labels,
        List<ResourceSelector> selectors) {

    public NodeSpec {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        if (tier < 0 || tier > 3) throw new IllegalArgumentException("tier must be 0..3, was " + tier);
        if (replicas < 0) throw new IllegalArgumentException("replicas must be >= 0, was " + replicas);
        if (trafficWeight < 0 || Double.isNaN(trafficWeight)) throw new IllegalArgumentException("trafficWeight must be >= 0");
        owner = owner == null ? "" : owner;
        system = system == null ? "" : system;
        region = region == null ? "" : region;
        zones = zones == null ? List.of() : List.copyOf(zones);
        cell = cell == null ? "" : cell;
        group = group == null ? "" : group;
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        selectors = selectors == null ? List.of() : List.copyOf(selectors);
    }

    /** A minimal node: tier 3, no placement, unknown capacity. Handy in tests and generators. */
    public static NodeSpec of(String id, NodeKind kind) {
        return new NodeSpec(id, kind, 3, "", "", "", List.of(), "", "", false,
                Double.NaN, Double.NaN, 0, 0, Map.of(), List.of());
    }
}
