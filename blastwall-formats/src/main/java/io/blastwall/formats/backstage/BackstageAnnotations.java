package io.blastwall.formats.backstage;

import io.blastwall.core.estate.EdgeType;
import io.blastwall.core.estate.NodeKind;
import io.blastwall.core.estate.ResourceSelector;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Parsing of the {@code blastwall.io/*} annotations (and Backstage's own Kubernetes annotations) on a catalog entity.
 * Each method takes the annotation's text and throws {@link IllegalArgumentException} with what was expected; the
 * reader turns that into a bad-input problem at the annotation's line and path. Stateless.
 */
final class BackstageAnnotations {

    static final String PREFIX = "blastwall.io/";
    static final String TIER = PREFIX + "tier";
    static final String REGION = PREFIX + "region";
    static final String ZONES = PREFIX + "zones";
    static final String ZONE = PREFIX + "zone";
    static final String CELL = PREFIX + "cell";
    static final String GROUP = PREFIX + "group";
    static final String STATEFUL = PREFIX + "stateful";
    static final String CAPACITY = PREFIX + "capacity";
    static final String PEAK_LOAD = PREFIX + "peak-load";
    static final String REPLICAS = PREFIX + "replicas";
    static final String TRAFFIC_WEIGHT = PREFIX + "traffic-weight";
    static final String KIND = PREFIX + "kind";
    static final String TERRAFORM = PREFIX + "terraform";
    static final String KUBERNETES = PREFIX + "kubernetes";
    static final String EDGE_TYPES = PREFIX + "edge-types";

    static final List<String> KNOWN = List.of(TIER, REGION, ZONES, ZONE, CELL, GROUP, STATEFUL, CAPACITY, PEAK_LOAD,
            REPLICAS, TRAFFIC_WEIGHT, KIND, TERRAFORM, KUBERNETES, EDGE_TYPES);

    /** Backstage's Kubernetes plugin: objects labelled {@code backstage.io/kubernetes-id=<value>} belong to the entity. */
    static final String K8S_ID = "backstage.io/kubernetes-id";
    /** Backstage's Kubernetes plugin: a label selector query for the entity's objects. */
    static final String K8S_LABEL_SELECTOR = "backstage.io/kubernetes-label-selector";
    /** Backstage's Kubernetes plugin: restricts the objects to one namespace. */
    static final String K8S_NAMESPACE = "backstage.io/kubernetes-namespace";

    private BackstageAnnotations() {
    }

    static int tier(String v) {
        try {
            int t = Integer.parseInt(v.trim());
            if (t >= 0 && t <= 3) return t;
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException("expected a tier 0..3 (0 most critical)");
    }

    static boolean bool(String v) {
        String s = v.trim().toLowerCase(Locale.ROOT);
        if (s.equals("true")) return true;
        if (s.equals("false")) return false;
        throw new IllegalArgumentException("expected true or false");
    }

    static double nonNegative(String v) {
        try {
            double d = Double.parseDouble(v.trim());
            if (Double.isFinite(d) && d >= 0) return d;
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException("expected a number >= 0");
    }

    static int wholeNonNegative(String v) {
        try {
            int i = Integer.parseInt(v.trim());
            if (i >= 0) return i;
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException("expected a whole number >= 0");
    }

    static NodeKind kind(String v) {
        return NodeKind.parse(v).orElseThrow(() -> new IllegalArgumentException("unknown kind; expected one of: " + NodeKind.expected()));
    }

    /** Comma-separated non-empty items. */
    static List<String> list(String v, String what) {
        List<String> out = new ArrayList<>();
        for (String part : v.split(",")) {
            String s = part.trim();
            if (!s.isEmpty()) out.add(s);
        }
        if (out.isEmpty()) throw new IllegalArgumentException("expected a comma-separated list of " + what);
        return out;
    }

    static List<ResourceSelector> terraform(String v) {
        List<ResourceSelector> out = new ArrayList<>();
        for (String a : list(v, "Terraform addresses")) out.add(new ResourceSelector.TerraformAddress(a));
        return out;
    }

    /** {@code Kind/namespace/name} or {@code Kind/name} (cluster-scoped), comma-separated. */
    static List<ResourceSelector> kubernetes(String v) {
        List<ResourceSelector> out = new ArrayList<>();
        for (String item : list(v, "Kubernetes objects (Kind/namespace/name)")) {
            String[] parts = item.split("/", -1);
            boolean ok = (parts.length == 2 || parts.length == 3);
            for (String p : parts) ok &= !p.isBlank();
            if (!ok) throw new IllegalArgumentException("expected Kind/namespace/name or Kind/name (cluster-scoped) for each object");
            out.add(parts.length == 3
                    ? new ResourceSelector.KubernetesObject(parts[0].trim(), parts[1].trim(), parts[2].trim())
                    : new ResourceSelector.KubernetesObject(parts[0].trim(), "", parts[1].trim()));
        }
        return out;
    }

    /** {@code ref=type} pairs; refs are resolved against the entity's namespace, and the kind may be left out. */
    static Map<EntityRef, EdgeType> edgeTypes(String v, String namespace) {
        Map<EntityRef, EdgeType> out = new LinkedHashMap<>();
        for (String item : list(v, "ref=type pairs")) {
            int eq = item.lastIndexOf('=');
            if (eq <= 0) throw new IllegalArgumentException("expected ref=type pairs such as component:default/search=soft");
            EntityRef ref = EntityRef.parse(item.substring(0, eq), null, namespace);
            EdgeType type = EdgeType.parse(item.substring(eq + 1))
                    .orElseThrow(() -> new IllegalArgumentException("unknown dependency type; expected one of: hard, soft, async"));
            out.put(ref, type);
        }
        return out;
    }

    /**
     * An equality-based Kubernetes label selector ({@code app=web,tier==front}). Returns null for set-based or
     * negative selectors ({@code !=}, {@code in}, {@code notin}, bare keys), which Blastwall's selectors cannot express.
     */
    static Map<String, String> equalitySelector(String v) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String item : list(v, "label requirements")) {
            if (item.contains("!=") || item.contains("(") || item.startsWith("!")) return null;
            int eq = item.indexOf('=');
            if (eq <= 0) return null;
            String key = item.substring(0, eq).trim();
            String value = item.substring(item.startsWith("==", eq) ? eq + 2 : eq + 1).trim();
            if (key.isEmpty() || key.contains(" ")) return null;
            out.put(key, value);
        }
        return out;
    }
}
