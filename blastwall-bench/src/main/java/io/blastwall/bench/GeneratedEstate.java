package io.blastwall.bench;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.blastwall.core.estate.EdgeType;
import io.blastwall.core.estate.Estate;
import io.blastwall.core.estate.EstateBuilder;
import io.blastwall.core.estate.NodeKind;
import io.blastwall.core.estate.NodeSpec;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A generated estate held compactly (parallel arrays, dependencies in compressed rows), which can be emitted as
 * nodes and edges into an {@link EstateBuilder} or as a Blastwall estate JSON file (apiVersion blastwall.io/v1);
 * both outputs describe the same estate. Made by {@link EstateGenerator}.
 *
 * <p>Immutable once made; emitting is thread-safe.
 */
public final class GeneratedEstate {

    static final int NO_ZONES = -1, ALL_ZONES = 3;
    private static final NodeKind[] KINDS = NodeKind.values();
    private static final EdgeType[] TYPES = EdgeType.values();

    private final String name;
    private final String[] ids;
    private final byte[] kind, tier, region, zones, cell;
    private final boolean[] stateful;
    private final int[] owner, system, group, replicas;
    private final double[] capacity, peakLoad, traffic;
    private final String[] groupNames;
    private final int[] depStart, depTarget;
    private final byte[] depType;

    private GeneratedEstate(Builder b, int[] depStart, int[] depTarget, byte[] depType) {
        int n = b.n;
        this.name = "gen-" + n;
        this.ids = new String[n];
        for (int i = 0; i < n; i++) ids[i] = b.prefixes.get(b.prefix[i]) + "-" + i;
        this.kind = b.kind;
        this.tier = b.tier;
        this.region = b.region;
        this.zones = b.zones;
        this.cell = b.cell;
        this.stateful = b.stateful;
        this.owner = b.owner;
        this.system = b.system;
        this.group = b.group;
        this.replicas = b.replicas;
        this.capacity = b.capacity;
        this.peakLoad = b.peakLoad;
        this.traffic = b.traffic;
        this.groupNames = b.groupNames.toArray(String[]::new);
        this.depStart = depStart;
        this.depTarget = depTarget;
        this.depType = depType;
    }

    public String name() { return name; }

    public int nodeCount() { return ids.length; }

    public int edgeCount() { return depTarget.length; }

    public String id(int i) { return ids[i]; }

    public NodeKind kind(int i) { return KINDS[kind[i]]; }

    public int tier(int i) { return tier[i]; }

    /** Number of dependencies of node i. */
    public int dependencyCount(int i) { return depStart[i + 1] - depStart[i]; }

    /** The k-th dependency of node i, as a node index. */
    public int dependency(int i, int k) { return depTarget[depStart[i] + k]; }

    public EdgeType dependencyType(int i, int k) { return TYPES[depType[depStart[i] + k]]; }

    /** Builds the estate directly, without a file. */
    public Estate build() {
        EstateBuilder b = new EstateBuilder();
        into(b);
        return b.build();
    }

    /** Adds every node and edge to {@code b}. */
    public void into(EstateBuilder b) {
        b.name(name);
        List<List<String>> zoneLists = new ArrayList<>();
        for (int r = 0; r < EstateGenerator.REGIONS; r++) {
            List<String> all = new ArrayList<>();
            for (int z = 0; z < EstateGenerator.ZONES; z++) all.add(zoneName(r, z));
            zoneLists.add(List.copyOf(all));
        }
        for (int i = 0; i < ids.length; i++) {
            List<String> zs;
            if (zones[i] == NO_ZONES) zs = List.of();
            else if (zones[i] == ALL_ZONES) zs = zoneLists.get(region[i]);
            else zs = List.of(zoneName(region[i], zones[i]));
            b.addNode(new NodeSpec(ids[i], KINDS[kind[i]], tier[i], "team-" + owner[i], "sys-" + system[i],
                    region[i] < 0 ? "" : regionName(region[i]), zs, cell[i] < 0 ? "" : cellName(region[i], cell[i]),
                    group[i] < 0 ? "" : groupNames[group[i]], stateful[i], capacity[i], peakLoad[i], replicas[i],
                    traffic[i], Map.of(), List.of()), null);
        }
        for (int i = 0; i < ids.length; i++) {
            for (int k = depStart[i]; k < depStart[i + 1]; k++) b.addEdge(ids[i], ids[depTarget[k]], TYPES[depType[k]], null);
        }
    }

