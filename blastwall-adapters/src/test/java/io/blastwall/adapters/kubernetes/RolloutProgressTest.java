package io.blastwall.adapters.kubernetes;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RolloutProgressTest {

    private static Deployment deployment(long generation, long observed, int desired, int replicas, int updated, int available) {
        return new DeploymentBuilder().withNewMetadata().withName("d").withGeneration(generation).endMetadata()
                .withNewSpec().withReplicas(desired).endSpec()
                .withNewStatus().withObservedGeneration(observed).withReplicas(replicas).withUpdatedReplicas(updated)
                .withAvailableReplicas(available).endStatus().build();
    }

    @Test
    void deploymentFollowsKubectlRolloutStatus() {
        assertThat(RolloutProgress.of(deployment(3, 2, 3, 3, 3, 3))).isInstanceOf(RolloutProgress.Waiting.class);
        assertThat(RolloutProgress.of(deployment(3, 3, 3, 3, 1, 3)).summary()).isEqualTo("1 of 3 replicas updated");
        assertThat(RolloutProgress.of(deployment(3, 3, 3, 4, 3, 3)).summary()).isEqualTo("1 old replicas pending termination");
        assertThat(RolloutProgress.of(deployment(3, 3, 3, 3, 3, 2)).summary()).isEqualTo("2 of 3 updated replicas available");
        assertThat(RolloutProgress.of(deployment(3, 3, 3, 3, 3, 3))).isInstanceOf(RolloutProgress.Done.class);
    }

    @Test
    void aPausedDeploymentOrAMissedDeadlineFails() {
        Deployment paused = new DeploymentBuilder(deployment(3, 3, 3, 3, 3, 3)).editSpec().withPaused(true).endSpec().build();
        assertThat(RolloutProgress.of(paused)).isInstanceOf(RolloutProgress.Failed.class);
        Deployment late = new DeploymentBuilder(deployment(3, 3, 3, 3, 1, 2)).editStatus().addNewCondition()
                .withType("Progressing").withStatus("False").withReason("ProgressDeadlineExceeded").endCondition().endStatus().build();
        assertThat(RolloutProgress.of(late)).isInstanceOf(RolloutProgress.Failed.class);
        assertThat(RolloutProgress.of((io.fabric8.kubernetes.api.model.HasMetadata) null)).isInstanceOf(RolloutProgress.Failed.class);
    }

    private static StatefulSetBuilder sts(int ready, int updated, String current, String update) {
        return new StatefulSetBuilder().withNewMetadata().withName("s").withGeneration(2L).endMetadata()
                .withNewSpec().withReplicas(3).endSpec()
                .withNewStatus().withObservedGeneration(2L).withReadyReplicas(ready).withUpdatedReplicas(updated)
                .withCurrentRevision(current).withUpdateRevision(update).endStatus();
    }

    @Test
    void statefulSetWaitsForTheUpdateRevisionOrItsPartition() {
        assertThat(RolloutProgress.of(sts(2, 3, "r2", "r2").build())).isInstanceOf(RolloutProgress.Waiting.class);
        assertThat(RolloutProgress.of(sts(3, 2, "r1", "r2").build())).isInstanceOf(RolloutProgress.Waiting.class);
        assertThat(RolloutProgress.of(sts(3, 3, "r2", "r2").build())).isInstanceOf(RolloutProgress.Done.class);
        StatefulSet partitioned = sts(3, 1, "r1", "r2").editSpec().withNewUpdateStrategy().withType("RollingUpdate")
                .withNewRollingUpdate().withPartition(2).endRollingUpdate().endUpdateStrategy().endSpec().build();
        assertThat(RolloutProgress.of(partitioned)).isInstanceOf(RolloutProgress.Done.class);
        StatefulSet onDelete = sts(3, 3, "r2", "r2").editSpec().withNewUpdateStrategy().withType("OnDelete")
                .endUpdateStrategy().endSpec().build();
        assertThat(RolloutProgress.of(onDelete)).isInstanceOf(RolloutProgress.Failed.class);
    }
}
