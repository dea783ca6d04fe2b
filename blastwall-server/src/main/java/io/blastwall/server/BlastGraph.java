package io.blastwall.server;

import io.blastwall.core.blast.Severity;
import io.blastwall.core.estate.Estate;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The drawable part of a revision's blast radius: the components its actions land on, the impacted components with
 * their severity and explanation path (as the reviewers were shown them: the revision's stored analysis), their
 * one-hop neighbourhood in the estate, and the estate edges among those — never the whole estate. At most
 * {@code maxNodes} nodes: changed and impacted components first (worst severity first), then neighbours; what does not
 * fit is counted and said, so a client can offer a filtered view (minimum severity, region, owner).
 *
 * <p>Stateless and thread-safe; reads an immutable {@link Estate}.
 */
final class BlastGraph {

    /** Filters a client may apply; null fields do not filter. */
    record Filter(Severity minSeverity, String region, String owner, int maxNodes) {
    }

    private BlastGraph() {
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> of(Map<String, Object> analysis, Estate estate, Filter f) {
        Map<String, Object> blast = map(analysis.get("blast"));
        Map<String, Object> change = map(analysis.get("change"));
        Map<String, Object> summary = map(blast.get("summary"));

        // changed components, from the actions as mapped at analysis time
        Set<String> changed = new LinkedHashSet<>();
        for (Object a : list(change.get("actions"))) {
            for (Object n : list(map(a).get("nodes"))) changed.add(String.valueOf(n));
        }
        // impacted components, worst first (the stored list is already ordered; sort again so the cap keeps the worst)
        List<Map<String, Object>> impacted = new ArrayList<>();
        for (Object o : list(blast.get("impacted"))) impacted.add(map(o));
        impacted.sort(Comparator.comparing((Map<String, Object> m) -> severity(m.get("severity"))).reversed());

        int missing = 0;
        int filteredOut = 0;
        Map<String, Map<String, Object>> nodes = new LinkedHashMap<>();
        Set<String> pathEdges = new HashSet<>();
        boolean truncated = false;
        for (String id : changed) {
            int i = estate.indexOf(id);
            if (i < 0) {
                missing++;
                continue;
            }
            if (!passes(estate, i, f)) continue;
            if (nodes.size() >= f.maxNodes()) {
                truncated = true;
                break;
            }
            nodes.put(id, node(estate, i, "changed"));
        }
        for (Map<String, Object> m : impacted) {
            String id = String.valueOf(m.get("node"));
            Severity s = severity(m.get("severity"));
            int i = estate.indexOf(id);
            if (i < 0) {
                missing++;
                continue;
            }
            if ((f.minSeverity() != null && s.compareTo(f.minSeverity()) < 0) || !passes(estate, i, f)) {
                filteredOut++;
                continue;
            }
            Map<String, Object> n = nodes.get(id);
            if (n == null) {
                if (nodes.size() >= f.maxNodes()) {
                    truncated = true;
                    continue;
                }
                n = node(estate, i, "impacted");
                nodes.put(id, n);
            }
            n.put("severity", wire(s));
            List<Object> path = list(m.get("path"));
            n.put("path", path);
            n.put("cause", m.get("cause"));
            for (int k = 0; k + 1 < path.size(); k++) pathEdges.add(path.get(k) + "\u0000" + path.get(k + 1));
        }
        // one-hop neighbourhood of what is drawn, while there is room
        int neighboursOmitted = 0;
        List<String> core = List.copyOf(nodes.keySet());
        for (String id : core) {
            int i = estate.indexOf(id);
            for (int k = estate.dependenciesStart(i); k < estate.dependenciesEnd(i); k++) {
                neighboursOmitted += addNeighbour(estate, estate.dependencyAt(k), nodes, f);
            }
            for (int k = estate.dependentsStart(i); k < estate.dependentsEnd(i); k++) {
                neighboursOmitted += addNeighbour(estate, estate.dependentAt(k), nodes, f);
            }
        }
        List<Object> edges = new ArrayList<>();
        for (String id : nodes.keySet()) {
            int i = estate.indexOf(id);
            for (int k = estate.dependenciesStart(i); k < estate.dependenciesEnd(i); k++) {
                String target = estate.id(estate.dependencyAt(k));
                if (!nodes.containsKey(target)) continue;
                // a path runs from the cause towards its dependents: path[k] is a dependency of path[k + 1]
                boolean onPath = pathEdges.contains(target + "\u0000" + id);
                edges.add(Views.ordered("id", id + "->" + target, "source", id, "target", target,
                        "type", estate.dependencyTypeAt(k).name().toLowerCase(Locale.ROOT), "onPath", onPath));
            }
        }
        int impactedTotal = number(blast.get("impactedTotal"), impacted.size());
        List<String> notes = new ArrayList<>();
        if (impactedTotal > impacted.size()) {
            notes.add("the analysis lists the " + impacted.size() + " worst of " + impactedTotal
                    + " impacted components; the rest are counted in the summaries only");
        }
        if (truncated) {
            notes.add("more components are impacted than the " + f.maxNodes()
                    + " this view draws; the worst are shown — narrow it by minimum severity, region or owner");
        }
        if (neighboursOmitted > 0) notes.add(neighboursOmitted + " neighbouring components are not drawn (node limit)");
        if (missing > 0) notes.add(missing + " components of the analysis are no longer in the loaded estate");
        return Views.ordered("nodes", new ArrayList<>(nodes.values()), "edges", edges,
                "maxSeverity", summary.get("maxSeverity"), "impactedTotal", impactedTotal,
                "impactedListed", impacted.size(), "filteredOut", filteredOut, "truncated", truncated,
                "neighboursOmitted", neighboursOmitted, "missing", missing, "maxNodes", f.maxNodes(),
                "notes", notes);
    }

    private static int addNeighbour(Estate estate, int j, Map<String, Map<String, Object>> nodes, Filter f) {
        String id = estate.id(j);
        if (nodes.containsKey(id)) return 0;
        if (nodes.size() >= f.maxNodes()) return 1;
        nodes.put(id, node(estate, j, "neighbour"));
        return 0;
    }

    private static boolean passes(Estate e, int i, Filter f) {
        if (f.region() != null && !f.region().equals(e.region(i))) return false;
        return f.owner() == null || f.owner().equals(e.owner(i));
    }

    private static Map<String, Object> node(Estate e, int i, String role) {
        return Views.ordered("id", e.id(i), "kind", e.kind(i).externalName(), "tier", e.tier(i),
                "region", e.region(i), "owner", e.owner(i), "system", e.system(i), "role", role, "severity", null);
    }

    /** {@code data-loss} ⇄ {@link Severity#DATA_LOSS}; unknown text counts as {@link Severity#NONE}. */
    static Severity severity(Object wire) {
        if (wire == null) return Severity.NONE;
        try {
            return Severity.valueOf(String.valueOf(wire).toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            return Severity.NONE;
        }
    }

    static String wire(Severity s) {
        return s.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static int number(Object o, int dflt) {
        return o instanceof Number n ? n.intValue() : dflt;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object o) {
        return o instanceof List<?> l ? (List<Object>) l : List.of();
    }
}
