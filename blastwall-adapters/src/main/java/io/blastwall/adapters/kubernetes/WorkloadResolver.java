package io.blastwall.adapters.kubernetes;

import io.blastwall.core.estate.Estate;
import io.blastwall.core.estate.ResourceSelector;
import io.blastwall.core.rollout.ExecutionStep;
import io.blastwall.core.rollout.RolloutTarget;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Finds the Deployments and StatefulSets behind a step's targets: an explicit mapping for {@code node@zone}, then for
 * the bare component id, then the estate component's Kubernetes selectors (one object by name, or a label selector
 * listed from the API, narrowed by the configured zone label).
 *
 * <p>Keeps a wave's blast radius: an object that serves every zone of a component (a bare-id mapping, or an estate
 * selector without a zone label) may only be updated by a step that covers all of that component's zones — otherwise
 * the step fails rather than change zones outside its wave.
 *
 * <p>Thread-safe (stateless apart from the client, which is).
 */
final class WorkloadResolver {

    private final KubernetesClient client;
    private final Optional<Estate> estate;
    private final KubernetesExecutorConfig config;

    WorkloadResolver(KubernetesClient client, Optional<Estate> estate, KubernetesExecutorConfig config) {
        this.client = client;
        this.estate = estate;
        this.config = config;
    }

    /** The workloads of every target of {@code step}, each once, in target order. */
    List<KubernetesExecutorConfig.Mapping> resolve(ExecutionStep step) throws StepFailure {
        Map<WorkloadRef, KubernetesExecutorConfig.Mapping> out = new LinkedHashMap<>();
        for (RolloutTarget t : step.targets()) {
            for (KubernetesExecutorConfig.Mapping m : forTarget(t, step)) {
                KubernetesExecutorConfig.Mapping before = out.putIfAbsent(m.workload(), m);
                if (before != null && !before.templateSource().equals(m.templateSource())) {
                    throw new StepFailure(m.workload() + " is mapped with two different template sources ("
                            + before.templateSource() + ", " + m.templateSource() + ")");
                }
            }
        }
        return List.copyOf(out.values());
    }

    private List<KubernetesExecutorConfig.Mapping> forTarget(RolloutTarget t, ExecutionStep step) throws StepFailure {
        List<KubernetesExecutorConfig.Mapping> exact = config.targets().get(t.key());
        if (exact != null) return exact;
        List<KubernetesExecutorConfig.Mapping> whole = config.targets().get(t.nodeId());
        if (whole != null) {
            requireWholeComponent(t, step, "mapped by component id");
            return whole;
        }
        Estate e = estate.orElseThrow(() -> new StepFailure("target " + t + " has no mapping in the executor's configuration"));
        int i = e.indexOf(t.nodeId());
        if (i < 0) throw new StepFailure("target " + t + " is neither mapped nor a component of the estate");
        List<KubernetesExecutorConfig.Mapping> found = new ArrayList<>();
        boolean zoneSpecific = true;
        for (ResourceSelector s : e.selectors(i)) {
            switch (s) {
                case ResourceSelector.KubernetesObject o -> {
                    Optional<WorkloadRef.Kind> k = WorkloadRef.Kind.named(o.kind());
                    if (k.isPresent()) {
                        found.add(new KubernetesExecutorConfig.Mapping(new WorkloadRef(k.get(), ns(o.namespace()), o.name()),
                                Optional.empty()));
                        zoneSpecific = false;
                    }
                }
                case ResourceSelector.KubernetesLabels l -> {
                    List<WorkloadRef.Kind> kinds = l.kind().isEmpty() ? List.of(WorkloadRef.Kind.values())
                            : WorkloadRef.Kind.named(l.kind()).map(List::of).orElse(List.of());
                    Map<String, String> labels = new LinkedHashMap<>(l.labels());
                    boolean narrowed = config.zoneLabel().isPresent() && !t.zone().isEmpty();
                    if (narrowed) labels.put(config.zoneLabel().get(), t.zone());
                    for (WorkloadRef.Kind k : kinds) {
                        for (HasMetadata h : Workloads.listByLabels(client, k, l.namespace(), labels)) {
                            found.add(new KubernetesExecutorConfig.Mapping(
                                    new WorkloadRef(k, h.getMetadata().getNamespace(), h.getMetadata().getName()), Optional.empty()));
                        }
                    }
                    if (!narrowed) zoneSpecific = false;
                }
                case ResourceSelector.TerraformAddress ignored -> {
                    // not a Kubernetes object: another executor's business
                }
            }
        }
        if (found.isEmpty()) {
            throw new StepFailure("no Deployment or StatefulSet found for target " + t
                    + " (estate selectors of " + t.nodeId() + ", and no mapping in the executor's configuration)");
        }
        if (!zoneSpecific) requireWholeComponent(t, step, "found through the estate's selectors, which do not distinguish zones");
        return found;
    }

    /** Fails unless the step covers every zone the estate lists for the target's component. */
    private void requireWholeComponent(RolloutTarget t, ExecutionStep step, String how) throws StepFailure {
        if (t.zone().isEmpty() || estate.isEmpty()) return;
        int i = estate.get().indexOf(t.nodeId());
        if (i < 0) return;
        Set<String> inStep = new HashSet<>();
        for (RolloutTarget o : step.targets()) if (o.nodeId().equals(t.nodeId())) inStep.add(o.zone());
        List<String> missing = estate.get().zones(i).stream().filter(z -> !inStep.contains(z)).toList();
        if (!missing.isEmpty()) {
            throw new StepFailure("the objects of " + t.nodeId() + " (" + how + ") serve every zone of it, but wave "
                    + step.wave() + " covers only " + String.join(", ", inStep.stream().sorted().toList())
                    + " and not " + String.join(", ", missing) + "; map one object per zone (targets: in the executor's "
                    + "configuration, or a zoneLabel) or let the wave take the component as a whole");
        }
    }

    private static String ns(String namespace) {
        return namespace == null || namespace.isBlank() ? "default" : namespace;
    }
}
