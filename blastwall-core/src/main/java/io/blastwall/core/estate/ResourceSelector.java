package io.blastwall.core.estate;

import java.util.Map;
import java.util.Objects;

/**
 * Maps an estate node to the resources that implement it. A closed set:
 * a Terraform/OpenTofu address or glob pattern, one Kubernetes object, or a Kubernetes label selector.
 */
public sealed interface ResourceSelector {

    /**
     * A Terraform/OpenTofu resource address. {@code *} matches any run of characters, so
     * {@code module.checkout.*} covers a whole module and {@code aws_instance.web[*]} every instance.
     * An address without an index also matches every indexed instance ({@code aws_instance.web} matches {@code aws_instance.web[2]}).
     */
    record TerraformAddress(String pattern) implements ResourceSelector {
        public TerraformAddress {
            Objects.requireNonNull(pattern, "pattern");
            if (pattern.isBlank()) throw new IllegalArgumentException("empty Terraform address pattern");
        }

        public boolean isPattern() {
            return pattern.indexOf('*') >= 0;
        }
    }

    /** One Kubernetes object by kind, namespace (empty for cluster-scoped) and name. Kind is matched case-insensitively. */
    record KubernetesObject(String kind, String namespace, String name) implements ResourceSelector {
        public KubernetesObject {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(name, "name");
            namespace = namespace == null ? "" : namespace;
        }
    }

    /**
     * Kubernetes objects whose labels include every given pair; kind and namespace restrict the match when not empty.
     */
    record KubernetesLabels(String kind, String namespace, Map<String, String> labels) implements ResourceSelector {
        public KubernetesLabels {
            kind = kind == null ? "" : kind;
            namespace = namespace == null ? "" : namespace;
            labels = Map.copyOf(labels);
            if (labels.isEmpty()) throw new IllegalArgumentException("empty label selector");
        }
    }
}
