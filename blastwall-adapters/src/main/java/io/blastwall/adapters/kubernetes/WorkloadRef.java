package io.blastwall.adapters.kubernetes;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * One Deployment or StatefulSet the Kubernetes executor updates: the workload kinds whose pod template a rollout
 * changes and whose controller reports rollout progress in its status.
 *
 * @param kind      which of the two
 * @param namespace its namespace (never empty: both kinds are namespaced)
 * @param name      its name
 *
 * <p>Immutable.
 */
public record WorkloadRef(Kind kind, String namespace, String name) {

    /** The workload kinds the executor drives. */
    public enum Kind {
        DEPLOYMENT("Deployment"), STATEFULSET("StatefulSet");

        private final String apiKind;

        Kind(String apiKind) {
            this.apiKind = apiKind;
        }

        /** The kind as the API spells it. */
        public String apiKind() {
            return apiKind;
        }

        /** The kind named {@code kind}, case-insensitively ({@code deployment}, {@code StatefulSet}). */
        public static Optional<Kind> named(String kind) {
            if (kind == null) return Optional.empty();
            return switch (kind.toLowerCase(Locale.ROOT)) {
                case "deployment", "deployments" -> Optional.of(DEPLOYMENT);
                case "statefulset", "statefulsets" -> Optional.of(STATEFULSET);
                default -> Optional.empty();
            };
        }
    }

    public WorkloadRef {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
        if (namespace.isBlank()) throw new IllegalArgumentException("a " + kind.apiKind() + " needs a namespace");
        if (name.isBlank()) throw new IllegalArgumentException("a " + kind.apiKind() + " needs a name");
    }

    /** {@code Deployment shop/checkout-api}. */
    @Override
    public String toString() {
        return kind.apiKind() + " " + namespace + "/" + name;
    }
}