    /** Writes the estate as one JSON file. */
    public void writeJson(Path file) {
        try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            writeJson(os);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Streams the estate JSON to {@code os} (left open). Hard dependencies are written as bare ids, others as
     * {@code {"id": …, "type": …}}; a node alone in its redundancy group has no {@code group} field (the same meaning
     * as its own id); capacity and peak load are left out where unknown.
     */
    public void writeJson(OutputStream os) throws IOException {
        try (JsonGenerator g = new JsonFactory().createGenerator(os, JsonEncoding.UTF8)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            g.writeStartObject();
            g.writeStringField("apiVersion", "blastwall.io/v1");
            g.writeStringField("kind", "Estate");
            g.writeObjectFieldStart("metadata");
            g.writeStringField("name", name);
            g.writeEndObject();
            g.writeArrayFieldStart("nodes");
            for (int i = 0; i < ids.length; i++) {
                g.writeRaw('\n');
                writeNode(g, i);
            }
            g.writeEndArray();
            g.writeEndObject();
            g.writeRaw('\n');
        }
    }

    private void writeNode(JsonGenerator g, int i) throws IOException {
        g.writeStartObject();
        g.writeStringField("id", ids[i]);
        g.writeStringField("kind", KINDS[kind[i]].externalName());
        g.writeNumberField("tier", tier[i]);
        g.writeStringField("owner", "team-" + owner[i]);
        g.writeStringField("system", "sys-" + system[i]);
        if (region[i] >= 0) {
            g.writeStringField("region", regionName(region[i]));
            g.writeArrayFieldStart("zones");
            if (zones[i] == ALL_ZONES) {
                for (int z = 0; z < EstateGenerator.ZONES; z++) g.writeString(zoneName(region[i], z));
            } else {
                g.writeString(zoneName(region[i], zones[i]));
            }
            g.writeEndArray();
        }
        if (cell[i] >= 0) g.writeStringField("cell", cellName(region[i], cell[i]));
        if (group[i] >= 0) g.writeStringField("group", groupNames[group[i]]);
        g.writeBooleanField("stateful", stateful[i]);
        if (!Double.isNaN(capacity[i])) number(g, "capacity", capacity[i]);
        if (!Double.isNaN(peakLoad[i])) number(g, "peakLoad", peakLoad[i]);
        if (replicas[i] > 0) g.writeNumberField("replicas", replicas[i]);
        if (traffic[i] > 0) g.writeNumberField("trafficWeight", traffic[i]);
        if (depStart[i + 1] > depStart[i]) {
            g.writeArrayFieldStart("dependsOn");
            for (int k = depStart[i]; k < depStart[i + 1]; k++) {
                if (depType[k] == EdgeType.HARD.ordinal()) {
                    g.writeString(ids[depTarget[k]]);
                } else {
                    g.writeStartObject();
                    g.writeStringField("id", ids[depTarget[k]]);
                    g.writeStringField("type", TYPES[depType[k]].externalName());
                    g.writeEndObject();
                }
            }
            g.writeEndArray();
        }
        g.writeEndObject();
    }

    private static void number(JsonGenerator g, String field, double v) throws IOException {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) g.writeNumberField(field, (long) v);
        else g.writeNumberField(field, v);
    }

    static String regionName(int r) { return "r-" + (r + 1); }

