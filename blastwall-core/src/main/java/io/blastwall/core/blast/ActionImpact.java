package io.blastwall.core.blast;

import java.util.List;

/**
 * The failure an action causes at its own targets, before propagation.
 *
 * @param address  the action's address
 * @param severity the worst failure at its targets; NONE for unmapped or inert actions
 * @param mode     a few words naming the failure mode ({@code data loss and outage}, {@code capacity below peak} …)
 * @param nodes    target node ids
 * @param capacity the capacity arithmetic for scale actions on nodes with known capacity, else empty
 */
public record ActionImpact(String address, Severity severity, String mode, List<String> nodes, List<CapacityCheck> capacity) {
    public ActionImpact {
        nodes = List.copyOf(nodes);
        capacity = List.copyOf(capacity);
    }
}
