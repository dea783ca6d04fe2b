package io.blastwall.adapters.kubernetes;

import io.blastwall.core.estate.Estate;
import io.blastwall.core.rollout.ExecutionStep;
import io.blastwall.core.rollout.RolloutExecutor;
import io.blastwall.core.rollout.StepOutcome;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Executor that rolls a change's pod templates out to Deployments and StatefulSets through the Kubernetes API
 * (fabric8 client), wave by wave.
 *
 * <p>Apply: resolves the step's targets to workloads ({@link WorkloadResolver}), takes each workload's desired
 * template from the approved manifests ({@link DesiredTemplates}, which checks the content hash), and updates each
 * object's {@code spec.template} — recording on the object itself, in the same update, the template it had before
 * the change's first wave ({@value #PREVIOUS_TEMPLATE}), the change it belongs to ({@value #CHANGE}) and the step's
 * idempotency key ({@value #STEPS}). Then it watches each rollout (observedGeneration, updated and available
 * replicas, as {@code kubectl rollout status} does) until done, failed or the step's timeout.
 *
 * <p>Roll back: puts the recorded template back on every workload this change touched and watches that rollout;
 * workloads the change never reached are left alone. It needs no manifests, so it works when the change's source is
 * gone.
 *
 * <p>Idempotency: a workload already carrying the step's key is not updated again; when every workload of a step
 * carries it the outcome is {@code replayed}, after checking that the rollout is (still) complete. Writes use the
 * object's resourceVersion, so a concurrent writer causes a retry on fresh state, never a lost update.
 *
 * <p>Tested against fabric8's mock API server in CRUD mode, since no real API server can run where the tests run;
 * the mock runs no controllers, so those tests play the Deployment controller's part by writing status.
 *
 * <p>Thread-safe (the fabric8 client is); steps for disjoint workloads may run concurrently.
 */
public final class KubernetesExecutor implements RolloutExecutor, AutoCloseable {

    /** JSON of the pod template the workload had before the change named in {@value #CHANGE} first updated it. */
    public static final String PREVIOUS_TEMPLATE = "blastwall.io/previous-template";
    /** The change whose apply the recorded previous template belongs to. */
    public static final String CHANGE = "blastwall.io/change";
    /** The content hash whose template the workload now runs. */
    public static final String CONTENT_HASH = "blastwall.io/content-hash";
    /** JSON list of the most recent idempotency keys applied to this workload. */
    public static final String STEPS = "blastwall.io/steps";

    /** Keys kept per workload: enough for every step a change takes on it, bounded so the object does not grow. */
    static final int KEPT_KEYS = 32;
    /** The API server limits all annotations of an object to 256 KiB together; leave room for everyone else's. */
    static final int MAX_RECORDED_TEMPLATE = 128 * 1024;
    private static final int CONFLICT_RETRIES = 5;

    private final KubernetesClient client;
    private final WorkloadResolver resolver;
    private final DesiredTemplates templates;
    private final KubernetesSerialization json;
    private final boolean ownsClient;

    /**
     * @param client    the API client (this executor does not close it)
     * @param estate    the estate whose components' selectors find workloads; empty to rely on the configuration alone
     * @param documents where the approved manifests come from
     * @param config    explicit mappings and the zone label
     */
    public KubernetesExecutor(KubernetesClient client, Optional<Estate> estate, ChangeDocuments documents,
                              KubernetesExecutorConfig config) {
        this(client, estate, documents, config, false);
    }

    private KubernetesExecutor(KubernetesClient client, Optional<Estate> estate, ChangeDocuments documents,
                               KubernetesExecutorConfig config, boolean ownsClient) {
        this.client = client;
        this.json = client.getKubernetesSerialization();
        this.resolver = new WorkloadResolver(client, estate, config);
        this.templates = new DesiredTemplates(documents, json);
        this.ownsClient = ownsClient;
    }

    /** Connects with the kubeconfig (its context as configured) or the in-cluster service account. */
    public static KubernetesExecutor connect(KubernetesExecutorConfig config, Optional<Estate> estate, ChangeDocuments documents) {
        Config kube = Config.autoConfigure(config.context().orElse(null));
        return new KubernetesExecutor(new KubernetesClientBuilder().withConfig(kube).build(), estate, documents, config, true);
    }

    @Override
    public String name() {
        return "kubernetes";
    }

    @Override
    public StepOutcome apply(ExecutionStep step) {
        long deadline = System.nanoTime() + step.timeout().toNanos();
        try {
            Map<WorkloadRef, PodTemplateSpec> desired = templates.of(step);
            List<KubernetesExecutorConfig.Mapping> mappings = resolver.resolve(step);
            List<WorkloadRef> refs = new ArrayList<>();
            Map<WorkloadRef, PodTemplateSpec> plan = new HashMap<>();
            for (KubernetesExecutorConfig.Mapping m : mappings) {
                PodTemplateSpec t = desired.get(m.templateSource());
                if (t == null) {
                    throw new StepFailure("the change's manifests have no " + m.templateSource() + " to take "
                            + m.workload() + "'s template from");
                }
                if (Workloads.get(client, m.workload()) == null) throw new StepFailure(m.workload() + " does not exist");
                refs.add(m.workload());
                plan.put(m.workload(), t);
            }
            int updated = 0;
            for (WorkloadRef ref : refs) {
                if (writeApply(step, ref, plan.get(ref))) updated++;
            }
            return watch(step, refs, updated, deadline, "updated");
        } catch (StepFailure e) {
            return StepOutcome.failed("kubernetes apply of wave " + step.wave() + " not done: " + e.getMessage(), "");
        } catch (KubernetesClientException e) {
            return StepOutcome.failed("kubernetes apply of wave " + step.wave() + " failed: " + apiError(e), "");
        }
    }

    @Override
    public StepOutcome rollBack(ExecutionStep step) {
        long deadline = System.nanoTime() + step.timeout().toNanos();
        try {
            List<WorkloadRef> refs = new ArrayList<>();
            for (KubernetesExecutorConfig.Mapping m : resolver.resolve(step)) refs.add(m.workload());
            int restored = 0;
            List<WorkloadRef> touched = new ArrayList<>();
            for (WorkloadRef ref : refs) {
                switch (writeRollback(step, ref)) {
                    case RESTORED -> {
                        restored++;
                        touched.add(ref);
                    }
                    case ALREADY -> touched.add(ref);
                    case UNTOUCHED -> {
                        // the change never reached this workload: nothing to undo, nothing to watch
                    }
                }
            }
            if (touched.isEmpty()) {
                return new StepOutcome(true, false, "kubernetes rollback of wave " + step.wave() + ": none of "
                        + refs.size() + " workload(s) had been changed by " + step.changeId(), "");
            }
            return watch(step, touched, restored, deadline, "restored");
        } catch (StepFailure e) {
            return StepOutcome.failed("kubernetes rollback of wave " + step.wave() + " not done: " + e.getMessage(), "");
        } catch (KubernetesClientException e) {
            return StepOutcome.failed("kubernetes rollback of wave " + step.wave() + " failed: " + apiError(e), "");
        }
    }

    /** Updates one workload to the desired template; false when it already carries the step's key. */
    private boolean writeApply(ExecutionStep step, WorkloadRef ref, PodTemplateSpec desired) throws StepFailure {
        for (int attempt = 1; ; attempt++) {
            HasMetadata live = Workloads.get(client, ref);
            if (live == null) throw new StepFailure(ref + " does not exist");
            Map<String, String> ann = annotations(live);
            List<String> keys = keys(ann);
            if (keys.contains(step.idempotencyKey())) return false;
            if (!step.changeId().equals(ann.get(CHANGE))) {
                // first wave of this change on this object: remember what to go back to
                String previous = json.asJson(Workloads.template(live));
                if (previous.length() > MAX_RECORDED_TEMPLATE) {
                    throw new StepFailure(ref + "'s current pod template is " + previous.length()
                            + " bytes of JSON, too large to record for rollback in an annotation; nothing was changed");
                }
                ann.put(PREVIOUS_TEMPLATE, previous);
                ann.put(CHANGE, step.changeId());
            }
            ann.put(CONTENT_HASH, step.contentHash());
            ann.put(STEPS, withKey(keys, step.idempotencyKey()));
            live.getMetadata().setAnnotations(ann);
            Workloads.setTemplate(live, json.clone(desired));
            if (tryUpdate(live, attempt)) return true;
        }
    }

    private enum RollbackWrite { RESTORED, ALREADY, UNTOUCHED }

    private RollbackWrite writeRollback(ExecutionStep step, WorkloadRef ref) throws StepFailure {
        for (int attempt = 1; ; attempt++) {
            HasMetadata live = Workloads.get(client, ref);
            if (live == null) throw new StepFailure(ref + " does not exist, so it cannot be rolled back");
            Map<String, String> ann = annotations(live);
            List<String> keys = keys(ann);
            if (keys.contains(step.idempotencyKey())) return RollbackWrite.ALREADY;
            if (!step.changeId().equals(ann.get(CHANGE))) return RollbackWrite.UNTOUCHED;
            String recorded = ann.get(PREVIOUS_TEMPLATE);
            if (recorded == null) throw new StepFailure(ref + " names change " + step.changeId() + " but has no recorded previous template");
            PodTemplateSpec previous;
            try {
                previous = json.unmarshal(recorded, PodTemplateSpec.class);
            } catch (RuntimeException e) {
                throw new StepFailure(ref + "'s recorded previous template does not parse: " + e.getMessage());
            }
            ann.remove(PREVIOUS_TEMPLATE);
            ann.remove(CHANGE);
            ann.remove(CONTENT_HASH);
            ann.put(STEPS, withKey(keys, step.idempotencyKey()));
            live.getMetadata().setAnnotations(ann);
            Workloads.setTemplate(live, previous);
            if (tryUpdate(live, attempt)) return RollbackWrite.RESTORED;
        }
    }

    private boolean tryUpdate(HasMetadata workload, int attempt) throws StepFailure {
        try {
            Workloads.update(client, workload);
            return true;
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) throw e;
            if (attempt >= CONFLICT_RETRIES) {
                throw new StepFailure(workload.getKind() + " " + workload.getMetadata().getName() + " kept changing under the update ("
                        + attempt + " conflicts)");
            }
            return false;
        }
    }

    private StepOutcome watch(ExecutionStep step, List<WorkloadRef> refs, int written, long deadline, String verb) {
        String direction = "restored".equals(verb) ? "rollback" : "apply";
        StringBuilder out = new StringBuilder();
        List<String> failed = new ArrayList<>();
        for (WorkloadRef ref : refs) {
            RolloutProgress p = Workloads.awaitRollout(client, ref, Duration.ofNanos(deadline - System.nanoTime()));
            out.append(ref).append(": ").append(p.summary()).append('\n');
            switch (p) {
                case RolloutProgress.Done d -> {
                }
                case RolloutProgress.Failed f -> failed.add(ref + " failed: " + f.summary());
                case RolloutProgress.Waiting w -> failed.add(ref + " not done within the step's timeout of "
                        + step.timeout().toSeconds() + " s: " + w.summary());
            }
        }
        String what = "kubernetes " + direction + " of wave " + step.wave() + ": " + verb + " " + written + " of "
                + refs.size() + " workload(s)";
        if (!failed.isEmpty()) return StepOutcome.failed(what + "; " + String.join("; ", failed), out.toString());
        boolean replayed = written == 0;
        return new StepOutcome(true, replayed, what + (replayed ? " (already done for this key)" : "") + "; rollout complete",
                out.toString());
    }

    private static Map<String, String> annotations(HasMetadata h) {
        Map<String, String> a = h.getMetadata().getAnnotations();
        return a == null ? new HashMap<>() : new HashMap<>(a);
    }

    private List<String> keys(Map<String, String> ann) throws StepFailure {
        String text = ann.get(STEPS);
        if (text == null || text.isBlank()) return List.of();
        try {
            List<?> list = json.unmarshal(text, List.class);
            List<String> out = new ArrayList<>();
            for (Object o : list) out.add(String.valueOf(o));
            return out;
        } catch (RuntimeException e) {
            // unknown whether this step already ran here: refuse rather than apply twice
            throw new StepFailure("annotation " + STEPS + " does not parse as a JSON list: " + e.getMessage());
        }
    }

    private String withKey(List<String> keys, String key) {
        List<String> next = new ArrayList<>(keys);
        next.add(key);
        while (next.size() > KEPT_KEYS) next.removeFirst();
        return json.asJson(next);
    }

    private static String apiError(KubernetesClientException e) {
        return (e.getCode() > 0 ? "HTTP " + e.getCode() + ": " : "") + e.getMessage();
    }

    @Override
    public void close() {
        if (ownsClient) client.close();
    }
}
