package io.blastwall.formats.kubernetes;

import io.blastwall.core.BadInputException;
import io.blastwall.core.SourceLocation;
import io.blastwall.core.change.ResourceRef;
import io.blastwall.formats.doc.Fields;
import io.blastwall.formats.doc.LocatedDocument;

import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One Kubernetes object read from a manifest or from a dump of live objects, with its identity and a normalised
 * body: status, server-managed metadata and the {@code kubectl} last-applied annotation removed, the namespace made
 * explicit, a Secret's {@code stringData} folded into base64 {@code data} (as the API server stores it).
 *
 * <p>Immutable once built (the body is a private deep copy that nobody mutates). Not for use outside this package.
 *
 * @param apiVersion as written ({@code apps/v1})
 * @param group      the API group ({@code apps}; empty for the core group), part of the identity, the version is not
 * @param kind       {@code Deployment}
 * @param namespace  the effective namespace, empty for cluster-scoped kinds
 * @param name       metadata.name
 * @param labels     metadata.labels
 * @param body       the normalised object
 * @param where      where it was read
 * @param deleteRequested true when annotated {@code blastwall.io/action: delete}
 */
record KubernetesObject(String apiVersion, String group, String kind, String namespace, String name,
                        Map<String, String> labels, Map<String, Object> body, SourceLocation where,
                        boolean deleteRequested) {

    /** The annotation by which a manifest asks for its object to be deleted. */
    static final String ACTION_ANNOTATION = "blastwall.io/action";

    private static final Set<String> VOLATILE_METADATA = Set.of(
            "resourceVersion", "uid", "generation", "creationTimestamp", "managedFields", "selfLink");
    /** Annotations written by tools and controllers, not by the author of a manifest. */
    static final Set<String> VOLATILE_ANNOTATIONS = Set.of(
            "kubectl.kubernetes.io/last-applied-configuration", "deployment.kubernetes.io/revision");

    /** Labels the API server adds on its own (every Namespace gets its name as a label). */
    static final Set<String> VOLATILE_LABELS = Set.of("kubernetes.io/metadata.name");

    /** {@code Kind/namespace/name}, or {@code Kind/name} for cluster-scoped objects. */
    String address() {
        return namespace.isEmpty() ? kind + "/" + name : kind + "/" + namespace + "/" + name;
    }

    /** Identity for matching desired against current: group, kind, namespace and name (not the version). */
    String identity() {
        return group + "|" + kind + "|" + namespace + "|" + name;
    }

    ResourceRef.Kubernetes ref() {
        return new ResourceRef.Kubernetes(apiVersion, kind, namespace, name, labels);
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> metadata() {
        return (Map<String, Object>) body.getOrDefault("metadata", Map.of());
    }

    Map<String, Object> annotations() {
        return map(metadata().get("annotations"));
    }

    /** The objects in parsed documents, expanding {@code kind: List} (and any {@code *List} with {@code items}). */
    static List<KubernetesObject> fromDocuments(List<LocatedDocument> docs) {
        List<KubernetesObject> out = new ArrayList<>();
        List<BadInputException.Problem> problems = new ArrayList<>();
        for (LocatedDocument doc : docs) {
            Fields f = new Fields(doc);
            try {
                Map<String, Object> root = f.object(doc.root(), "$");
                Object kind = root.get("kind");
                if (kind instanceof String k && k.endsWith("List") && root.get("items") instanceof List<?>) {
                    List<Object> items = f.list(root.get("items"), "$.items");
                    for (int i = 0; i < items.size(); i++) {
                        try {
                            out.add(of(f, items.get(i), "$.items[" + i + "]"));
                        } catch (BadInputException e) {
                            problems.addAll(e.problems());
                        }
                    }
                } else {
                    out.add(of(f, root, "$"));
                }
            } catch (BadInputException e) {
                problems.addAll(e.problems());
            }
        }
        if (!problems.isEmpty()) throw new BadInputException(problems);
        return out;
    }

    private static KubernetesObject of(Fields f, Object node, String at) {
        String doc = "document " + (f.document().index() + 1) + ": ";
        if (!(node instanceof Map<?, ?>)) {
            throw f.error(at, doc + "expected a Kubernetes object (a map with apiVersion, kind and metadata.name), found "
                    + Fields.describe(node));
        }
        Map<String, Object> obj = f.object(node, at);
        String apiVersion = required(f, obj, "apiVersion", at, doc);
        String kind = required(f, obj, "kind", at, doc);
        Object metaNode = obj.get("metadata");
        if (metaNode == null) throw f.error(at, doc + "missing required field 'metadata' (with metadata.name)");
        if (!(metaNode instanceof Map<?, ?>)) throw f.error(at + ".metadata", doc + "expected an object, found " + Fields.describe(metaNode));
        Map<String, Object> meta = f.object(metaNode, at + ".metadata");
        String name = required(f, meta, "name", at + ".metadata", doc);
        String ns = Scoping.effectiveNamespace(kind, meta.get("namespace") instanceof String s ? s : "");
        Map<String, String> labels = new LinkedHashMap<>();
        Object l = meta.get("labels");
        if (l != null) {
            for (Map.Entry<String, Object> e : f.object(l, at + ".metadata.labels").entrySet()) {
                Object v = e.getValue();
                if (v instanceof Map<?, ?> || v instanceof List<?>) {
                    throw f.error(at + ".metadata.labels." + e.getKey(), doc + "expected a string label value, found " + Fields.describe(v));
                }
                labels.put(e.getKey(), v == null ? "" : String.valueOf(v));
            }
        }
        boolean delete = false;
        if (meta.get("annotations") != null) {
            Object action = f.object(meta.get("annotations"), at + ".metadata.annotations").get(ACTION_ANNOTATION);
            if (action != null) {
                if (!(action instanceof String a && a.trim().equals("delete"))) {
                    throw f.error(at + ".metadata.annotations[\"" + ACTION_ANNOTATION + "\"]",
                            doc + "the only value Blastwall understands for " + ACTION_ANNOTATION + " is 'delete'");
                }
                delete = true;
            }
        }
        if (obj.get("spec") instanceof Map<?, ?> spec && spec.containsKey("replicas")) {
            Object r = spec.get("replicas");
            var n = io.blastwall.formats.terraform.ValuePaths.wholeNumber(r);
            if (n.isEmpty() || n.getAsLong() < 0) {
                throw f.error(at + ".spec.replicas", doc + "expected a whole number >= 0, found " + Fields.describe(r));
            }
        }
        int slash = apiVersion.indexOf('/');
        String group = slash < 0 ? "" : apiVersion.substring(0, slash);
        return new KubernetesObject(apiVersion, group, kind, ns, name, labels, normalise(obj, kind, ns), f.document().at(at),
                delete);
    }

    private static String required(Fields f, Map<String, Object> obj, String key, String at, String doc) {
        Object v = obj.get(key);
        if (v instanceof String s && !s.isBlank()) return s.trim();
        if (v == null) throw f.error(at, doc + "missing required field '" + key + "'");
        throw f.error(at + "." + key, doc + "expected a non-empty string, found " + Fields.describe(v));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> normalise(Map<String, Object> obj, String kind, String ns) {
        Map<String, Object> body = (Map<String, Object>) copy(obj);
        body.remove("status");
        Map<String, Object> meta = (Map<String, Object>) body.get("metadata");
        VOLATILE_METADATA.forEach(meta::remove);
        if (ns.isEmpty()) meta.remove("namespace");
        else meta.put("namespace", ns);
        if (meta.get("annotations") instanceof Map<?, ?> a) {
            Map<String, Object> ann = (Map<String, Object>) a;
            VOLATILE_ANNOTATIONS.forEach(ann::remove);
            if (ann.isEmpty()) meta.remove("annotations");
        }
        if (meta.get("labels") instanceof Map<?, ?> lb) {
            ((Map<String, Object>) lb).keySet().removeAll(VOLATILE_LABELS);
            if (lb.isEmpty()) meta.remove("labels");
        }
        if (kind.equals("Secret") && body.get("stringData") instanceof Map<?, ?> sd) {
            // the API server folds stringData into data; doing the same lets a manifest compare with a live Secret
            Map<String, Object> data = body.get("data") instanceof Map<?, ?> d ? (Map<String, Object>) d : new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : sd.entrySet()) {
                String v = e.getValue() == null ? "" : String.valueOf(e.getValue());
                data.put(String.valueOf(e.getKey()), Base64.getEncoder().encodeToString(v.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            }
            body.put("data", data);
            body.remove("stringData");
        }
        return body;
    }

    /** A deep copy of a tree of maps and lists (leaves are immutable). */
    static Object copy(Object v) {
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = LinkedHashMap.newLinkedHashMap(m.size());
            for (Map.Entry<?, ?> e : m.entrySet()) out.put(String.valueOf(e.getKey()), copy(e.getValue()));
            return out;
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            for (Object e : l) out.add(copy(e));
            return out;
        }
        return v;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object v) {
        return v instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }
}
