package io.blastwall.adapters.kubernetes;

import io.blastwall.core.BadInputException;
import io.blastwall.core.change.Change;
import io.blastwall.core.controlplane.SubmittedDocument;
import io.blastwall.core.rollout.ExecutionStep;
import io.blastwall.formats.ChangeReaders;
import io.blastwall.formats.doc.Documents;
import io.blastwall.formats.doc.LocatedDocument;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The desired pod templates of an approved revision: the Deployments and StatefulSets of its manifests, read only
 * after the documents were re-read by Blastwall's own change reader and found to hash to the step's content hash —
 * so the executor applies exactly the approved content, and a manifest edited after approval is refused.
 *
 * <p>Thread-safe; verified manifests are cached per change, revision and content hash.
 */
final class DesiredTemplates {

    private final ChangeDocuments source;
    private final KubernetesSerialization serialization;
    private final Map<String, Map<WorkloadRef, PodTemplateSpec>> cache = new ConcurrentHashMap<>();

    DesiredTemplates(ChangeDocuments source, KubernetesSerialization serialization) {
        this.source = source;
        this.serialization = serialization;
    }

    /** The templates by workload, for {@code step}'s revision. */
    Map<WorkloadRef, PodTemplateSpec> of(ExecutionStep step) throws StepFailure {
        String cacheKey = step.changeId() + "\n" + step.revision() + "\n" + step.contentHash();
        Map<WorkloadRef, PodTemplateSpec> cached = cache.get(cacheKey);
        if (cached != null) return cached;
        Map<WorkloadRef, PodTemplateSpec> loaded = load(step);
        cache.put(cacheKey, loaded);
        return loaded;
    }

    private Map<WorkloadRef, PodTemplateSpec> load(ExecutionStep step) throws StepFailure {
        String what = "change " + step.changeId() + " revision " + step.revision();
        List<SubmittedDocument> docs;
        try {
            docs = source.documents(step.changeId(), step.revision())
                    .orElseThrow(() -> new StepFailure("the manifests of " + what + " are not available"));
        } catch (RuntimeException e) {
            throw new StepFailure("the manifests of " + what + " could not be read: " + e.getMessage());
        }
        Change change;
        try {
            change = ChangeReaders.parse(docs.stream().map(d -> new ChangeReaders.Text(d.name(), d.content())).toList(),
                    Optional.empty());
        } catch (BadInputException e) {
            throw new StepFailure("the manifests of " + what + " do not read: " + e.getMessage());
        }
        if (!change.hash().equals(step.contentHash())) {
            throw new StepFailure("the manifests found for " + what + " have content hash " + change.hash()
                    + ", not the approved " + step.contentHash() + "; refusing to apply anything else");
        }
        if (!"kubernetes".equals(change.source())) {
            throw new StepFailure(what + " is a " + change.source() + " change; the Kubernetes executor applies manifests");
        }
        Map<WorkloadRef, PodTemplateSpec> out = new HashMap<>();
        for (SubmittedDocument d : docs) {
            for (LocatedDocument doc : Documents.parse(d.name(), d.content())) collect(doc.root(), out);
        }
        return Map.copyOf(out);
    }

    @SuppressWarnings("unchecked")
    private void collect(Object node, Map<WorkloadRef, PodTemplateSpec> out) throws StepFailure {
        if (!(node instanceof Map<?, ?> raw)) return;
        Map<String, Object> obj = (Map<String, Object>) raw;
        Object kind = obj.get("kind");
        if (kind instanceof String k && k.endsWith("List") && obj.get("items") instanceof List<?> items) {
            for (Object item : items) collect(item, out);
            return;
        }
        Optional<WorkloadRef.Kind> wk = kind instanceof String k ? WorkloadRef.Kind.named(k) : Optional.empty();
        if (wk.isEmpty() || !(kind instanceof String k2) || !k2.equals(wk.get().apiKind())) return;
        record Found(PodTemplateSpec template, ObjectMeta meta) {
        }
        Found found = switch (wk.get()) {
            case DEPLOYMENT -> {
                Deployment dep = serialization.convertValue(obj, Deployment.class);
                yield new Found(dep.getSpec() == null ? null : dep.getSpec().getTemplate(), dep.getMetadata());
            }
            case STATEFULSET -> {
                StatefulSet sts = serialization.convertValue(obj, StatefulSet.class);
                yield new Found(sts.getSpec() == null ? null : sts.getSpec().getTemplate(), sts.getMetadata());
            }
        };
        if (found.meta() == null || found.meta().getName() == null) return;
        String ns = found.meta().getNamespace();
        PodTemplateSpec template = found.template();
        String name = found.meta().getName();
        WorkloadRef ref = new WorkloadRef(wk.get(), ns == null || ns.isBlank() ? "default" : ns, name);
        if (template == null) throw new StepFailure(ref + " in the change has no spec.template");
        out.put(ref, template);
    }
}