    static String zoneName(int r, int z) { return regionName(r) + (char) ('a' + z); }

    static String cellName(int r, int c) { return regionName(r) + "-cell-" + (c + 1); }

    /** Accumulates nodes and edges during generation. Not thread-safe. */
    static final class Builder {
        int n;
        final List<String> prefixes = new ArrayList<>();
        final byte[] prefix, kind, tier, region, zones, cell;
        final boolean[] stateful;
        final int[] owner, system, group, replicas;
        final double[] capacity, peakLoad, traffic;
        final List<String> groupNames = new ArrayList<>();
        final EstateGenerator.IntList from = new EstateGenerator.IntList(), to = new EstateGenerator.IntList(),
                type = new EstateGenerator.IntList();

        Builder(int capacity) {
            prefix = new byte[capacity];
            kind = new byte[capacity];
            tier = new byte[capacity];
            region = new byte[capacity];
            zones = new byte[capacity];
            cell = new byte[capacity];
            stateful = new boolean[capacity];
            owner = new int[capacity];
            system = new int[capacity];
            group = new int[capacity];
            replicas = new int[capacity];
            this.capacity = new double[capacity];
            peakLoad = new double[capacity];
            traffic = new double[capacity];
        }

        int node(NodeKind k, String idPrefix, int t, int r, int zoneMode, int c, boolean state, int team, int sys) {
            int i = n++;
            int p = prefixes.indexOf(idPrefix);
            if (p < 0) {
                prefixes.add(idPrefix);
                p = prefixes.size() - 1;
            }
            prefix[i] = (byte) p;
            kind[i] = (byte) k.ordinal();
            tier[i] = (byte) t;
            region[i] = (byte) r;
            zones[i] = (byte) zoneMode;
            cell[i] = (byte) c;
            stateful[i] = state;
            owner[i] = team;
            system[i] = sys;
            group[i] = -1;
            capacity[i] = Double.NaN;
            peakLoad[i] = Double.NaN;
            return i;
        }

        int cellOf(int i) { return cell[i]; }

        int newGroup(String idPrefix) {
            groupNames.add(idPrefix + "-group-" + groupNames.size());
            return groupNames.size() - 1;
        }

        void group(int i, int g) { group[i] = g; }

        void capacity(int i, int r, double cap, double peak) {
            replicas[i] = r;
            capacity[i] = cap;
            peakLoad[i] = peak;
        }

        void traffic(int i, double w) { traffic[i] = w; }

        void edge(int a, int b, EdgeType t) {
            from.add(a);
            to.add(b);
            type.add(t.ordinal());
        }

        /** An upward edge added after generation; dropped if it repeats an existing one. */
        void crossEdge(int a, int b, EdgeType t) {
            edge(a, b, t);
        }

        GeneratedEstate finish() {
            int m = from.size();
            int[] start = new int[n + 1];
            for (int k = 0; k < m; k++) start[from.get(k) + 1]++;
            for (int i = 0; i < n; i++) start[i + 1] += start[i];
            int[] fill = Arrays.copyOf(start, n);
            int[] target = new int[m];
            byte[] types = new byte[m];
            for (int k = 0; k < m; k++) {
                int pos = fill[from.get(k)]++;
                target[pos] = to.get(k);
                types[pos] = (byte) type.get(k);
            }
            // drop repeats (only cross edges can repeat), keeping the first
            int write = 0;
            for (int i = 0; i < n; i++) {
                int s = start[i], e = start[i + 1];
                start[i] = write;
                outer:
                for (int k = s; k < e; k++) {
                    for (int j = start[i]; j < write; j++) if (target[j] == target[k]) continue outer;
                    target[write] = target[k];
                    types[write] = types[k];
                    write++;
                }
            }
            start[n] = write;
            return new GeneratedEstate(this, start, Arrays.copyOf(target, write), Arrays.copyOf(types, write));
        }
    }
}
