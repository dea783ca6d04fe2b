package io.blastwall.formats.estate;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import io.blastwall.core.SourceLocation;
import io.blastwall.core.estate.EdgeType;
import io.blastwall.core.estate.EstateBuilder;
import io.blastwall.core.estate.NodeKind;
import io.blastwall.core.estate.NodeSpec;
import io.blastwall.core.estate.ResourceSelector;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Streams the documents of one estate file into an {@link EstateBuilder}: top-level fields, then each node into a
 * reused {@link Draft} (only valid nodes reach the builder), then edges. All problems go to one collector that is
 * thrown at the end of the file. Not thread-safe: one per file.
 */
final class EstateDocumentParser extends TokenReader {

    static final String TOP_FIELDS = "apiVersion, kind, metadata, nodes, edges";
    static final String METADATA_FIELDS = "name, description";
    static final String NODE_FIELDS = "id, kind, tier, owner, system, region, zones, zone, cell, group, stateful, "
            + "capacity, peakLoad, replicas, trafficWeight, labels, resources, dependsOn, description";
    static final String RESOURCE_FIELDS = "terraform, kubernetes";
    static final String KUBERNETES_FIELDS = "kind, namespace, name, selector";
    static final String EDGE_FIELDS = "from, to, type";
    static final String DEPENDENCY_FIELDS = "id, type";
    static final String EDGE_TYPES = "hard, soft, async";

    private static final EdgeType[] EDGE_TYPE_VALUES = EdgeType.values();

    private final EstateBuilder into;
    private final boolean yaml;
    private final Draft draft = new Draft();
    private final Map<String, NodeKind> kinds = new java.util.HashMap<>();
    private String estateName = "";
    /** Splits the node list of a large JSON file with a second parser; null when not splitting. */
    private final JsonSplit split;
    /** For the second part of a split: true once the whole-file parse gave up on it. */
    private final java.util.function.BooleanSupplier cancelled;
    private boolean handedOff;

    EstateDocumentParser(String file, JsonParser p, EstateBuilder into) {
        this(file, p, into, null, () -> false);
    }

    EstateDocumentParser(String file, JsonParser p, EstateBuilder into, JsonSplit split,
                         java.util.function.BooleanSupplier cancelled) {
        super(file, p, new BadInputCollector());
        this.into = into;
        this.yaml = p instanceof YAMLParser;
        this.split = split;
        this.cancelled = cancelled;
    }

    private boolean cancelled() {
        return cancelled.getAsBoolean();
    }

    /** Reads every document; returns the first declared estate name. Throws all problems of the file together. */
    String readAll() throws IOException {
        readAllCollecting();
        bad.throwIfAny();
        return estateName;
    }

    /**
     * Reads every document, leaving the problems in {@link #bad}; returns the first declared estate name. When a
     * split of the node list took over ({@link #handedOff()}), stops at the node where the other part begins.
     */
    String readAllCollecting() throws IOException {
        try {
            readDocuments(0);
        } catch (StreamReadException e) {
            bad.addAll(EstateFileReader.syntaxError(file, e));
        }
        return estateName;
    }

    private void readDocuments(int docs) throws IOException {
        JsonToken t;
        while (!handedOff && (t = p.nextToken()) != null) {
            if (t == JsonToken.VALUE_NULL && yaml) continue; // an empty YAML document ("---" twice)
            if (docs > 0 && !yaml) {
                problem("unexpected content after the end of the JSON document");
                break;
            }
            readDocument(t);
            docs++;
        }
        if (docs == 0) {
            problem(SourceLocation.of(file), "file is empty; expected an estate document (apiVersion: "
                    + EstateFileReader.API_VERSION + ", kind: " + EstateFileReader.KIND + ", metadata, nodes)");
        }
    }

    /**
     * Reads the second part of a split JSON file: the parser's input is a synthetic {@code {"nodes":[} (see
     * {@link JsonSplit} for where it puts lines and columns), then the file from the first node of this part on.
     * Continues exactly as the whole-file parse would from there (the rest of the nodes, the fields after them, the
     * end of the document), starting from {@code state}, the document's fields as read before the node list.
     * Problems stay in {@link #bad}; their JSON paths count nodes from the start of this part.
     */
    String readTail(DocState state) throws IOException {
        try {
            p.nextToken(); // the synthetic '{', field name and '['
            p.nextToken();
            p.nextToken();
            readNodeElements(null);
            if (!cancelled()) {
                readFields(state);
                finishDocument(state);
                readDocuments(1);
            }
        } catch (StreamReadException e) {
            bad.addAll(EstateFileReader.syntaxError(file, e));
        }
        return estateName;
    }

