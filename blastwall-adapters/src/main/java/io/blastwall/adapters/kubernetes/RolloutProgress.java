package io.blastwall.adapters.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;

import java.util.Objects;

/**
 * Where a workload's rollout stands, read from what its controller reports — the same rules as
 * {@code kubectl rollout status}: the controller must have observed the latest generation; a Deployment is done when
 * every desired replica runs the new template and is available and no old replica remains, and failed when its
 * {@code Progressing} condition says {@code ProgressDeadlineExceeded}; a rolling-update StatefulSet is done when the
 * updated replicas cover what its partition allows and, without a partition, the current revision is the update
 * revision with every replica ready.
 *
 * <p>Immutable values; the factory methods are pure.
 */
public sealed interface RolloutProgress {

    /** Short text for the step's detail and output. */
    String summary();

    /** The rollout finished. */
    record Done(String summary) implements RolloutProgress {
    }

    /** Still progressing (or not yet observed). */
    record Waiting(String summary) implements RolloutProgress {
    }

    /** The rollout cannot finish without intervention. */
    record Failed(String summary) implements RolloutProgress {
    }

    /** Progress of either workload kind; a missing object has failed (it was deleted under the rollout). */
    static RolloutProgress of(HasMetadata workload) {
        return switch (workload) {
            case null -> new Failed("the object no longer exists");
            case Deployment d -> of(d);
            case StatefulSet s -> of(s);
            default -> new Failed("not a Deployment or StatefulSet: " + workload.getKind());
        };
    }

    static RolloutProgress of(Deployment d) {
        if (d.getSpec() != null && Boolean.TRUE.equals(d.getSpec().getPaused())) {
            return new Failed("the Deployment is paused, so its controller will not roll it out");
        }
        DeploymentStatus st = d.getStatus();
        long generation = value(d.getMetadata().getGeneration());
        if (st == null || value(st.getObservedGeneration()) < generation) {
            return new Waiting("waiting for the controller to observe generation " + generation);
        }
        if (st.getConditions() != null) {
            for (DeploymentCondition c : st.getConditions()) {
                if ("Progressing".equals(c.getType()) && "ProgressDeadlineExceeded".equals(c.getReason())) {
                    return new Failed("progress deadline exceeded" + (c.getMessage() == null ? "" : ": " + c.getMessage()));
                }
            }
        }
        int desired = d.getSpec() == null || d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
        int updated = value(st.getUpdatedReplicas());
        int total = value(st.getReplicas());
        int available = value(st.getAvailableReplicas());
        if (updated < desired) return new Waiting(updated + " of " + desired + " replicas updated");
        if (total > updated) return new Waiting((total - updated) + " old replicas pending termination");
        if (available < updated) return new Waiting(available + " of " + updated + " updated replicas available");
        return new Done(updated + " of " + desired + " replicas updated and available");
    }

    static RolloutProgress of(StatefulSet s) {
        String strategy = s.getSpec() == null || s.getSpec().getUpdateStrategy() == null
                || s.getSpec().getUpdateStrategy().getType() == null ? "RollingUpdate" : s.getSpec().getUpdateStrategy().getType();
        if (!"RollingUpdate".equals(strategy)) {
            return new Failed("update strategy " + strategy + ": the controller does not replace pods on its own");
        }
        StatefulSetStatus st = s.getStatus();
        long generation = value(s.getMetadata().getGeneration());
        if (st == null || value(st.getObservedGeneration()) < generation) {
            return new Waiting("waiting for the controller to observe generation " + generation);
        }
        int desired = s.getSpec().getReplicas() == null ? 1 : s.getSpec().getReplicas();
        int ready = value(st.getReadyReplicas());
        if (ready < desired) return new Waiting(ready + " of " + desired + " replicas ready");
        var rolling = s.getSpec().getUpdateStrategy() == null ? null : s.getSpec().getUpdateStrategy().getRollingUpdate();
        int partition = rolling == null ? 0 : value(rolling.getPartition());
        int updated = value(st.getUpdatedReplicas());
        if (partition > 0) {
            int expected = Math.max(0, desired - partition);
            if (updated < expected) return new Waiting(updated + " of " + expected + " replicas above the partition updated");
            return new Done(updated + " replicas above partition " + partition + " updated");
        }
        if (!Objects.equals(st.getUpdateRevision(), st.getCurrentRevision())) {
            return new Waiting(updated + " of " + desired + " replicas at revision " + st.getUpdateRevision());
        }
        return new Done(desired + " replicas at revision " + st.getCurrentRevision() + " and ready");
    }

    private static long value(Long l) {
        return l == null ? 0 : l;
    }

    private static int value(Integer i) {
        return i == null ? 0 : i;
    }
}
