package io.blastwall.adapters.kubernetes;

import io.blastwall.adapters.ConfigSupport;
import io.blastwall.formats.doc.Fields;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Configuration of a {@link KubernetesExecutor}.
 *
 * @param context   the kubeconfig context to use; empty for the current context (or the in-cluster service account)
 * @param zoneLabel when set (e.g. {@code topology.kubernetes.io/zone}), objects found through the estate's label
 *                  selectors are narrowed to those whose label of this name equals the target's zone, so one object
 *                  per zone can be rolled zone by zone; empty when objects are not labelled by zone
 * @param targets   explicit mappings that take precedence over the estate's selectors, keyed by target key
 *                  ({@code node@zone}) or by bare component id (every zone of it)
 *
 * <p>Immutable.
 */
public record KubernetesExecutorConfig(Optional<String> context, Optional<String> zoneLabel,
                                       Map<String, List<Mapping>> targets) {

    /**
     * One workload a target maps to, and which object of the change's manifests supplies its desired pod template.
     *
     * @param workload     the live object to update
     * @param templateFrom the manifest object (same kind) whose {@code spec.template} is applied; the workload itself
     *                     when absent. Lets per-zone copies ({@code checkout-api-a}, {@code checkout-api-b}) take
     *                     the template of the one object the change edits ({@code checkout-api}).
     */
    public record Mapping(WorkloadRef workload, Optional<WorkloadRef> templateFrom) {
        public Mapping {
            Objects.requireNonNull(workload, "workload");
            Objects.requireNonNull(templateFrom, "templateFrom");
            templateFrom.ifPresent(t -> {
                if (t.kind() != workload.kind()) throw new IllegalArgumentException("templateFrom must be of the workload's kind");
            });
        }

        /** The manifest object that supplies the template. */
        public WorkloadRef templateSource() {
            return templateFrom.orElse(workload);
        }
    }

    private static final Set<String> TOP = Set.of("executor", "context", "zoneLabel", "targets");
    private static final Set<String> MAPPING = Set.of("kind", "namespace", "name", "templateFrom");

    public KubernetesExecutorConfig {
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(zoneLabel, "zoneLabel");
        Map<String, List<Mapping>> copy = new LinkedHashMap<>();
        targets.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        targets = java.util.Collections.unmodifiableMap(copy);
    }

    /** No explicit mappings: everything is found through the estate's selectors. */
    public static KubernetesExecutorConfig estateOnly() {
        return new KubernetesExecutorConfig(Optional.empty(), Optional.empty(), Map.of());
    }

    /**
     * Reads a YAML or JSON file (format in docs/executors.md).
     *
     * @throws io.blastwall.core.BadInputException naming file, line and field for anything wrong
     */
    public static KubernetesExecutorConfig read(Path file) {
        Fields f = ConfigSupport.readSingleObject(file);
        Map<String, Object> root = f.object(f.document().root(), "$");
        ConfigSupport.onlyKeys(f, root, "$", TOP);
        f.optString(root, "executor", "$").filter(s -> !s.equals("kubernetes")).ifPresent(s -> {
            throw f.error("$.executor", "expected 'kubernetes', found '" + s + "'");
        });
        Optional<String> context = f.optString(root, "context", "$").filter(s -> !s.isBlank());
        Optional<String> zoneLabel = f.optString(root, "zoneLabel", "$").filter(s -> !s.isBlank());
        Map<String, List<Mapping>> targets = new LinkedHashMap<>();
        Object t = root.get("targets");
        if (t != null) {
            Map<String, Object> tm = f.object(t, "$.targets");
            for (var e : tm.entrySet()) {
                String path = "$.targets." + e.getKey();
                if (e.getKey().isBlank() || e.getKey().startsWith("@") || e.getKey().endsWith("@")) {
                    throw f.error(path, "expected a target key: a component id, or component@zone");
                }
                List<Object> list = e.getValue() instanceof Map<?, ?> ? List.of(e.getValue()) : f.list(e.getValue(), path);
                if (list.isEmpty()) throw f.error(path, "expected at least one Deployment or StatefulSet");
                List<Mapping> mappings = new ArrayList<>();
                for (int i = 0; i < list.size(); i++) mappings.add(mapping(f, list.get(i), path + "[" + i + "]"));
                targets.put(e.getKey(), mappings);
            }
        }
        return new KubernetesExecutorConfig(context, zoneLabel, targets);
    }

    private static Mapping mapping(Fields f, Object node, String path) {
        Map<String, Object> m = f.object(node, path);
        ConfigSupport.onlyKeys(f, m, path, MAPPING);
        String kindText = f.string(m, "kind", path);
        WorkloadRef.Kind kind = WorkloadRef.Kind.named(kindText).orElseThrow(() ->
                f.error(path + ".kind", "expected Deployment or StatefulSet, found '" + kindText + "'"));
        String ns = f.string(m, "namespace", path);
        String name = f.string(m, "name", path);
        WorkloadRef workload = new WorkloadRef(kind, ns, name);
        Optional<WorkloadRef> from = f.optString(m, "templateFrom", path).map(s -> {
            String[] parts = s.split("/", -1);
            if (parts.length > 2 || parts[parts.length - 1].isBlank() || parts.length == 2 && parts[0].isBlank()) {
                throw f.error(path + ".templateFrom", "expected NAME or NAMESPACE/NAME of a " + kind.apiKind() + " in the change's manifests");
            }
            return parts.length == 2 ? new WorkloadRef(kind, parts[0], parts[1]) : new WorkloadRef(kind, ns, parts[0]);
        });
        return new Mapping(workload, from);
    }
}