    /** True once the node list was handed over to a second part at a node boundary: this parser is done. */
    boolean handedOff() {
        return handedOff;
    }

    private void readDocument(JsonToken t) throws IOException {
        if (t != JsonToken.START_OBJECT) {
            wrongType(t, "an estate document (an object with " + TOP_FIELDS + ")");
            return;
        }
        DocState state = new DocState(here());
        readFields(state);
        if (!handedOff) finishDocument(state);
    }

    private void readFields(DocState state) throws IOException {
        JsonToken t;
        while (!handedOff && (t = p.nextToken()) == JsonToken.FIELD_NAME) {
            String f = p.currentName();
            t = p.nextToken();
            int bit = switch (f) {
                case "apiVersion" -> 0;
                case "kind" -> 1;
                case "metadata" -> 2;
                case "nodes" -> 3;
                case "edges" -> 4;
                default -> -1;
            };
            if (bit < 0) {
                unknownField(f, t, TOP_FIELDS);
                continue;
            }
            if (!firstTime(state.seen, bit, f, t)) continue;
            state.seen |= 1L << bit;
            switch (bit) {
                case 0 -> {
                    String apiVersion = string(t, true);
                    state.apiVersion = apiVersion;
                    if (apiVersion != null && !apiVersion.equals(EstateFileReader.API_VERSION)) {
                        problem("unsupported apiVersion '" + shorten(apiVersion) + "'; expected "
                                + EstateFileReader.API_VERSION + (apiVersion.startsWith("backstage.io/")
                                ? " (this looks like a Backstage catalog: read it with --backstage)" : ""));
                    }
                }
                case 1 -> {
                    String kind = string(t, true);
                    state.kind = kind;
                    if (kind != null && !kind.equals(EstateFileReader.KIND)) {
                        problem("unsupported kind '" + shorten(kind) + "'; expected " + EstateFileReader.KIND);
                    }
                }
                case 2 -> readMetadata(t);
                case 3 -> readNodes(t, state);
                default -> readEdges(t);
            }
        }
    }

    private void finishDocument(DocState state) {
        if (state.apiVersion == null && (state.seen & 1) == 0) {
            problem(state.start, "missing required field 'apiVersion'; expected apiVersion: " + EstateFileReader.API_VERSION);
        }
        if (state.kind == null && (state.seen & 2) == 0) {
            problem(state.start, "missing required field 'kind'; expected kind: " + EstateFileReader.KIND);
        }
    }

    /** False (after recording the problem and skipping the value) when the field was already seen in this object. */
    private boolean firstTime(long seen, int bit, String field, JsonToken t) throws IOException {
        if ((seen & (1L << bit)) == 0) return true;
        problem("field '" + field + "' appears twice in the same object");
        skip(t);
        return false;
    }

