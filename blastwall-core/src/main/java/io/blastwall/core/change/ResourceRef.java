package io.blastwall.core.change;

import java.util.Map;

/** What resource an action names, in the terms of its source format; mapped onto estate nodes by {@link ChangeMapper}. */
public sealed interface ResourceRef {

    /** A Terraform/OpenTofu resource instance address, its type and module address (empty at the root). */
    record Terraform(String address, String type, String moduleAddress) implements ResourceRef {
        public Terraform {
            type = type == null ? "" : type;
            moduleAddress = moduleAddress == null ? "" : moduleAddress;
        }
    }

    /** A Kubernetes object. Namespace is empty for cluster-scoped objects. */
    record Kubernetes(String apiVersion, String kind, String namespace, String name, Map<String, String> labels)
            implements ResourceRef {
        public Kubernetes {
            apiVersion = apiVersion == null ? "" : apiVersion;
            namespace = namespace == null ? "" : namespace;
            labels = labels == null ? Map.of() : Map.copyOf(labels);
        }
    }

    /**
     * An estate component named directly (Blastwall change files): a node id, or a redundancy group name,
     * which stands for every member of the group within the change's scope.
     */
    record Component(String idOrGroup) implements ResourceRef {
    }
}
