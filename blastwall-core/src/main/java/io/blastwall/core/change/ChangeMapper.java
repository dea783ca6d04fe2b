package io.blastwall.core.change;

import io.blastwall.core.estate.Estate;

import java.util.ArrayList;
import java.util.List;

/**
 * Maps every action of a change onto the estate nodes that implement its resource.
 * Terraform and Kubernetes references go through the estate's {@link io.blastwall.core.estate.ResourceIndex};
 * a component reference names a node id or a redundancy group, narrowed to the change's declared scope.
 * Actions that map nowhere keep an empty node list: they are flagged downstream, never dropped.
 *
 * <p>Stateless and thread-safe.
 */
public final class ChangeMapper {

    private ChangeMapper() {
    }

    public static Change map(Change change, Estate estate) {
        List<Action> out = new ArrayList<>(change.actions().size());
        for (Action a : change.actions()) {
            int[] nodes = switch (a.target()) {
                case ResourceRef.Terraform t -> estate.resources().terraform(t.address());
                case ResourceRef.Kubernetes k -> estate.resources().kubernetes(k.kind(), k.namespace(), k.name(), k.labels());
                case ResourceRef.Component c -> component(estate, c.idOrGroup(), change.scope());
            };
            List<String> ids = new ArrayList<>(nodes.length);
            for (int n : nodes) ids.add(estate.id(n));
            out.add(a.withNodes(ids));
        }
        return change.withActions(out);
    }

    private static int[] component(Estate estate, String name, Scope scope) {
        int direct = estate.indexOf(name);
        List<Integer> hits = new ArrayList<>();
        if (direct >= 0) {
            int g = estate.groupIndex(direct);
            if (estate.groupMembersEnd(g) - estate.groupMembersStart(g) > 1 && estate.group(direct).equals(name)) {
                addGroup(estate, g, scope, hits);
            } else {
                hits.add(direct);
            }
        } else {
            // a group name that is not itself a node id: find one member by scanning (once per action; estates index groups densely)
            for (int i = 0; i < estate.nodeCount(); i++) {
                if (estate.group(i).equals(name)) {
                    addGroup(estate, estate.groupIndex(i), scope, hits);
                    break;
                }
            }
        }
        return hits.stream().mapToInt(Integer::intValue).sorted().toArray();
    }

    private static void addGroup(Estate estate, int g, Scope scope, List<Integer> hits) {
        for (int k = estate.groupMembersStart(g); k < estate.groupMembersEnd(g); k++) {
            int m = estate.groupMemberAt(k);
            if (inScope(estate, m, scope)) hits.add(m);
        }
    }

    /** True when node i lies within the declared scope (an unspecified or "everywhere" scope contains every node). */
    public static boolean inScope(Estate estate, int i, Scope scope) {
        if (scope.everywhere() || scope.isUnspecified()) return true;
        if (!scope.regions().isEmpty() && !scope.regions().contains(estate.region(i))) return false;
        if (!scope.cells().isEmpty() && !scope.cells().contains(estate.cell(i))) return false;
        if (!scope.zones().isEmpty()) {
            boolean any = false;
            for (int k = 0; k < estate.zoneCount(i); k++) {
                if (scope.zones().contains(estate.zone(i, k))) {
                    any = true;
                    break;
                }
            }
            if (!any) return false;
        }
        return true;
    }
}
