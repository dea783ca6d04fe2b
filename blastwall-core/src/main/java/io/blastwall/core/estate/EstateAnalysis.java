package io.blastwall.core.estate;

import io.blastwall.core.SourceLocation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Facts about an estate for {@code estate validate} and {@code estate stats}: counts and breakdowns, entry points,
 * nodes without owner, orphans, and cycles of hard dependencies.
 *
 * <p>A hard cycle (A needs B needs … needs A) is allowed, since real estates have them, but worth reporting: no
 * member can start before the others. Cycles are the strongly connected components of more than one node in the
 * graph of hard edges, found with an iterative Tarjan's algorithm (an explicit stack, so a million-node chain does
 * not overflow the thread stack), in O(nodes + edges).
 *
 * <p>Immutable once computed; lists of ids are capped at {@code maxListed} entries (the counts are not).
 */
public final class EstateAnalysis {

    /** How many cycles, entry points and ids are listed by default. */
    public static final int DEFAULT_MAX_LISTED = 50;
    /** How many members of one cycle are named, and how long a shown cycle path may be. */
    public static final int MAX_CYCLE_MEMBERS_LISTED = 20;

    /**
     * One cycle of hard dependencies.
     *
     * @param size    number of nodes in the strongly connected component
     * @param members ids of up to {@link #MAX_CYCLE_MEMBERS_LISTED} members, sorted
     * @param path    one concrete cycle through the first member, first id repeated at the end
     *                ({@code a -> b -> a}); cut to {@link #MAX_CYCLE_MEMBERS_LISTED} + 1 ids when longer
     */
    public record Cycle(int size, List<String> members, List<String> path) {
        public Cycle {
            members = List.copyOf(members);
            path = List.copyOf(path);
        }
    }

    /** A node where user traffic enters, with its share. */
    public record EntryPoint(String id, double trafficWeight) { }

    private final int nodeCount;
    private final int edgeCount;
    private final Map<NodeKind, Integer> nodesByKind;
    private final Map<Integer, Integer> nodesByTier;
    private final Map<String, Integer> nodesByRegion;
    private final Map<EdgeType, Integer> edgesByType;
    private final int entryPointCount;
    private final List<EntryPoint> entryPoints;
    private final double totalTrafficWeight;
    private final int statefulCount;
    private final int withoutOwnerCount;
    private final List<String> withoutOwner;
    private final int orphanCount;
    private final List<String> orphans;
    private final int hardCycleCount;
    private final int nodesInHardCycles;
    private final List<Cycle> hardCycles;

    private EstateAnalysis(Estate e, int maxListed) {
        int n = e.nodeCount();
        nodeCount = n;
        edgeCount = e.edgeCount();
        int[] kinds = new int[NodeKind.values().length];
        int[] tiers = new int[4];
        Map<String, Integer> regions = new TreeMap<>();
        int[] edgeTypes = new int[EdgeType.values().length];
        List<EntryPoint> entries = new ArrayList<>();
        int stateful = 0;
        List<String> noOwner = new ArrayList<>();
        int noOwnerCount = 0;
        List<String> orphanIds = new ArrayList<>();
        int orphanTotal = 0;
        for (int i = 0; i < n; i++) {
            kinds[e.kind(i).ordinal()]++;
            tiers[e.tier(i)]++;
            regions.merge(e.region(i), 1, Integer::sum);
            for (int k = e.dependentsStart(i); k < e.dependentsEnd(i); k++) edgeTypes[e.dependentTypeOrdinalAt(k)]++;
            if (e.trafficWeight(i) > 0) entries.add(new EntryPoint(e.id(i), e.trafficWeight(i)));
            if (e.stateful(i)) stateful++;
            if (e.owner(i).isEmpty()) {
                if (noOwnerCount++ < maxListed) noOwner.add(e.id(i));
            }
            if (e.dependenciesStart(i) == e.dependenciesEnd(i) && e.dependentsStart(i) == e.dependentsEnd(i)) {
                if (orphanTotal++ < maxListed) orphanIds.add(e.id(i));
            }
        }
        Map<NodeKind, Integer> byKind = new EnumMap<>(NodeKind.class);
        for (NodeKind k : NodeKind.values()) if (kinds[k.ordinal()] > 0) byKind.put(k, kinds[k.ordinal()]);
        nodesByKind = Collections.unmodifiableMap(byKind);
        Map<Integer, Integer> byTier = new LinkedHashMap<>();
        for (int t = 0; t < 4; t++) byTier.put(t, tiers[t]);
        nodesByTier = Collections.unmodifiableMap(byTier);
        nodesByRegion = Collections.unmodifiableMap(regions);
        Map<EdgeType, Integer> byType = new EnumMap<>(EdgeType.class);
        for (EdgeType t : EdgeType.values()) byType.put(t, edgeTypes[t.ordinal()]);
        edgesByType = Collections.unmodifiableMap(byType);
        entryPointCount = entries.size();
        entries.sort((a, b) -> a.trafficWeight() != b.trafficWeight()
                ? Double.compare(b.trafficWeight(), a.trafficWeight()) : a.id().compareTo(b.id()));
        entryPoints = List.copyOf(entries.subList(0, Math.min(maxListed, entries.size())));
        totalTrafficWeight = e.totalTrafficWeight();
        statefulCount = stateful;
        withoutOwnerCount = noOwnerCount;
        withoutOwner = List.copyOf(noOwner);
        orphanCount = orphanTotal;
        orphans = List.copyOf(orphanIds);

        List<int[]> components = hardCycleComponents(e);
        hardCycleCount = components.size();
        int inCycles = 0;
        for (int[] c : components) inCycles += c.length;
        nodesInHardCycles = inCycles;
        List<Cycle> listed = new ArrayList<>();
        CyclePathFinder finder = components.isEmpty() ? null : new CyclePathFinder(e);
        for (int[] c : components) {
            if (listed.size() >= maxListed) break;
            listed.add(describe(e, c, finder));
        }
        hardCycles = List.copyOf(listed);
    }

