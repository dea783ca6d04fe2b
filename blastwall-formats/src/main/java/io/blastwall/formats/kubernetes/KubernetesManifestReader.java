package io.blastwall.formats.kubernetes;

import io.blastwall.core.BadInputException;
import io.blastwall.core.SourceLocation;
import io.blastwall.core.change.Action;
import io.blastwall.core.change.ActionKind;
import io.blastwall.core.change.Change;
import io.blastwall.core.change.Provenance;
import io.blastwall.core.change.Scope;
import io.blastwall.formats.doc.LocatedDocument;
import io.blastwall.formats.terraform.ValuePaths;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads Kubernetes manifests (multi-document YAML or JSON, {@code kind: List} and other {@code *List} objects with
 * {@code items}) into a {@link Change}, optionally against the objects currently live in the cluster (same formats,
 * e.g. {@code kubectl get -o yaml}). Each desired object becomes the actions applying it would take:
 * {@code Create} when it is not live; against the live object a {@code Scale} of {@code spec.replicas}, a
 * {@code Config} for pod template and ConfigMap/Secret data changes, an {@code Update} for other spec, label and
 * annotation changes, or a {@code NoOp}. Objects annotated {@code blastwall.io/action: delete}, and with
 * {@code prune} the live objects no manifest names, become {@code Delete}s. Details: docs/formats/kubernetes.md.
 *
 * <p>Targets are unmapped {@link io.blastwall.core.change.ResourceRef.Kubernetes} references and the author is
 * {@link Provenance#UNKNOWN}. Secret values are never copied into the change. Stateless and thread-safe.
 */
public final class KubernetesManifestReader {

    /** {@link Change#source()} of changes read here. */
    public static final String SOURCE = "kubernetes";

    /** The path reported for an object whose live state was not given: the whole object may change. */
    public static final String UNKNOWN_EXTENT = ValuePaths.WHOLE;

    private static final Set<String> COMPARED_ELSEWHERE = Set.of("apiVersion", "kind", "metadata", "status", "spec",
            "data", "binaryData", "stringData");
    private static final List<String> DATA_FIELDS = List.of("data", "binaryData", "stringData");

    private KubernetesManifestReader() {
    }

    /** True when a parsed document looks like a Kubernetes object (has string {@code apiVersion} and {@code kind}). */
    public static boolean looksLikeManifest(Object root) {
        return root instanceof Map<?, ?> m && m.get("apiVersion") instanceof String && m.get("kind") instanceof String;
    }

    /**
     * Reads desired objects, optionally against the current ones.
     *
     * @param desired the manifests' documents, in the order the actions should follow
     * @param current the live objects' documents, when known
     * @param prune   delete current objects that no desired object names (needs {@code current})
     */
    public static Change read(List<LocatedDocument> desired, Optional<List<LocatedDocument>> current, boolean prune) {
        if (prune && current.isEmpty()) {
            throw new BadInputException(SourceLocation.UNKNOWN, "prune needs the current objects: without them nothing is known to delete");
        }
        List<KubernetesObject> want = unique(KubernetesObject.fromDocuments(desired), "manifests");
        Map<String, KubernetesObject> live = new LinkedHashMap<>();
        current.ifPresent(docs -> unique(KubernetesObject.fromDocuments(docs), "current objects").forEach(o -> live.put(o.identity(), o)));

        List<Action> actions = new ArrayList<>();
        Set<String> deleted = new TreeSet<>();
        Set<String> wanted = new java.util.HashSet<>();
        for (KubernetesObject d : want) {
            wanted.add(d.identity());
            // one digest per object, not per action (an update is often a Scale and a Config of the same object)
            String digest = ObjectDigest.of(d.kind(), d.body());
            if (d.deleteRequested()) {
                deleted.add(d.address());
                actions.add(action(d, digest, new ActionKind.Delete(), "annotated " + KubernetesObject.ACTION_ANNOTATION + ": delete", Map.of()));
            } else if (current.isEmpty()) {
                actions.add(action(d, digest, new ActionKind.Update(List.of(UNKNOWN_EXTENT)), "", Map.of("currentState", "unknown")));
            } else {
                KubernetesObject c = live.get(d.identity());
                if (c == null) actions.add(action(d, digest, new ActionKind.Create(), "", Map.of()));
                else for (ActionKind k : compare(d, c)) actions.add(action(d, digest, k, "", Map.of()));
            }
        }
        if (prune) {
            for (KubernetesObject c : live.values()) {
                if (wanted.contains(c.identity())) continue;
                deleted.add(c.address());
                actions.add(action(c, ObjectDigest.of(c.kind(), c.body()), new ActionKind.Delete(), "pruned: live but in no manifest", Map.of()));
            }
        }
        List<String> notes = new ArrayList<>();
        if (current.isEmpty()) {
            notes.add("no current objects were given: each object counts as an update of unknown extent "
                    + "(give the live objects to tell creates, scale and config changes apart)");
        }
        return new Change(SOURCE, title(want.size(), deleted.size()), Provenance.UNKNOWN, actions, Scope.UNSPECIFIED,
                hash(want, deleted), notes, Map.of());
    }

    /**
     * The deletion of objects as they are now (an admission request's {@code oldObject}): one {@code Delete} each.
     *
     * @param objects the objects to be deleted
     * @param reason  why, for the actions' reason
     */
    public static Change deletion(List<LocatedDocument> objects, String reason) {
        List<KubernetesObject> gone = unique(KubernetesObject.fromDocuments(objects), "objects to delete");
        List<Action> actions = new ArrayList<>();
        Set<String> deleted = new TreeSet<>();
        for (KubernetesObject o : gone) {
            deleted.add(o.address());
            actions.add(action(o, ObjectDigest.of(o.kind(), o.body()), new ActionKind.Delete(), reason, Map.of()));
        }
        return new Change(SOURCE, title(0, deleted.size()), Provenance.UNKNOWN, actions, Scope.UNSPECIFIED,
                hash(List.of(), deleted), List.of(), Map.of());
    }

    /** Content hash: the normalised desired objects sorted by kind, namespace and name, and the deleted addresses. */
    private static String hash(List<KubernetesObject> want, Set<String> deleted) {
        List<KubernetesObject> sorted = new ArrayList<>(want);
        sorted.sort(Comparator.comparing(KubernetesObject::kind).thenComparing(KubernetesObject::namespace)
                .thenComparing(KubernetesObject::name).thenComparing(KubernetesObject::group));
        List<Object> bodies = new ArrayList<>(sorted.size());
        for (KubernetesObject o : sorted) bodies.add(o.body());
        return Change.contentHash(SOURCE, Map.of("objects", bodies, "deleted", List.copyOf(deleted)));
    }

    private static List<ActionKind> compare(KubernetesObject d, KubernetesObject c) {
        List<ActionKind> out = new ArrayList<>();
        Map<String, Object> dSpec = new LinkedHashMap<>(KubernetesObject.map(d.body().get("spec")));
        Map<String, Object> cSpec = new LinkedHashMap<>(KubernetesObject.map(c.body().get("spec")));
        if (dSpec.containsKey("replicas") || cSpec.containsKey("replicas")) {
            long from = replicas(cSpec);
            long to = replicas(dSpec);
            if (from != to) out.add(new ActionKind.Scale(from, to, "spec.replicas"));
        }
        dSpec.remove("replicas");
        cSpec.remove("replicas");

        Set<String> config = new TreeSet<>();
        Set<String> update = new TreeSet<>();
        Set<String> specPaths = new TreeSet<>();
        if (d.body().get("spec") != null) ValuePaths.changedWhereSet(dSpec, cSpec, "spec", specPaths);
        for (String p : specPaths) (podTemplate(p) ? config : update).add(p);
        for (String field : DATA_FIELDS) {
            ValuePaths.changed(orEmpty(d.body().get(field)), orEmpty(c.body().get(field)), field, config);
        }
        ValuePaths.changed(labelsOf(d), labelsOf(c), "metadata.labels", update);
        ValuePaths.changed(annotationsOf(d), annotationsOf(c), "metadata.annotations", update);
        for (Map.Entry<String, Object> e : d.body().entrySet()) {
            if (COMPARED_ELSEWHERE.contains(e.getKey())) continue;
            ValuePaths.changedWhereSet(e.getValue(), c.body().get(e.getKey()), ValuePaths.child("", e.getKey()), update);
        }
        if (!config.isEmpty()) out.add(new ActionKind.Config(List.copyOf(config)));
        if (!update.isEmpty()) out.add(new ActionKind.Update(List.copyOf(update)));
        if (out.isEmpty()) out.add(new ActionKind.NoOp());
        return out;
    }

    /** A path inside a pod template: what a rollout of new pods carries (images, env, args, resources, volumes). */
    private static boolean podTemplate(String path) {
        for (String prefix : List.of("spec.template", "spec.jobTemplate")) {
            if (path.equals(prefix) || path.startsWith(prefix + ".") || path.startsWith(prefix + "[")) return true;
        }
        return false;
    }

    /** spec.replicas, 1 when absent (the API server's default); validated as a whole number when read. */
    private static long replicas(Map<String, Object> spec) {
        Object r = spec.get("replicas");
        return r == null ? 1 : ValuePaths.wholeNumber(r).orElse(1);
    }

    private static Object orEmpty(Object v) {
        return v == null ? Map.of() : v;
    }

    private static Map<String, Object> labelsOf(KubernetesObject o) {
        return KubernetesObject.map(o.metadata().get("labels"));
    }

    private static Map<String, Object> annotationsOf(KubernetesObject o) {
        Map<String, Object> a = new HashMap<>(o.annotations());
        a.remove(KubernetesObject.ACTION_ANNOTATION);
        a.remove(ObjectDigest.CHANGE_ID_ANNOTATION); // names the change, is not part of it
        return a;
    }

    /** {@code digest}: {@link ObjectDigest#of} of {@code o}. */
    private static Action action(KubernetesObject o, String digest, ActionKind kind, String reason, Map<String, Object> extra) {
        Map<String, Object> attrs = new LinkedHashMap<>(extra);
        // the digest lets an admission webhook recognise this exact object when it is applied (ObjectDigest)
        attrs.put(ObjectDigest.ATTRIBUTE, digest);
        if (o.kind().equals("Secret")) {
            // key names only: they tell a reviewer which secrets move, the values stay out
            Set<String> keys = new TreeSet<>();
            for (Object k : KubernetesObject.map(o.body().get("data")).keySet()) keys.add(ValuePaths.child("data", String.valueOf(k)));
            for (Object k : KubernetesObject.map(o.body().get("binaryData")).keySet()) keys.add(ValuePaths.child("binaryData", String.valueOf(k)));
            if (!keys.isEmpty()) attrs.put("sensitivePaths", List.copyOf(keys));
        }
        return new Action(o.address(), o.kind(), o.ref(), kind, reason, List.of(), attrs, o.where());
    }

    private static List<KubernetesObject> unique(List<KubernetesObject> objects, String what) {
        Map<String, KubernetesObject> seen = new HashMap<>();
        List<BadInputException.Problem> problems = new ArrayList<>();
        for (KubernetesObject o : objects) {
            KubernetesObject first = seen.putIfAbsent(o.identity(), o);
            if (first != null) {
                problems.add(new BadInputException.Problem(o.where(), o.address() + " appears twice in the " + what
                        + " (first at " + first.where() + "); each object may be named once"));
            }
        }
        if (!problems.isEmpty()) throw new BadInputException(problems);
        return objects;
    }

    private static String title(int objects, int deleted) {
        return "Kubernetes: " + objects + (objects == 1 ? " object" : " objects")
                + (deleted == 0 ? "" : ", " + deleted + " to delete");
    }
}