    private void readMetadata(JsonToken t) throws IOException {
        if (t != JsonToken.START_OBJECT) {
            wrongType(t, "an object with " + METADATA_FIELDS);
            return;
        }
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            String f = p.currentName();
            t = p.nextToken();
            switch (f) {
                case "name" -> {
                    String n = string(t, false);
                    if (n != null && estateName.isEmpty()) estateName = n;
                }
                case "description" -> string(t, false);
                default -> unknownField(f, t, METADATA_FIELDS);
            }
        }
    }

    private void readNodes(JsonToken t, DocState state) throws IOException {
        if (t == JsonToken.VALUE_NULL) return;
        if (t != JsonToken.START_ARRAY) {
            wrongType(t, "a list of nodes");
            return;
        }
        JsonSplit.Tail tail = split == null ? null : split.begin(tokenOffset(), line(), p.currentTokenLocation().getColumnNr(), state);
        readNodeElements(tail);
    }

    /**
     * The elements of the node list up to its end, or, with a {@code tail} reading the rest of the list on another
     * thread, up to the node where the tail begins: then this parser hands over and stops. The tail is used only
     * when this parse arrives exactly at its first node, so a wrong guess of the boundary costs time, never output.
     */
    private void readNodeElements(JsonSplit.Tail tail) throws IOException {
        JsonToken t;
        int index = 0;
        try {
            while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                if (tail != null && roughTokenOffset() >= tail.earliestStart() - 64) {
                    long at = tokenOffset();
                    if (at >= tail.earliestStart()) {
                        long start = tail.awaitStart();
                        if (at == start) {
                            handedOff = true;
                            tail.handOver(index, line());
                            tail = null;
                            return;
                        }
                        if (start < 0 || at > start) { // no boundary, or the guess was not a node of this list
                            tail.cancel();
                            tail = null;
                        }
                    }
                }
                if ((index & 1023) == 0 && cancelled()) return;
                readNode(t);
                index++;
            }
        } finally {
            if (tail != null) tail.cancel(); // the list ended (or the parse failed) before the tail's first node
        }
    }

    /** The given line with the path of the current context: after an object's END_OBJECT, the object itself. */
    private SourceLocation at(int line) {
        return new SourceLocation(file, line, 0, path());
    }

    private void readNode(JsonToken t) throws IOException {
        if (t != JsonToken.START_OBJECT) {
            wrongType(t, "a node (an object with at least id and kind)");
            return;
        }
        int line = line();
        long before = bad.count();
        Draft d = draft;
        d.reset();
        long seen = 0;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            String f = p.currentName();
            t = p.nextToken();
            int bit = nodeField(f);
            if (bit < 0) {
                unknownField(f, t, NODE_FIELDS);
                continue;
            }
            if (!firstTime(seen, bit, f, t)) continue;
            seen |= 1L << bit;
            if (t == JsonToken.VALUE_NULL) {
                // null means "not given", except for the two required fields
                if (bit <= 1) problem("expected a non-empty string, found null");
                continue;
            }
            switch (bit) {
                case 0 -> {
                    d.idSymbol = id(t);
                    d.id = d.idSymbol < 0 ? null : into.idSymbolName(d.idSymbol);
                }
                case 1 -> d.kind = kind(t);
                case 2 -> d.tier = (int) wholeNumber(t, 0, 3, "a tier 0..3 (0 most critical)");
                case 3 -> d.owner = repeatedString(t, false);
                case 4 -> d.system = repeatedString(t, false);
                case 5 -> d.region = repeatedString(t, false);
                case 6 -> d.zones = stringList(t);
                case 7 -> {
                    String z = repeatedString(t, true);
                    d.zones = z == null ? null : List.of(z);
                }
                case 8 -> d.cell = repeatedString(t, false);
                case 9 -> d.group = repeatedString(t, false);
                case 10 -> d.stateful = bool(t);
                case 11 -> d.capacity = nonNegative(t);
                case 12 -> d.peakLoad = nonNegative(t);
                case 13 -> d.replicas = (int) wholeNumber(t, 0, Integer.MAX_VALUE, "a whole number >= 0");
                case 14 -> d.trafficWeight = nonNegative(t);
                case 15 -> d.labels = stringMap(t);
                case 16 -> readResources(t, d);
                case 17 -> readDependsOn(t, d);
                default -> string(t, false); // description: documentation only
            }
        }
        // at END_OBJECT the parser's context is the nodes list at this element, so path() names the node
        if ((seen & (1L << 6)) != 0 && (seen & (1L << 7)) != 0) {
            problem(at(line), "give either 'zones' or 'zone', not both");
        }
        if (d.id == null && (seen & 1L) == 0) {
            problem(at(line), "missing required field 'id'");
        }
        if (d.kind == null && (seen & 2L) == 0) {
            problem(at(line), "missing required field 'kind'; expected one of: " + NodeKind.expected());
        }
        if (bad.count() != before) return; // a node with problems is not added: the whole file fails anyway
        NodeSpec spec = new NodeSpec(d.id, d.kind, d.tier < 0 ? 3 : d.tier, d.owner, d.system, d.region, d.zones,
                d.cell, d.group, d.stateful != null ? d.stateful : d.kind == NodeKind.DATASTORE,
                d.capacity, d.peakLoad, Math.max(0, d.replicas), d.trafficWeight, d.labels, d.selectors);
        into.addNode(d.idSymbol, spec, file, line);
        for (int k = 0; k < d.edges; k++) {
            into.addEdge(d.idSymbol, d.edgeTo[k], EDGE_TYPE_VALUES[d.edgeType[k]], file, d.edgeLine[k]);
        }
    }

    /** The position of a node field in {@link #NODE_FIELDS}, or -1. */
    private static int nodeField(String f) {
        return switch (f) {
            case "id" -> 0;
            case "kind" -> 1;
            case "tier" -> 2;
            case "owner" -> 3;
            case "system" -> 4;
            case "region" -> 5;
            case "zones" -> 6;
            case "zone" -> 7;
            case "cell" -> 8;
            case "group" -> 9;
            case "stateful" -> 10;
            case "capacity" -> 11;
            case "peakLoad" -> 12;
            case "replicas" -> 13;
            case "trafficWeight" -> 14;
            case "labels" -> 15;
            case "resources" -> 16;
            case "dependsOn" -> 17;
            case "description" -> 18;
            default -> -1;
        };
    }

    /**
     * A node id (a non-empty string) as the builder's symbol for it, read from the parser's buffer without a String
     * for ids seen before; -1 after recording a problem.
     */
    private int id(JsonToken t) throws IOException {
        if (t == JsonToken.VALUE_STRING) {
            int len = p.getTextLength();
            if (len > 0) {
                char[] buf = p.getTextCharacters();
                int off = p.getTextOffset();
                if (!blank(buf, off, len)) return into.idSymbol(buf, off, len);
            }
        }
        string(t, true); // records the problem
        return -1;
    }

    private static boolean blank(char[] buf, int off, int len) {
        for (int k = off; k < off + len; k++) if (!Character.isWhitespace(buf[k])) return false;
        return true;
    }

    private NodeKind kind(JsonToken t) throws IOException {
        String s = repeatedString(t, true);
        if (s == null) return null;
        NodeKind k = kinds.computeIfAbsent(s, x -> NodeKind.parse(x).orElse(null));
        if (k == null) problem("unknown kind '" + shorten(s) + "'; expected one of: " + NodeKind.expected());
        return k;
    }

    private EdgeType edgeType(JsonToken t) throws IOException {
        String s = repeatedString(t, true);
        if (s == null) return null;
        EdgeType e = EdgeType.parse(s).orElse(null);
        if (e == null) problem("unknown dependency type '" + shorten(s) + "'; expected one of: " + EDGE_TYPES);
        return e;
    }

    private void readResources(JsonToken t, Draft d) throws IOException {
        if (t != JsonToken.START_OBJECT) {
            wrongType(t, "an object with " + RESOURCE_FIELDS);
            return;
        }
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            String f = p.currentName();
            t = p.nextToken();
            if (t == JsonToken.VALUE_NULL) continue;
            switch (f) {
                case "terraform" -> {
                    List<String> addresses = stringList(t);
                    if (addresses != null) for (String a : addresses) d.selectors.add(new ResourceSelector.TerraformAddress(a.trim()));
                }
                case "kubernetes" -> {
                    if (t != JsonToken.START_ARRAY) {
                        wrongType(t, "a list of Kubernetes objects ({kind, namespace, name} or {kind, namespace, selector})");
                        continue;
                    }
                    while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                        ResourceSelector s = kubernetesSelector(t);
                        if (s != null) d.selectors.add(s);
                    }
                }
                default -> unknownField(f, t, RESOURCE_FIELDS);
            }
        }
    }

    private ResourceSelector kubernetesSelector(JsonToken t) throws IOException {
        if (t != JsonToken.START_OBJECT) {
            wrongType(t, "a Kubernetes object ({kind, namespace, name} or {kind, namespace, selector})");
            return null;
        }
        int start = line();
        long before = bad.count();
        String kind = null, namespace = null, name = null;
        Map<String, String> selector = null;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            String f = p.currentName();
            t = p.nextToken();
            switch (f) {
                case "kind" -> kind = string(t, true);
                case "namespace" -> namespace = string(t, false);
                case "name" -> name = string(t, true);
                case "selector" -> {
                    selector = stringMap(t);
                    if (selector != null && selector.isEmpty()) problem("expected at least one label in the selector");
                }
                default -> unknownField(f, t, KUBERNETES_FIELDS);
            }
        }
        if (bad.count() != before) return null;
        if (selector != null) {
            if (name != null) {
                problem(at(start), "give either 'name' or 'selector' for a Kubernetes object, not both");
                return null;
            }
            return new ResourceSelector.KubernetesLabels(kind, namespace, selector);
        }
        if (name == null || kind == null) {
            problem(at(start), "expected 'kind' and 'name' (or a label 'selector') for a Kubernetes object");
            return null;
        }
        return new ResourceSelector.KubernetesObject(kind, namespace, name);
    }

    private void readDependsOn(JsonToken t, Draft d) throws IOException {
        if (t != JsonToken.START_ARRAY) {
            wrongType(t, "a list of dependencies (node ids or {id, type})");
            return;
        }
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            int line = line();
            if (t == JsonToken.VALUE_STRING) {
                int to = id(t);
                if (to >= 0) d.addEdge(to, EdgeType.HARD, line);
                continue;
            }
            if (t != JsonToken.START_OBJECT) {
                wrongType(t, "a node id or {id, type}");
                continue;
            }
            int to = -1;
            EdgeType type = EdgeType.HARD;
            boolean ok = true;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String f = p.currentName();
                t = p.nextToken();
                switch (f) {
                    case "id" -> to = id(t);
                    case "type" -> {
                        type = edgeType(t);
                        ok &= type != null;
                    }
                    default -> {
                        unknownField(f, t, DEPENDENCY_FIELDS);
                        ok = false;
                    }
                }
            }
            if (to < 0) {
                problem(at(line), "missing required field 'id' of the dependency");
            } else if (ok) {
                d.addEdge(to, type, line);
            }
        }
    }

    private void readEdges(JsonToken t) throws IOException {
        if (t == JsonToken.VALUE_NULL) return;
        if (t != JsonToken.START_ARRAY) {
            wrongType(t, "a list of edges ({from, to, type})");
            return;
        }
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t != JsonToken.START_OBJECT) {
                wrongType(t, "an edge ({from, to, type})");
                continue;
            }
            int start = line();
            long before = bad.count();
            int from = -1, to = -1;
            EdgeType type = EdgeType.HARD;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String f = p.currentName();
                t = p.nextToken();
                switch (f) {
                    case "from" -> from = id(t);
                    case "to" -> to = id(t);
                    case "type" -> type = edgeType(t);
                    default -> unknownField(f, t, EDGE_FIELDS);
                }
            }
            if (bad.count() != before) continue;
            if (from < 0 || to < 0) {
                problem(at(start), "an edge needs both 'from' (the dependent node) and 'to' (the node it depends on)");
                continue;
            }
            into.addEdge(from, to, type, file, start);
        }
    }

    /** One node's fields while it is being read; reused for every node to keep garbage low. */
    private static final class Draft {
        String id;
        int idSymbol;
        NodeKind kind;
        int tier;
        String owner, system, region, cell, group;
        List<String> zones;
        Boolean stateful;
        double capacity, peakLoad, trafficWeight;
        int replicas;
        Map<String, String> labels;
        final List<ResourceSelector> selectors = new ArrayList<>();
        int edges;
        int[] edgeTo = new int[8];
        byte[] edgeType = new byte[8];
        int[] edgeLine = new int[8];

        void reset() {
            id = null;
            idSymbol = -1;
            kind = null;
            tier = -1;
            owner = system = region = cell = group = null;
            zones = null;
            stateful = null;
            capacity = peakLoad = Double.NaN;
            trafficWeight = 0;
            replicas = 0;
            labels = null;
            selectors.clear();
            edges = 0;
        }

        void addEdge(int to, EdgeType type, int line) {
            if (edges == edgeTo.length) {
                edgeTo = Arrays.copyOf(edgeTo, edges * 2);
                edgeType = Arrays.copyOf(edgeType, edges * 2);
                edgeLine = Arrays.copyOf(edgeLine, edges * 2);
            }
            edgeTo[edges] = to;
            edgeType[edges] = (byte) type.ordinal();
            edgeLine[edges] = line;
            edges++;
        }
    }
}