    /** Analyses an estate, listing at most {@link #DEFAULT_MAX_LISTED} of each kind of id. */
    public static EstateAnalysis of(Estate estate) {
        return of(estate, DEFAULT_MAX_LISTED);
    }

    public static EstateAnalysis of(Estate estate, int maxListed) {
        if (maxListed < 0) throw new IllegalArgumentException("maxListed must be >= 0");
        return new EstateAnalysis(estate, maxListed);
    }

    public int nodeCount() { return nodeCount; }

    public int edgeCount() { return edgeCount; }

    /** Node counts by kind, kinds with no node left out, in {@link NodeKind} order. */
    public Map<NodeKind, Integer> nodesByKind() { return nodesByKind; }

    /** Node counts for tiers 0 to 3, all four present. */
    public Map<Integer, Integer> nodesByTier() { return nodesByTier; }

    /** Node counts by region, sorted; global nodes (no region) under the empty string. */
    public Map<String, Integer> nodesByRegion() { return nodesByRegion; }

    /** Edge counts by type, all types present. */
    public Map<EdgeType, Integer> edgesByType() { return edgesByType; }

    public int entryPointCount() { return entryPointCount; }

    /** Entry points by falling traffic weight (then id), capped. */
    public List<EntryPoint> entryPoints() { return entryPoints; }

    public double totalTrafficWeight() { return totalTrafficWeight; }

    public int statefulCount() { return statefulCount; }

    public int withoutOwnerCount() { return withoutOwnerCount; }

    /** Ids of nodes with no owner, in estate order, capped. */
    public List<String> withoutOwner() { return withoutOwner; }

    public int orphanCount() { return orphanCount; }

    /** Ids of nodes with no edge in either direction, in estate order, capped. */
    public List<String> orphans() { return orphans; }

    public int hardCycleCount() { return hardCycleCount; }

    public int nodesInHardCycles() { return nodesInHardCycles; }

    /** Hard cycles, largest first (then by first member), capped. */
    public List<Cycle> hardCycles() { return hardCycles; }

    /**
     * One WARNING per listed hard cycle (code {@code hard-cycle}), placed at {@code where}, plus one summarising
     * the cycles left out of the listing, if any.
     */
    public List<EstateProblem> cycleProblems(SourceLocation where) {
        List<EstateProblem> out = new ArrayList<>();
        for (Cycle c : hardCycles) {
            String members = c.size() > c.members().size()
                    ? " (members include " + String.join(", ", c.members()) + ", ...)"
                    : " (members " + String.join(", ", c.members()) + ")";
            out.add(new EstateProblem(EstateProblem.Severity.WARNING, "hard-cycle",
                    "hard-dependency cycle of " + c.size() + " nodes: " + String.join(" -> ", c.path())
                            + members + "; allowed but reported: none of them can start without the others", where));
        }
        if (hardCycleCount > hardCycles.size()) {
            out.add(new EstateProblem(EstateProblem.Severity.WARNING, "hard-cycle",
                    (hardCycleCount - hardCycles.size()) + " more hard-dependency cycles not listed", where));
        }
        return out;
    }

