package io.blastwall.formats.kubernetes;

import io.blastwall.core.canonical.CanonicalJson;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The content hash of one Kubernetes object, equal for a manifest as written and for the same object as the API
 * server hands it to an admission webhook (after defaulting), so that an approved manifest can be recognised when it
 * is applied. It is the SHA-256 of the canonical JSON ({@link CanonicalJson}) of the object after
 * <ol>
 *   <li>the normalisation every Kubernetes object gets when read (status, server-managed metadata, the kubectl
 *       last-applied annotation dropped; namespace explicit; a Secret's {@code stringData} folded into
 *       {@code data});</li>
 *   <li>dropping the {@value #CHANGE_ID_ANNOTATION} annotation (it names the change the object belongs to, which is
 *       only known once the change was submitted);</li>
 *   <li>dropping fields whose value is the API server's default (a field equal to its default means the same as the
 *       field left out): the table in docs/admission-webhook.md — Deployment, StatefulSet, DaemonSet, ReplicaSet,
 *       Job and CronJob pod templates, containers and probes, Service and volume defaults — plus fields the API server
 *       allocates itself (a Service's {@code clusterIP(s)}, {@code ipFamilies}, node ports);</li>
 *   <li>dropping {@code null}s, empty maps and empty lists, which Kubernetes reads as absent.</li>
 * </ol>
 * Stateless and thread-safe.
 */
public final class ObjectDigest {

    /** The action attribute under which the Kubernetes manifest reader records each object's digest. */
    public static final String ATTRIBUTE = "objectSha256";

    /** The annotation naming the Blastwall change an object belongs to; not part of the object's content. */
    public static final String CHANGE_ID_ANNOTATION = "blastwall.io/change-id";

    /** One default: the path (dot-separated, {@code []} for every list element) and the default value. */
    private record Default(String path, Object value) {
    }

    /** A default with its path split once (splitting on every request was ~2 % of the webhook's CPU). */
    private record Split(String[] path, Object value) {
    }

    private static final Set<String> POD_TEMPLATE_KINDS = Set.of("Deployment", "StatefulSet", "DaemonSet", "ReplicaSet",
            "Job", "ReplicationController");
    /** Fields the API server fills in on its own, whatever their value: never part of what an author wrote. */
    private static final List<String> SERVICE_ALLOCATED = List.of("spec.clusterIP", "spec.clusterIPs", "spec.ipFamilies",
            "spec.ports[].nodePort", "spec.healthCheckNodePort");

    private static final List<String[]> SERVICE_ALLOCATED_SPLIT = SERVICE_ALLOCATED.stream().map(p -> p.split("\\.")).toList();
    private static final Map<String, List<Split>> DEFAULTS_BY_KIND = new java.util.concurrent.ConcurrentHashMap<>();

    private ObjectDigest() {
    }

    private static List<Split> splitDefaults(String kind) {
        List<Split> l = DEFAULTS_BY_KIND.get(kind);
        if (l != null) return l;
        l = defaults(kind).stream().map(d -> new Split(d.path().split("\\."), d.value())).toList();
        if (!l.isEmpty()) DEFAULTS_BY_KIND.put(kind, l); // only the built-in kinds: kinds from requests do not grow it
        return l;
    }

    /** The digest of an object already normalised by the manifest reader ({@link KubernetesObject#body()}). */
    static String of(String kind, Map<String, Object> body) {
        return CanonicalJson.sha256(comparable(kind, body));
    }

    /** The object as hashed: a deep copy with defaults, allocated fields and empty values removed. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> comparable(String kind, Map<String, Object> body) {
        Map<String, Object> o = (Map<String, Object>) KubernetesObject.copy(body);
        if (o.get("metadata") instanceof Map<?, ?> meta && meta.get("annotations") instanceof Map<?, ?> ann) {
            ann.remove(CHANGE_ID_ANNOTATION);
        }
        for (Split d : splitDefaults(kind)) remove(o, d.path(), 0, d.value(), false);
        if (kind.equals("Service")) for (String[] p : SERVICE_ALLOCATED_SPLIT) remove(o, p, 0, null, true);
        for (String prefix : podTemplates(kind)) imagePullPolicy(o, prefix);
        prune(o);
        return o;
    }

    private static List<String> podTemplates(String kind) {
        if (POD_TEMPLATE_KINDS.contains(kind)) return List.of("spec.template");
        if (kind.equals("CronJob")) return List.of("spec.jobTemplate.spec.template");
        if (kind.equals("Pod")) return List.of("");
        return List.of();
    }

    private static List<Default> defaults(String kind) {
        List<Default> out = new ArrayList<>();
        switch (kind) {
            case "Deployment" -> {
                out.add(new Default("spec.replicas", 1L));
                out.add(new Default("spec.revisionHistoryLimit", 10L));
                out.add(new Default("spec.progressDeadlineSeconds", 600L));
                out.add(new Default("spec.strategy.type", "RollingUpdate"));
                out.add(new Default("spec.strategy.rollingUpdate.maxSurge", "25%"));
                out.add(new Default("spec.strategy.rollingUpdate.maxUnavailable", "25%"));
            }
            case "StatefulSet" -> {
                out.add(new Default("spec.replicas", 1L));
                out.add(new Default("spec.revisionHistoryLimit", 10L));
                out.add(new Default("spec.podManagementPolicy", "OrderedReady"));
                out.add(new Default("spec.updateStrategy.type", "RollingUpdate"));
                out.add(new Default("spec.updateStrategy.rollingUpdate.partition", 0L));
                out.add(new Default("spec.persistentVolumeClaimRetentionPolicy.whenDeleted", "Retain"));
                out.add(new Default("spec.persistentVolumeClaimRetentionPolicy.whenScaled", "Retain"));
                out.add(new Default("spec.volumeClaimTemplates[].apiVersion", "v1"));
                out.add(new Default("spec.volumeClaimTemplates[].kind", "PersistentVolumeClaim"));
                out.add(new Default("spec.volumeClaimTemplates[].spec.volumeMode", "Filesystem"));
                out.add(new Default("spec.volumeClaimTemplates[].status", STATUS_ANY));
                out.add(new Default("spec.volumeClaimTemplates[].metadata.creationTimestamp", null));
            }
            case "DaemonSet" -> {
                out.add(new Default("spec.revisionHistoryLimit", 10L));
                out.add(new Default("spec.updateStrategy.type", "RollingUpdate"));
                out.add(new Default("spec.updateStrategy.rollingUpdate.maxSurge", 0L));
                out.add(new Default("spec.updateStrategy.rollingUpdate.maxUnavailable", 1L));
            }
            case "ReplicaSet", "ReplicationController" -> out.add(new Default("spec.replicas", 1L));
            case "Job" -> {
                out.add(new Default("spec.backoffLimit", 6L));
                out.add(new Default("spec.completionMode", "NonIndexed"));
                out.add(new Default("spec.completions", 1L));
                out.add(new Default("spec.parallelism", 1L));
                out.add(new Default("spec.suspend", false));
                out.add(new Default("spec.podReplacementPolicy", "TerminatingOrFailed"));
                out.add(new Default("spec.manualSelector", null));
            }
            case "CronJob" -> {
                out.add(new Default("spec.concurrencyPolicy", "Allow"));
                out.add(new Default("spec.failedJobsHistoryLimit", 1L));
                out.add(new Default("spec.successfulJobsHistoryLimit", 3L));
                out.add(new Default("spec.suspend", false));
            }
            case "Service" -> {
                out.add(new Default("spec.type", "ClusterIP"));
                out.add(new Default("spec.sessionAffinity", "None"));
                out.add(new Default("spec.ipFamilyPolicy", "SingleStack"));
                out.add(new Default("spec.internalTrafficPolicy", "Cluster"));
                out.add(new Default("spec.externalTrafficPolicy", "Cluster"));
                out.add(new Default("spec.allocateLoadBalancerNodePorts", true));
                out.add(new Default("spec.ports[].protocol", "TCP"));
            }
            default -> { }
        }
        for (String prefix : podTemplates(kind)) out.addAll(podDefaults(prefix.isEmpty() ? "" : prefix + "."));
        return out;
    }

    /** A marker default: the field is dropped whatever its value. */
    private static final Object STATUS_ANY = new Object();

    private static List<Default> podDefaults(String t) {
        List<Default> out = new ArrayList<>();
        String spec = t + "spec.";
        out.add(new Default(t + "metadata.creationTimestamp", null));
        out.add(new Default(spec + "restartPolicy", "Always"));
        out.add(new Default(spec + "dnsPolicy", "ClusterFirst"));
        out.add(new Default(spec + "schedulerName", "default-scheduler"));
        out.add(new Default(spec + "terminationGracePeriodSeconds", 30L));
        out.add(new Default(spec + "enableServiceLinks", true));
        out.add(new Default(spec + "volumes[].configMap.defaultMode", 420L));
        out.add(new Default(spec + "volumes[].secret.defaultMode", 420L));
        out.add(new Default(spec + "volumes[].projected.defaultMode", 420L));
        for (String c : List.of("containers", "initContainers")) {
            String p = spec + c + "[].";
            out.add(new Default(p + "terminationMessagePath", "/dev/termination-log"));
            out.add(new Default(p + "terminationMessagePolicy", "File"));
            out.add(new Default(p + "ports[].protocol", "TCP"));
            for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
                out.add(new Default(p + probe + ".timeoutSeconds", 1L));
                out.add(new Default(p + probe + ".periodSeconds", 10L));
                out.add(new Default(p + probe + ".successThreshold", 1L));
                out.add(new Default(p + probe + ".failureThreshold", 3L));
                out.add(new Default(p + probe + ".httpGet.scheme", "HTTP"));
            }
        }
        return out;
    }

    /** {@code imagePullPolicy} defaults to Always for an untagged or {@code :latest} image, else IfNotPresent. */
    @SuppressWarnings("unchecked")
    private static void imagePullPolicy(Map<String, Object> o, String prefix) {
        Object spec = prefix.isEmpty() ? o.get("spec") : at(o, (prefix + ".spec").split("\\."));
        if (!(spec instanceof Map<?, ?> s)) return;
        for (String c : List.of("containers", "initContainers")) {
            if (!(s.get(c) instanceof List<?> list)) continue;
            for (Object e : list) {
                if (!(e instanceof Map<?, ?> m) || !(m.get("image") instanceof String image)) continue;
                String last = image.substring(image.lastIndexOf('/') + 1);
                boolean latest = !image.contains("@") && (!last.contains(":") || last.endsWith(":latest"));
                if (Objects.equals(m.get("imagePullPolicy"), latest ? "Always" : "IfNotPresent")) {
                    ((Map<String, Object>) m).remove("imagePullPolicy");
                }
            }
        }
    }

    private static Object at(Object node, String[] path) {
        Object cur = node;
        for (String seg : path) {
            if (!(cur instanceof Map<?, ?> m)) return null;
            cur = m.get(seg);
        }
        return cur;
    }

    /** Removes the field at {@code path} when it equals {@code value} (or always when {@code any}). */
    private static void remove(Object node, String[] path, int i, Object value, boolean any) {
        String seg = path[i];
        boolean each = seg.endsWith("[]");
        String key = each ? seg.substring(0, seg.length() - 2) : seg;
        if (!(node instanceof Map<?, ?> m) || !m.containsKey(key)) return;
        Object child = m.get(key);
        if (i == path.length - 1 && !each) {
            if (any || value == STATUS_ANY || same(child, value)) m.remove(key);
            return;
        }
        if (each) {
            if (child instanceof List<?> list) for (Object e : list) remove(e, path, i + 1, value, any);
        } else {
            remove(child, path, i + 1, value, any);
        }
    }

    /** Equal as JSON values: whole numbers compare by value whatever their Java type. */
    private static boolean same(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) return x.doubleValue() == y.doubleValue();
        return Objects.equals(a, b);
    }

    /** Drops nulls, empty maps and empty lists, innermost first. */
    private static boolean prune(Object node) {
        if (node instanceof Map<?, ?> m) {
            for (Iterator<? extends Map.Entry<?, ?>> it = m.entrySet().iterator(); it.hasNext(); ) {
                if (prune(it.next().getValue())) it.remove();
            }
            return m.isEmpty();
        }
        if (node instanceof List<?> l) {
            for (Object e : l) prune(e);
            return l.isEmpty();
        }
        return node == null;
    }
}
