package io.blastwall.core.estate;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The estate: a directed graph of components where an edge A→B says "A depends on B".
 *
 * <p>Stored for a million components: node attributes in parallel primitive arrays, strings
 * (owners, regions, zones …) dictionary-encoded, and both edge directions in compressed sparse rows
 * (dependencies of a node: {@code depStart[i] .. depStart[i+1]}; its dependents likewise in the reverse rows).
 * Nodes are addressed by a dense index {@code 0 .. nodeCount()-1}; {@link #indexOf(String)} maps an id to it.
 *
 * <p>Immutable and safe to share between threads once built by {@link EstateBuilder}.
 * Accessors taking an index do not check it beyond the JVM's own array bounds checks.
 */
public final class Estate {

    // values() copies its array on every call; these accessors sit in per-node loops
    private static final NodeKind[] KINDS = NodeKind.values();
    private static final EdgeType[] EDGE_TYPES = EdgeType.values();

    private final String name;
    private final String[] ids;
    private final IdIndex index;
    private final String[] dict;
    private final byte[] kind;
    private final byte[] tier;
    private final boolean[] stateful;
    private final int[] owner;
    private final int[] system;
    private final int[] region;
    private final int[] cell;
    private final int[] group;
    private final int[] zoneStart;
    private final int[] zoneIds;
    private final double[] capacity;
    private final double[] peakLoad;
    private final int[] replicas;
    private final double[] trafficWeight;
    private final double totalTrafficWeight;
    private final int[] depStart;
    private final int[] depTarget;
    private final byte[] depType;
    private final int[] revStart;
    // dependents rows: source index in the low 30 bits, edge type ordinal in the top 2, so that the blast radius
    // search reads one array per edge instead of two
    private final int[] revPacked;
    static final int PACK_SHIFT = 30;
    static final int PACK_MASK = (1 << PACK_SHIFT) - 1;
    private final int[] groupStart;
    private final int[] groupMembers;
    private final int[] groupOf;
    private final Map<Integer, Map<String, String>> labels;
    private final Map<Integer, List<ResourceSelector>> selectors;
    private final ResourceIndex resources;

    Estate(String name, String[] ids, IdIndex index, String[] dict, byte[] kind, byte[] tier, boolean[] stateful,
           int[] owner, int[] system, int[] region, int[] cell, int[] group, int[] zoneStart, int[] zoneIds,
           double[] capacity, double[] peakLoad, int[] replicas, double[] trafficWeight,
           int[] depStart, int[] depTarget, byte[] depType,
           Map<Integer, Map<String, String>> labels, Map<Integer, List<ResourceSelector>> selectors) {
        this.name = name;
        this.ids = ids;
        this.index = index;
        this.dict = dict;
        this.kind = kind;
        this.tier = tier;
        this.stateful = stateful;
        this.owner = owner;
        this.system = system;
        this.region = region;
        this.cell = cell;
        this.group = group;
        this.zoneStart = zoneStart;
        this.zoneIds = zoneIds;
        this.capacity = capacity;
        this.peakLoad = peakLoad;
        this.replicas = replicas;
        this.trafficWeight = trafficWeight;
        this.depStart = depStart;
        this.depTarget = depTarget;
        this.depType = depType;
        this.labels = labels;
        this.selectors = selectors;
        int n = ids.length;
        double total = 0;
        for (double w : trafficWeight) total += w;
        this.totalTrafficWeight = total;
        // reverse rows: dependents of each node
        int m = depTarget.length;
        this.revStart = new int[n + 1];
        for (int k = 0; k < m; k++) revStart[depTarget[k] + 1]++;
        for (int i = 0; i < n; i++) revStart[i + 1] += revStart[i];
        if (n > PACK_MASK) throw new IllegalArgumentException("an estate holds at most " + PACK_MASK + " nodes");
        this.revPacked = new int[m];
        int[] fill = new int[n];
        for (int a = 0; a < n; a++) {
            for (int k = depStart[a]; k < depStart[a + 1]; k++) {
                int b = depTarget[k];
                int pos = revStart[b] + fill[b]++;
                revPacked[pos] = a | (depType[k] << PACK_SHIFT);
            }
        }
        // redundancy groups: members of each group, a node without a group is alone
        int groups = 0;
        this.groupOf = new int[n];
        int[] groupSlot = new int[dict.length];
        java.util.Arrays.fill(groupSlot, -1);
        for (int i = 0; i < n; i++) {
            if (group[i] == 0) {
                groupOf[i] = groups++;
            } else {
                if (groupSlot[group[i]] < 0) groupSlot[group[i]] = groups++;
                groupOf[i] = groupSlot[group[i]];
            }
        }
        this.groupStart = new int[groups + 1];
        for (int i = 0; i < n; i++) groupStart[groupOf[i] + 1]++;
        for (int g = 0; g < groups; g++) groupStart[g + 1] += groupStart[g];
        this.groupMembers = new int[n];
        int[] gfill = new int[groups];
        for (int i = 0; i < n; i++) groupMembers[groupStart[groupOf[i]] + gfill[groupOf[i]]++] = i;
        this.resources = new ResourceIndex(this, selectors);
    }

    /** The estate's name (from its file's metadata), may be empty. */
    public String name() { return name; }

    public int nodeCount() { return ids.length; }

    public int edgeCount() { return depTarget.length; }

    /** The dense index of a node id, or -1 when the estate has no such node. */
    public int indexOf(String id) { return index.get(id); }

    public String id(int i) { return ids[i]; }

    public NodeKind kind(int i) { return KINDS[kind[i]]; }

    public int tier(int i) { return tier[i]; }

    public boolean stateful(int i) { return stateful[i]; }

    public String owner(int i) { return dict[owner[i]]; }

    /**
     * Dictionary code of node i's owner: equal codes are equal owners. Codes index {@link #dictionaryValue(int)}
     * and are below {@link #dictionarySize()}; code 0 is the empty string. For counting without hashing strings.
     */
    public int ownerCode(int i) { return owner[i]; }

    /** Dictionary code of node i's region (see {@link #ownerCode(int)}). */
    public int regionCode(int i) { return region[i]; }

    /** The string a dictionary code stands for. */
    public String dictionaryValue(int code) { return dict[code]; }

    /** Number of dictionary codes (owners, systems, regions, zones, cells and groups share one dictionary). */
    public int dictionarySize() { return dict.length; }

    public String system(int i) { return dict[system[i]]; }

    public String region(int i) { return dict[region[i]]; }

    public String cell(int i) { return dict[cell[i]]; }

    /** The node's redundancy group name, or its own id when it has none. */
    public String group(int i) { return group[i] == 0 ? ids[i] : dict[group[i]]; }

    public int zoneCount(int i) { return zoneStart[i + 1] - zoneStart[i]; }

    /** The k-th zone of node i. */
    public String zone(int i, int k) { return dict[zoneIds[zoneStart[i] + k]]; }

    /** Dictionary code of the k-th zone of node i: equal codes are equal zones. */
    public int zoneCode(int i, int k) { return zoneIds[zoneStart[i] + k]; }

    public List<String> zones(int i) {
        int c = zoneCount(i);
        if (c == 0) return List.of();
        List<String> out = new ArrayList<>(c);
        for (int k = 0; k < c; k++) out.add(zone(i, k));
        return Collections.unmodifiableList(out);
    }

    public double capacity(int i) { return capacity[i]; }

    public double peakLoad(int i) { return peakLoad[i]; }

    public int replicas(int i) { return replicas[i]; }

    public double trafficWeight(int i) { return trafficWeight[i]; }

    /** Sum of all entry points' traffic weights; 0 when the estate declares none. */
    public double totalTrafficWeight() { return totalTrafficWeight; }

    public Map<String, String> labels(int i) { return labels.getOrDefault(i, Map.of()); }

    public List<ResourceSelector> selectors(int i) { return selectors.getOrDefault(i, List.of()); }

    // ---- dependencies: edges i -> target ("i depends on target")

    public int dependenciesStart(int i) { return depStart[i]; }

    public int dependenciesEnd(int i) { return depStart[i + 1]; }

    public int dependencyAt(int k) { return depTarget[k]; }

    public EdgeType dependencyTypeAt(int k) { return EDGE_TYPES[depType[k]]; }

    // ---- dependents: edges source -> i ("source depends on i")

    public int dependentsStart(int i) { return revStart[i]; }

    public int dependentsEnd(int i) { return revStart[i + 1]; }

    public int dependentAt(int k) { return revPacked[k] & PACK_MASK; }

    /** The edge type of the k-th dependent edge, as the ordinal of {@link EdgeType}, for hot loops. */
    public int dependentTypeOrdinalAt(int k) { return revPacked[k] >>> PACK_SHIFT; }

    public EdgeType dependentTypeAt(int k) { return EDGE_TYPES[revPacked[k] >>> PACK_SHIFT]; }

    // ---- redundancy groups

    /** Dense index of node i's redundancy group. */
    public int groupIndex(int i) { return groupOf[i]; }

    public int groupMembersStart(int g) { return groupStart[g]; }

    public int groupMembersEnd(int g) { return groupStart[g + 1]; }

    public int groupMemberAt(int k) { return groupMembers[k]; }

    /** Maps resources named by changes onto nodes. */
    public ResourceIndex resources() { return resources; }

    /** Raw reverse adjacency rows for benchmarks and the blast radius floor comparison; callers must not modify them. */
    public int[] dependentsRowStarts() { return revStart; }

    /** The dependents rows' source nodes, unpacked: a fresh copy (O(edges)), for benchmarks and tools. */
    public int[] dependentsRowTargets() {
        int[] out = new int[revPacked.length];
        for (int k = 0; k < out.length; k++) out[k] = revPacked[k] & PACK_MASK;
        return out;
    }

    /**
     * The dependents rows as stored: source index in the low 30 bits ({@code & 0x3fffffff}), edge type ordinal in the
     * top two ({@code >>> 30}). For the blast radius search's hot loop; callers must not modify it.
     */
    public int[] dependentsRowPacked() { return revPacked; }
}
