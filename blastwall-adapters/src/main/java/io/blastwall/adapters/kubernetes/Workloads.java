package io.blastwall.adapters.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientTimeoutException;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The few operations the executor needs on Deployments and StatefulSets, uniform over both kinds. Stateless and
 * thread-safe.
 */
final class Workloads {

    private Workloads() {
    }

    static Class<? extends HasMetadata> type(WorkloadRef.Kind kind) {
        return switch (kind) {
            case DEPLOYMENT -> Deployment.class;
            case STATEFULSET -> StatefulSet.class;
        };
    }

    /** The live object, or null when it does not exist. */
    static HasMetadata get(KubernetesClient client, WorkloadRef ref) {
        return client.resources(type(ref.kind())).inNamespace(ref.namespace()).withName(ref.name()).get();
    }

    /** Objects of {@code kind} carrying every label, in {@code namespace} or (when empty) every namespace. */
    static List<? extends HasMetadata> listByLabels(KubernetesClient client, WorkloadRef.Kind kind, String namespace,
                                                    Map<String, String> labels) {
        var op = client.resources(type(kind));
        var items = namespace.isEmpty() ? op.inAnyNamespace().withLabels(labels).list().getItems()
                : op.inNamespace(namespace).withLabels(labels).list().getItems();
        return items;
    }

    static PodTemplateSpec template(HasMetadata workload) {
        return switch (workload) {
            case Deployment d -> d.getSpec().getTemplate();
            case StatefulSet s -> s.getSpec().getTemplate();
            default -> throw new IllegalArgumentException("not a workload: " + workload.getKind());
        };
    }

    static void setTemplate(HasMetadata workload, PodTemplateSpec template) {
        switch (workload) {
            case Deployment d -> d.getSpec().setTemplate(template);
            case StatefulSet s -> s.getSpec().setTemplate(template);
            default -> throw new IllegalArgumentException("not a workload: " + workload.getKind());
        }
    }

    /** Replaces the object; the resourceVersion it carries makes a concurrent writer's change a 409, not a lost update. */
    static HasMetadata update(KubernetesClient client, HasMetadata workload) {
        return client.resource(workload).update();
    }

    /** Waits until the rollout is done or failed, or {@code timeout} passes; returns where it then stands. */
    static RolloutProgress awaitRollout(KubernetesClient client, WorkloadRef ref, Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) return RolloutProgress.of(get(client, ref));
        try {
            HasMetadata last = client.resources(type(ref.kind())).inNamespace(ref.namespace()).withName(ref.name())
                    .waitUntilCondition(w -> !(RolloutProgress.of(w) instanceof RolloutProgress.Waiting),
                            timeout.toMillis(), TimeUnit.MILLISECONDS);
            return RolloutProgress.of(last);
        } catch (KubernetesClientTimeoutException e) {
            return RolloutProgress.of(get(client, ref));
        }
    }
}
