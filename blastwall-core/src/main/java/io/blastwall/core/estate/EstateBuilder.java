package io.blastwall.core.estate;

import io.blastwall.core.SourceLocation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Accumulates nodes and edges (possibly from several files) and packs them into an immutable {@link Estate}.
 *
 * <p>Edges may name nodes added later; they are resolved in {@link #build()}. Problems found on the way
 * (duplicate ids, edges to unknown nodes, self-edges, an empty estate) are collected, not thrown, so that
 * {@code estate validate} can report all of them; {@link #problems()} lists them after {@code build()}.
 * Duplicate ids keep the first definition; dangling and self edges are dropped; a repeated edge keeps its strongest type.
 *
 * <p>Not thread-safe; use one builder per load.
 */
public final class EstateBuilder {

    private String name = "";
    private final List<String> files = new ArrayList<>();
    private final Symbols dictIndex = new Symbols(); // symbol = dictionary code
    private final List<String> dict = new ArrayList<>();

    // every id seen, as a node or an edge end: edges hold symbols and are resolved by array lookups in build()
    private final Symbols symbols = new Symbols();
    private int n;
    private String[] ids = new String[1024];
    private int[] nodeSymbol = new int[1024];
    private byte[] kind = new byte[1024];
    private byte[] tier = new byte[1024];
    private boolean[] stateful = new boolean[1024];
    private int[] owner = new int[1024];
    private int[] system = new int[1024];
    private int[] region = new int[1024];
    private int[] cell = new int[1024];
    private int[] group = new int[1024];
    private int[] zoneCount = new int[1024];
    private int[] zoneFlat = new int[1024];
    private int zoneFlatSize;
    private double[] capacity = new double[1024];
    private double[] peakLoad = new double[1024];
    private int[] replicas = new int[1024];
    private double[] traffic = new double[1024];
    private int[] nodeFile = new int[1024];
    private int[] nodeLine = new int[1024];
    private final Map<Integer, Map<String, String>> labels = new HashMap<>();
    private final Map<Integer, List<ResourceSelector>> selectors = new HashMap<>();

    private static final int NO_ID = -1; // the symbol of a null id: never a node
    private int m;
    private int[] edgeFrom = new int[1024];
    private int[] edgeTo = new int[1024];
    private byte[] edgeType = new byte[1024];
    private int[] edgeFile = new int[1024];
    private int[] edgeLine = new int[1024];

    private final List<EstateProblem> problems = new ArrayList<>();

    public EstateBuilder() {
        intern("");
    }

    public EstateBuilder name(String estateName) {
        this.name = estateName == null ? "" : estateName;
        return this;
    }

    /**
     * The number this builder gives the id with characters {@code chars[offset .. offset+length)}: the same for
     * the same characters, whether first seen here, in {@link #addNode} or in {@link #addEdge}. For readers that
     * parse into a character buffer: no String per mention, and edges by symbol skip a lookup per edge at build.
     */
    public int idSymbol(char[] chars, int offset, int length) {
        return symbols.get(chars, offset, length);
    }

    /** The canonical String of an {@link #idSymbol}. */
    public String idSymbolName(int symbol) {
        return symbols.name(symbol);
    }

    /** Adds a node. {@code where} names its place in the input for later problem reports. */
    public EstateBuilder addNode(NodeSpec spec, SourceLocation where) {
        return addNode(symbols.get(spec.id()), spec, where);
    }

    /**
     * Adds a node whose id the caller already turned into {@code idSymbol} (an {@link #idSymbol} of this builder for
     * {@code spec.id()}): saves hashing the id again.
     */
    public EstateBuilder addNode(int idSymbol, NodeSpec spec, SourceLocation where) {
        return addNode(idSymbol, spec, where == null ? "" : where.file(), where == null ? 0 : where.line());
    }

    /**
     * Like {@link #addNode(int, NodeSpec, SourceLocation)} with the place given as file and line (0: unknown): no
     * location object per node for readers that add millions.
     */
    public EstateBuilder addNode(int idSymbol, NodeSpec spec, String file, int line) {
        if (idSymbol < 0 || idSymbol >= symbols.size() || !symbols.name(idSymbol).equals(spec.id())) {
            throw new IllegalArgumentException("id symbol " + idSymbol + " does not stand for '" + spec.id() + "'");
        }
        if (n == ids.length) growNodes();
        int i = n++;
        nodeSymbol[i] = idSymbol;
        ids[i] = symbols.name(nodeSymbol[i]);
        kind[i] = (byte) spec.kind().ordinal();
        tier[i] = (byte) spec.tier();
        stateful[i] = spec.stateful();
        owner[i] = intern(spec.owner());
        system[i] = intern(spec.system());
        region[i] = intern(spec.region());
        cell[i] = intern(spec.cell());
        group[i] = intern(spec.group());
        zoneCount[i] = spec.zones().size();
        for (String z : spec.zones()) {
            if (zoneFlatSize == zoneFlat.length) zoneFlat = Arrays.copyOf(zoneFlat, zoneFlat.length * 2);
            zoneFlat[zoneFlatSize++] = intern(z);
        }
        capacity[i] = spec.capacity();
        peakLoad[i] = spec.peakLoad();
        replicas[i] = spec.replicas();
        traffic[i] = spec.trafficWeight();
        nodeFile[i] = fileIndex(file == null ? "" : file);
        nodeLine[i] = line;
        if (!spec.labels().isEmpty()) labels.put(i, spec.labels());
        if (!spec.selectors().isEmpty()) selectors.put(i, spec.selectors());
        return this;
    }

    /** Adds "from depends on to". Both ids are resolved at {@link #build()}. */
    public EstateBuilder addEdge(String from, String to, EdgeType type, SourceLocation where) {
        // a missing id (null) is reported as a dangling edge at build, as any unknown one
        return edge(from == null ? NO_ID : symbols.get(from), to == null ? NO_ID : symbols.get(to), type,
                fileIndex(where), where == null ? 0 : where.line());
    }

    /** Adds "from depends on to" by {@link #idSymbol}s of this builder. Both are resolved at {@link #build()}. */
    public EstateBuilder addEdge(int fromSymbol, int toSymbol, EdgeType type, SourceLocation where) {
        return addEdge(fromSymbol, toSymbol, type, where == null ? "" : where.file(), where == null ? 0 : where.line());
    }

    /**
     * Like {@link #addEdge(int, int, EdgeType, SourceLocation)} with the place given as file and line (0: unknown):
     * no location object per edge for readers that add millions.
     */
    public EstateBuilder addEdge(int fromSymbol, int toSymbol, EdgeType type, String file, int line) {
        if (fromSymbol < 0 || fromSymbol >= symbols.size() || toSymbol < 0 || toSymbol >= symbols.size()) {
            throw new IllegalArgumentException("not an id symbol of this builder: " + fromSymbol + " -> " + toSymbol);
        }
        return edge(fromSymbol, toSymbol, type, fileIndex(file == null ? "" : file), line);
    }

    private EstateBuilder edge(int fromSymbol, int toSymbol, EdgeType type, int file, int line) {
        if (m == edgeFrom.length) growEdges();
        edgeFrom[m] = fromSymbol;
        edgeTo[m] = toSymbol;
        edgeType[m] = (byte) type.ordinal();
        edgeFile[m] = file;
        edgeLine[m] = line;
        m++;
        return this;
    }

    /**
     * Makes room for {@code nodes} more nodes and {@code edges} more edges without growing on the way: a hint from
     * readers that can estimate the size of what follows (saves copying the arrays while they double). Never needed
     * for correctness.
     */
    public EstateBuilder ensureCapacity(int nodes, int edges) {
        if (nodes > 0 && (long) n + nodes > ids.length) resizeNodes((int) Math.min(Integer.MAX_VALUE - 16, (long) n + nodes));
        if (edges > 0 && (long) m + edges > edgeFrom.length) resizeEdges((int) Math.min(Integer.MAX_VALUE - 16, (long) m + edges));
        return this;
    }

    /**
     * Appends every node and edge of {@code part} (a builder that was never built) after what this builder holds,
     * with exactly the outcome of having added them here in the same order: the same ids, node order, edge order,
     * dictionary codes, file places and, at {@link #build()}, the same problems. This lets a reader fill parts of
     * one input on several threads (each into its own builder) and join them in input order. {@code part} must not
     * be used afterwards.
     */
    public EstateBuilder addAll(EstateBuilder part) {
        return addAll(part, 0);
    }

    /**
     * Like {@link #addAll(EstateBuilder)} for a part whose places were counted from a later line of the same input:
     * {@code lineShift} is added to every line (greater than zero) of the part's nodes and edges.
     */
    public EstateBuilder addAll(EstateBuilder part, int lineShift) {
        if (part == this) throw new IllegalArgumentException("a builder cannot be appended to itself");
        // symbols, dictionary values and files are numbered by first appearance; taking the part's in its own order
        // numbers the new ones exactly as if they had been seen here
        int[] symbol = new int[part.symbols.size()];
        for (int s = 0; s < symbol.length; s++) symbol[s] = symbols.get(part.symbols.name(s), part.symbols.hash(s));
        int[] code = new int[part.dict.size()];
        for (int c = 0; c < code.length; c++) code[c] = intern(part.dict.get(c));
        int[] file = new int[part.files.size()];
        for (int f = 0; f < file.length; f++) file[f] = fileIndex(part.files.get(f));
        ensureCapacity(part.n, part.m);
        if (zoneFlatSize + part.zoneFlatSize > zoneFlat.length) {
            zoneFlat = Arrays.copyOf(zoneFlat, Math.max(zoneFlatSize + part.zoneFlatSize, zoneFlat.length * 2));
        }
        for (int z = 0; z < part.zoneFlatSize; z++) zoneFlat[zoneFlatSize++] = code[part.zoneFlat[z]];
        int base = n;
        for (int i = 0; i < part.n; i++) {
            int j = base + i;
            int s = symbol[part.nodeSymbol[i]];
            nodeSymbol[j] = s;
            ids[j] = symbols.name(s);
            kind[j] = part.kind[i];
            tier[j] = part.tier[i];
            stateful[j] = part.stateful[i];
            owner[j] = code[part.owner[i]];
            system[j] = code[part.system[i]];
            region[j] = code[part.region[i]];
            cell[j] = code[part.cell[i]];
            group[j] = code[part.group[i]];
            zoneCount[j] = part.zoneCount[i];
            capacity[j] = part.capacity[i];
            peakLoad[j] = part.peakLoad[i];
            replicas[j] = part.replicas[i];
            traffic[j] = part.traffic[i];
            nodeFile[j] = file[part.nodeFile[i]];
            nodeLine[j] = part.nodeLine[i] > 0 ? part.nodeLine[i] + lineShift : part.nodeLine[i];
        }
        n = base + part.n;
        part.labels.forEach((i, l) -> labels.put(base + i, l));
        part.selectors.forEach((i, l) -> selectors.put(base + i, l));
        for (int k = 0; k < part.m; k++) {
            int j = m + k;
            edgeFrom[j] = part.edgeFrom[k] == NO_ID ? NO_ID : symbol[part.edgeFrom[k]];
            edgeTo[j] = part.edgeTo[k] == NO_ID ? NO_ID : symbol[part.edgeTo[k]];
            edgeType[j] = part.edgeType[k];
            edgeFile[j] = file[part.edgeFile[k]];
            edgeLine[j] = part.edgeLine[k] > 0 ? part.edgeLine[k] + lineShift : part.edgeLine[k];
        }
        m += part.m;
        return this;
    }

    public int nodeCountSoFar() {
        return n;
    }

    /** Problems found by the last {@link #build()}. */
    public List<EstateProblem> problems() {
        return List.copyOf(problems);
    }

    /** Packs what was added into an estate, recording problems. May be called once. */
    public Estate build() {
        problems.clear();
        if (n == 0) {
            problems.add(new EstateProblem(EstateProblem.Severity.ERROR, "empty-estate",
                    "the estate has no nodes; expected at least one component", location(-1, 0)));
        }
        // duplicates: keep the first, drop later ones; symbolNode maps each id symbol to its node (-1: no node)
        int[] symbolNode = new int[symbols.size()];
        Arrays.fill(symbolNode, -1);
        int[] first = new int[n];
        for (int i = 0; i < n; i++) {
            int s = nodeSymbol[i];
            if (symbolNode[s] < 0) symbolNode[s] = i;
            first[i] = symbolNode[s];
        }
        int[] remap = new int[n];
        int kept = 0;
        for (int i = 0; i < n; i++) {
            if (first[i] != i) {
                problems.add(new EstateProblem(EstateProblem.Severity.ERROR, "duplicate-id",
                        "duplicate node id '" + ids[i] + "' (first defined at "
                                + location(nodeFile[first[i]], nodeLine[first[i]]) + "); ids must be unique",
                        location(nodeFile[i], nodeLine[i])));
                remap[i] = -1;
            } else {
                remap[i] = kept++;
            }
        }
        if (kept != n) {
            for (int s = 0; s < symbolNode.length; s++) if (symbolNode[s] >= 0) symbolNode[s] = remap[symbolNode[s]];
            compactNodes(remap, kept);
        }
        int count = kept;
        int[] idHash = new int[count];
        for (int i = 0; i < count; i++) idHash[i] = symbols.hash(nodeSymbol[i]);
        IdIndex index = new IdIndex(ids, count, idHash);
        // resolve edges into CSR
        int[] from = new int[m];
        int[] to = new int[m];
        int valid = 0;
        int[] outDegree = new int[count];
        for (int k = 0; k < m; k++) {
            int a = edgeFrom[k] == NO_ID ? -1 : symbolNode[edgeFrom[k]];
            int b = edgeTo[k] == NO_ID ? -1 : symbolNode[edgeTo[k]];
            if (a < 0 || b < 0) {
                String fromId = name(edgeFrom[k]), toId = name(edgeTo[k]);
                String missing = a < 0 ? fromId : toId;
                problems.add(new EstateProblem(EstateProblem.Severity.ERROR, "dangling-edge",
                        "dependency " + fromId + " -> " + toId + " names unknown node '" + missing
                                + "'; expected the id of a node in the estate", location(edgeFile[k], edgeLine[k])));
                from[k] = -1;
                continue;
            }
            if (a == b) {
                problems.add(new EstateProblem(EstateProblem.Severity.WARNING, "self-edge",
                        "node '" + symbols.name(edgeFrom[k]) + "' depends on itself; the edge is ignored",
                        location(edgeFile[k], edgeLine[k])));
                from[k] = -1;
                continue;
            }
            from[k] = a;
            to[k] = b;
            outDegree[a]++;
            valid++;
        }
        int[] start = new int[count + 1];
        for (int i = 0; i < count; i++) start[i + 1] = start[i] + outDegree[i];
        int[] target = new int[valid];
        byte[] type = new byte[valid];
        int[] fill = new int[count];
        for (int k = 0; k < m; k++) {
            if (from[k] < 0) continue;
            int pos = start[from[k]] + fill[from[k]]++;
            target[pos] = to[k];
            type[pos] = edgeType[k];
        }
        int edges = dedupeEdges(start, target, type, count);
        if (edges != valid) {
            target = Arrays.copyOf(target, edges);
            type = Arrays.copyOf(type, edges);
        }
        int[] zoneStart = new int[count + 1];
        for (int i = 0; i < count; i++) zoneStart[i + 1] = zoneStart[i] + zoneCount[i];
        int[] zones = Arrays.copyOf(zoneFlat, zoneStart[count]);
        return new Estate(name, Arrays.copyOf(ids, count), index, dict.toArray(String[]::new),
                Arrays.copyOf(kind, count), Arrays.copyOf(tier, count), Arrays.copyOf(stateful, count),
                Arrays.copyOf(owner, count), Arrays.copyOf(system, count), Arrays.copyOf(region, count),
                Arrays.copyOf(cell, count), Arrays.copyOf(group, count), zoneStart, zones,
                Arrays.copyOf(capacity, count), Arrays.copyOf(peakLoad, count), Arrays.copyOf(replicas, count),
                Arrays.copyOf(traffic, count), start, target, type, labels, selectors);
    }

    /** Sorts each row by target, merges repeats keeping the strongest type (HARD < SOFT < ASYNC by ordinal), compacts in place. */
    private int dedupeEdges(int[] start, int[] target, byte[] type, int count) {
        int write = 0;
        long[] row = new long[16];
        for (int i = 0; i < count; i++) {
            int s = start[i], e = start[i + 1];
            int len = e - s;
            if (row.length < len) row = new long[Math.max(len, row.length * 2)];
            for (int k = 0; k < len; k++) row[k] = ((long) target[s + k] << 8) | type[s + k];
            Arrays.sort(row, 0, len);
            start[i] = write;
            int prev = -1;
            for (int k = 0; k < len; k++) {
                int t = (int) (row[k] >>> 8);
                byte ty = (byte) (row[k] & 0xff);
                if (t == prev) {
                    problems.add(new EstateProblem(EstateProblem.Severity.WARNING, "duplicate-edge",
                            "node '" + ids[i] + "' depends on '" + ids[t] + "' more than once; the strongest type is kept",
                            location(nodeFile[i], nodeLine[i])));
                    continue; // sorted by type ordinal: the first one seen is the strongest
                }
                target[write] = t;
                type[write] = ty;
                write++;
                prev = t;
            }
        }
        start[count] = write;
        return write;
    }

    private void compactNodes(int[] remap, int kept) {
        int[] newZoneFlat = new int[zoneFlatSize];
        int zw = 0, zr = 0;
        Map<Integer, Map<String, String>> newLabels = new HashMap<>();
        Map<Integer, List<ResourceSelector>> newSelectors = new HashMap<>();
        for (int i = 0; i < n; i++) {
            int zc = zoneCount[i];
            int j = remap[i];
            if (j >= 0) {
                System.arraycopy(zoneFlat, zr, newZoneFlat, zw, zc);
                zw += zc;
                ids[j] = ids[i];
                nodeSymbol[j] = nodeSymbol[i];
                kind[j] = kind[i];
                tier[j] = tier[i];
                stateful[j] = stateful[i];
                owner[j] = owner[i];
                system[j] = system[i];
                region[j] = region[i];
                cell[j] = cell[i];
                group[j] = group[i];
                zoneCount[j] = zc;
                capacity[j] = capacity[i];
                peakLoad[j] = peakLoad[i];
                replicas[j] = replicas[i];
                traffic[j] = traffic[i];
                nodeFile[j] = nodeFile[i];
                nodeLine[j] = nodeLine[i];
                if (labels.containsKey(i)) newLabels.put(j, labels.get(i));
                if (selectors.containsKey(i)) newSelectors.put(j, selectors.get(i));
            }
            zr += zc;
        }
        zoneFlat = newZoneFlat;
        zoneFlatSize = zw;
        labels.clear();
        labels.putAll(newLabels);
        selectors.clear();
        selectors.putAll(newSelectors);
        n = kept;
    }

    private String name(int symbol) {
        return symbol == NO_ID ? null : symbols.name(symbol);
    }

    private int intern(String s) {
        int code = dictIndex.get(s);
        if (code == dict.size()) dict.add(s);
        return code;
    }

    private int fileIndex(SourceLocation where) {
        return fileIndex(where == null ? "" : where.file());
    }

    private int fileIndex(String f) {
        int last = files.size() - 1;
        if (last >= 0 && files.get(last).equals(f)) return last;
        int idx = files.indexOf(f);
        if (idx >= 0) return idx;
        files.add(f);
        return files.size() - 1;
    }

    private SourceLocation location(int file, int line) {
        String f = file >= 0 && file < files.size() ? files.get(file) : (files.isEmpty() ? "" : files.get(0));
        return new SourceLocation(f, line, 0, "");
    }

    private void growNodes() {
        resizeNodes(ids.length * 2);
    }

    private void resizeNodes(int c) {
        ids = Arrays.copyOf(ids, c);
        nodeSymbol = Arrays.copyOf(nodeSymbol, c);
        kind = Arrays.copyOf(kind, c);
        tier = Arrays.copyOf(tier, c);
        stateful = Arrays.copyOf(stateful, c);
        owner = Arrays.copyOf(owner, c);
        system = Arrays.copyOf(system, c);
        region = Arrays.copyOf(region, c);
        cell = Arrays.copyOf(cell, c);
        group = Arrays.copyOf(group, c);
        zoneCount = Arrays.copyOf(zoneCount, c);
        capacity = Arrays.copyOf(capacity, c);
        peakLoad = Arrays.copyOf(peakLoad, c);
        replicas = Arrays.copyOf(replicas, c);
        traffic = Arrays.copyOf(traffic, c);
        nodeFile = Arrays.copyOf(nodeFile, c);
        nodeLine = Arrays.copyOf(nodeLine, c);
    }

    private void growEdges() {
        resizeEdges(edgeFrom.length * 2);
    }

    private void resizeEdges(int c) {
        edgeFrom = Arrays.copyOf(edgeFrom, c);
        edgeTo = Arrays.copyOf(edgeTo, c);
        edgeType = Arrays.copyOf(edgeType, c);
        edgeFile = Arrays.copyOf(edgeFile, c);
        edgeLine = Arrays.copyOf(edgeLine, c);
    }
}
