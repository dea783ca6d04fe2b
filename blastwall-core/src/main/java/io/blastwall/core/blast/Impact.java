package io.blastwall.core.blast;

import java.util.List;

/**
 * One impacted component: how badly, and the shortest dependency path that explains it.
 *
 * @param node     node id
 * @param severity how badly it is hit
 * @param path     node ids from the changed component to this one ({@code [node]} for a changed component itself)
 * @param cause    address of the action that causes it
 * @param tier     the node's tier
 */
public record Impact(String node, Severity severity, List<String> path, String cause, int tier) {
    public Impact {
        path = List.copyOf(path);
    }
}
