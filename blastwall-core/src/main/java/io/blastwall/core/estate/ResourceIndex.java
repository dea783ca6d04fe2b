package io.blastwall.core.estate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Maps the resources a change names (Terraform addresses, Kubernetes objects) onto estate nodes,
 * using each node's {@link ResourceSelector}s. Exact addresses and objects are hash lookups; glob patterns
 * and label selectors are scanned (estates have few of them compared with nodes).
 *
 * <p>Immutable and thread-safe.
 */
public final class ResourceIndex {

    private record PatternEntry(Pattern pattern, int node) { }

    private record LabelEntry(ResourceSelector.KubernetesLabels selector, int node) { }

    private final Map<String, int[]> terraformExact = new HashMap<>();
    private final List<PatternEntry> terraformPatterns = new ArrayList<>();
    private final Map<String, int[]> kubernetesExact = new HashMap<>();
    private final List<LabelEntry> kubernetesLabels = new ArrayList<>();

    ResourceIndex(Estate estate, Map<Integer, List<ResourceSelector>> selectors) {
        for (Map.Entry<Integer, List<ResourceSelector>> e : selectors.entrySet()) {
            int node = e.getKey();
            for (ResourceSelector s : e.getValue()) {
                switch (s) {
                    case ResourceSelector.TerraformAddress t -> {
                        if (t.isPattern()) terraformPatterns.add(new PatternEntry(glob(t.pattern()), node));
                        else terraformExact.merge(t.pattern(), new int[]{node}, ResourceIndex::concat);
                    }
                    case ResourceSelector.KubernetesObject k ->
                            kubernetesExact.merge(kubeKey(k.kind(), k.namespace(), k.name()), new int[]{node}, ResourceIndex::concat);
                    case ResourceSelector.KubernetesLabels l -> kubernetesLabels.add(new LabelEntry(l, node));
                }
            }
        }
        terraformPatterns.sort((a, b) -> Integer.compare(a.node, b.node));
        kubernetesLabels.sort((a, b) -> Integer.compare(a.node, b.node));
    }

    /**
     * Nodes implemented by the Terraform resource at {@code address} (e.g. {@code module.db["eu"].aws_db_instance.main[0]}).
     * An exact selector matches the address itself or the address with its instance keys removed; patterns match the full address.
     * Returns distinct node indexes in ascending order, empty when nothing maps.
     */
    public int[] terraform(String address) {
        IntSet out = new IntSet();
        addAll(out, terraformExact.get(address));
        String bare = stripInstanceKeys(address);
        if (!bare.equals(address)) addAll(out, terraformExact.get(bare));
        String noLast = stripLastInstanceKey(address);
        if (!noLast.equals(address) && !noLast.equals(bare)) addAll(out, terraformExact.get(noLast));
        for (PatternEntry p : terraformPatterns) {
            if (p.pattern.matcher(address).matches()) out.add(p.node);
        }
        return out.toSortedArray();
    }

    /** Nodes implemented by the Kubernetes object of the given kind, namespace, name and labels. */
    public int[] kubernetes(String kind, String namespace, String name, Map<String, String> objectLabels) {
        IntSet out = new IntSet();
        String ns = namespace == null ? "" : namespace;
        addAll(out, kubernetesExact.get(kubeKey(kind, ns, name)));
        for (LabelEntry l : kubernetesLabels) {
            ResourceSelector.KubernetesLabels s = l.selector;
            if (!s.kind().isEmpty() && !s.kind().equalsIgnoreCase(kind)) continue;
            if (!s.namespace().isEmpty() && !s.namespace().equals(ns)) continue;
            boolean all = true;
            for (Map.Entry<String, String> want : s.labels().entrySet()) {
                if (objectLabels == null || !want.getValue().equals(objectLabels.get(want.getKey()))) {
                    all = false;
                    break;
                }
            }
            if (all) out.add(l.node);
        }
        return out.toSortedArray();
    }

    static String kubeKey(String kind, String namespace, String name) {
        return kind.toLowerCase(Locale.ROOT) + '/' + (namespace == null ? "" : namespace) + '/' + name;
    }

    /** Removes every {@code [..]} instance key: {@code module.a["x"].t.n[0]} becomes {@code module.a.t.n}. */
    static String stripInstanceKeys(String address) {
        if (address.indexOf('[') < 0) return address;
        StringBuilder sb = new StringBuilder(address.length());
        int depth = 0;
        boolean inString = false;
        for (int i = 0; i < address.length(); i++) {
            char c = address.charAt(i);
            if (depth > 0) {
                if (c == '"' && address.charAt(i - 1) != '\\') inString = !inString;
                else if (!inString && c == '[') depth++;
                else if (!inString && c == ']') depth--;
                continue;
            }
            if (c == '[') {
                depth = 1;
                continue;
            }
            sb.append(c);
        }
        return sb.toString();
    }

    private static String stripLastInstanceKey(String address) {
        if (!address.endsWith("]")) return address;
        int open = address.lastIndexOf('[');
        return open > 0 ? address.substring(0, open) : address;
    }

    /** A glob where {@code *} is any run of characters and everything else is literal. */
    static Pattern glob(String pattern) {
        StringBuilder re = new StringBuilder();
        for (String part : pattern.split("\\*", -1)) {
            if (re.length() > 0) re.append(".*");
            re.append(Pattern.quote(part));
        }
        return Pattern.compile(re.toString());
    }

    private static void addAll(IntSet set, int[] nodes) {
        if (nodes != null) for (int v : nodes) set.add(v);
    }

    private static int[] concat(int[] a, int[] b) {
        int[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    /** A small growable set of ints; matches are few, so a linear membership check is fine. */
    private static final class IntSet {
        private int[] values = new int[4];
        private int size;

        void add(int v) {
            for (int i = 0; i < size; i++) if (values[i] == v) return;
            if (size == values.length) values = java.util.Arrays.copyOf(values, size * 2);
            values[size++] = v;
        }

        int[] toSortedArray() {
            int[] r = java.util.Arrays.copyOf(values, size);
            java.util.Arrays.sort(r);
            return r;
        }
    }
}
