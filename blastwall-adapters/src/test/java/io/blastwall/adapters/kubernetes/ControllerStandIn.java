package io.blastwall.adapters.kubernetes;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * Plays the Deployment and StatefulSet controllers' part against fabric8's mock API server, which stores objects
 * but runs no controllers: whenever an object's generation is ahead of its observed generation, it writes the status
 * a real controller would end with — a completed rollout, a missed progress deadline, or nothing at all (stuck).
 */
final class ControllerStandIn implements AutoCloseable {

    enum Mode { COMPLETE, DEADLINE_EXCEEDED, STUCK }

    private final KubernetesClient client;
    private final String namespace;
    private volatile Mode mode = Mode.COMPLETE;
    private volatile boolean running = true;
    private final Thread thread;

    ControllerStandIn(KubernetesClient client, String namespace) {
        this.client = client;
        this.namespace = namespace;
        this.thread = Thread.ofVirtual().name("controller-stand-in").start(this::loop);
    }

    void mode(Mode m) {
        this.mode = m;
    }

    private void loop() {
        while (running) {
            try {
                if (mode != Mode.STUCK) reconcile();
                Thread.sleep(50);
            } catch (InterruptedException e) {
                return;
            } catch (KubernetesClientException e) {
                // a conflict with the executor's own write: try again on the next round, as a controller would
            }
        }
    }

    private void reconcile() {
        for (Deployment d : client.apps().deployments().inNamespace(namespace).list().getItems()) {
            long gen = d.getMetadata().getGeneration() == null ? 0 : d.getMetadata().getGeneration();
            long seen = d.getStatus() == null || d.getStatus().getObservedGeneration() == null ? -1 : d.getStatus().getObservedGeneration();
            if (seen >= gen) continue;
            int replicas = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
            DeploymentStatusBuilder status = new DeploymentStatusBuilder().withObservedGeneration(gen).withReplicas(replicas);
            if (mode == Mode.COMPLETE) {
                status.withUpdatedReplicas(replicas).withReadyReplicas(replicas).withAvailableReplicas(replicas);
            } else {
                status.withUpdatedReplicas(1).withAvailableReplicas(replicas - 1).withConditions(new DeploymentConditionBuilder()
                        .withType("Progressing").withStatus("False").withReason("ProgressDeadlineExceeded")
                        .withMessage("ReplicaSet has timed out progressing.").build());
            }
            client.apps().deployments().inNamespace(namespace).withName(d.getMetadata().getName())
                    .editStatus(x -> {
                        x.setStatus(status.build());
                        return x;
                    });
        }
        for (StatefulSet s : client.apps().statefulSets().inNamespace(namespace).list().getItems()) {
            long gen = s.getMetadata().getGeneration() == null ? 0 : s.getMetadata().getGeneration();
            long seen = s.getStatus() == null || s.getStatus().getObservedGeneration() == null ? -1 : s.getStatus().getObservedGeneration();
            if (seen >= gen || mode != Mode.COMPLETE) continue;
            int replicas = s.getSpec().getReplicas() == null ? 1 : s.getSpec().getReplicas();
            String revision = s.getMetadata().getName() + "-" + gen;
            client.apps().statefulSets().inNamespace(namespace).withName(s.getMetadata().getName()).editStatus(x -> {
                x.setStatus(new StatefulSetStatusBuilder().withObservedGeneration(gen).withReplicas(replicas)
                        .withReadyReplicas(replicas).withUpdatedReplicas(replicas).withCurrentReplicas(replicas)
                        .withCurrentRevision(revision).withUpdateRevision(revision).build());
                return x;
            });
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join();
    }
}