    /**
     * The strongly connected components of more than one node in the graph of HARD edges: each as ascending node
     * indexes; components ordered by falling size, then by their smallest index. Self-edges never reach an estate.
     */
    public static List<int[]> hardCycleComponents(Estate e) {
        int n = e.nodeCount();
        int hard = EdgeType.HARD.ordinal();
        int[] index = new int[n];
        Arrays.fill(index, -1);
        int[] low = new int[n];
        boolean[] onStack = new boolean[n];
        int[] sccStack = new int[n];
        int sp = 0;
        int[] callNode = new int[n];
        int[] callEdge = new int[n];
        int counter = 0;
        List<int[]> out = new ArrayList<>();
        // SCCs of a graph and of its reverse are the same; the reverse rows give the edge type as a primitive
        for (int root = 0; root < n; root++) {
            if (index[root] >= 0) continue;
            int depth = 0;
            index[root] = low[root] = counter++;
            sccStack[sp++] = root;
            onStack[root] = true;
            callNode[depth] = root;
            callEdge[depth] = e.dependentsStart(root);
            depth++;
            while (depth > 0) {
                int v = callNode[depth - 1];
                int k = callEdge[depth - 1];
                if (k < e.dependentsEnd(v)) {
                    callEdge[depth - 1] = k + 1;
                    if (e.dependentTypeOrdinalAt(k) != hard) continue;
                    int w = e.dependentAt(k);
                    if (index[w] < 0) {
                        index[w] = low[w] = counter++;
                        sccStack[sp++] = w;
                        onStack[w] = true;
                        callNode[depth] = w;
                        callEdge[depth] = e.dependentsStart(w);
                        depth++;
                    } else if (onStack[w] && index[w] < low[v]) {
                        low[v] = index[w];
                    }
                    continue;
                }
                // v is finished
                if (low[v] == index[v]) {
                    int start = sp;
                    do {
                        start--;
                        onStack[sccStack[start]] = false;
                    } while (sccStack[start] != v);
                    if (sp - start > 1) {
                        int[] c = Arrays.copyOfRange(sccStack, start, sp);
                        Arrays.sort(c);
                        out.add(c);
                    }
                    sp = start;
                }
                depth--;
                if (depth > 0) {
                    int u = callNode[depth - 1];
                    if (low[v] < low[u]) low[u] = low[v];
                }
            }
        }
        out.sort((a, b) -> a.length != b.length ? Integer.compare(b.length, a.length) : Integer.compare(a[0], b[0]));
        return out;
    }

    private static Cycle describe(Estate e, int[] component, CyclePathFinder finder) {
        List<String> ids = new ArrayList<>(component.length);
        for (int i : component) ids.add(e.id(i));
        Collections.sort(ids);
        List<String> members = ids.subList(0, Math.min(MAX_CYCLE_MEMBERS_LISTED, ids.size()));
        int first = e.indexOf(ids.getFirst());
        return new Cycle(component.length, members, finder.shortestCycle(first, component));
    }

    /** Breadth-first search for a shortest hard cycle through one node, inside its component. Reuses its arrays. */
    private static final class CyclePathFinder {
        private final Estate e;
        private final int[] parent;
        private final boolean[] inComponent;
        private final int[] queue;

        CyclePathFinder(Estate e) {
            this.e = e;
            int n = e.nodeCount();
            parent = new int[n];
            Arrays.fill(parent, -1);
            inComponent = new boolean[n];
            queue = new int[n];
        }

        /** A shortest cycle s -> ... -> s over hard dependency edges, as ids, cut when long. */
        List<String> shortestCycle(int s, int[] component) {
            for (int c : component) inComponent[c] = true;
            int hard = EdgeType.HARD.ordinal();
            // search the reverse graph from s: reaching s again via "v is depended on by w" gives a forward cycle
            int head = 0, tail = 0;
            queue[tail++] = s;
            int last = -1;
            search:
            while (head < tail) {
                int v = queue[head++];
                for (int k = e.dependentsStart(v); k < e.dependentsEnd(v); k++) {
                    if (e.dependentTypeOrdinalAt(k) != hard) continue;
                    int w = e.dependentAt(k);
                    if (!inComponent[w]) continue;
                    if (w == s) {
                        last = v;
                        break search;
                    }
                    if (parent[w] < 0) {
                        parent[w] = v;
                        queue[tail++] = w;
                    }
                }
            }
            // reverse-graph path s <- ... <- last, then s: forward it reads s -> last -> parent(last) -> ... -> s
            List<String> path = new ArrayList<>();
            path.add(e.id(s));
            for (int v = last; v != s && v >= 0; v = parent[v]) path.add(e.id(v));
            path.add(e.id(s));
            for (int k = 0; k < tail; k++) parent[queue[k]] = -1;
            for (int c : component) inComponent[c] = false;
            if (path.size() > MAX_CYCLE_MEMBERS_LISTED + 1) {
                List<String> cut = new ArrayList<>(path.subList(0, MAX_CYCLE_MEMBERS_LISTED));
                cut.add("...");
                cut.add(e.id(s));
                return cut;
            }
            return path;
        }
    }
}
