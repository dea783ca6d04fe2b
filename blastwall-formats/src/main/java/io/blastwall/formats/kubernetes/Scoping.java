package io.blastwall.formats.kubernetes;

import java.util.Set;

/**
 * Which Kubernetes kinds are cluster-scoped (have no namespace). A manifest does not say, and without a live API
 * server to ask, Blastwall knows the built-in cluster-scoped kinds and treats any kind named {@code Cluster…}
 * (ClusterIssuer, ClusterPolicy, ClusterSecretStore …) as cluster-scoped too; every other kind is namespaced.
 *
 * <p>Stateless and thread-safe.
 */
public final class Scoping {

    /** The built-in cluster-scoped kinds. */
    public static final Set<String> CLUSTER_SCOPED = Set.of(
            "Namespace", "Node", "PersistentVolume", "ClusterRole", "ClusterRoleBinding", "CustomResourceDefinition",
            "StorageClass", "PriorityClass", "ValidatingWebhookConfiguration", "MutatingWebhookConfiguration",
            "IngressClass", "APIService", "CSIDriver", "CSINode", "RuntimeClass", "VolumeAttachment",
            "CertificateSigningRequest", "ValidatingAdmissionPolicy", "ValidatingAdmissionPolicyBinding",
            "FlowSchema", "PriorityLevelConfiguration", "ComponentStatus");

    private Scoping() {
    }

    /** True when objects of {@code kind} have no namespace. */
    public static boolean clusterScoped(String kind) {
        return CLUSTER_SCOPED.contains(kind) || kind.startsWith("Cluster") && kind.length() > "Cluster".length();
    }

    /** The namespace an object of {@code kind} lands in: empty when cluster-scoped, else the given one or {@code default}. */
    public static String effectiveNamespace(String kind, String namespace) {
        if (clusterScoped(kind)) return "";
        return namespace == null || namespace.isBlank() ? "default" : namespace.trim();
    }
}
