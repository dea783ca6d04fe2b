package io.blastwall.formats.kubernetes.admission;

import io.blastwall.core.BadInputException;
import io.blastwall.core.change.Action;
import io.blastwall.core.change.ActionKind;
import io.blastwall.core.change.Change;
import io.blastwall.core.change.Provenance;
import io.blastwall.core.change.ResourceRef;
import io.blastwall.core.change.Scope;
import io.blastwall.formats.doc.LineMaps;
import io.blastwall.formats.doc.LocatedDocument;
import io.blastwall.formats.kubernetes.KubernetesManifestReader;
import io.blastwall.formats.kubernetes.admission.AdmissionRequest.Operation;
import io.blastwall.formats.terraform.ValuePaths;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns an admission request into Blastwall's change for the one object it touches, with the Kubernetes manifest
 * reader's rules: a CREATE is a {@code Create}; an UPDATE compares {@code object} with {@code oldObject} and becomes
 * {@code Scale}, {@code Config}, {@code Update} or {@code NoOp} actions; a DELETE is a {@code Delete}; an UPDATE of the
 * {@code scale} subresource is a {@code Scale} of the parent object. Every action of a CREATE or UPDATE carries the
 * object's {@link io.blastwall.formats.kubernetes.ObjectDigest}, like the actions of a submitted manifest.
 * A CONNECT ({@code exec}, {@code attach}, {@code port-forward}) changes no object and has no change.
 *
 * <p>Stateless and thread-safe.
 */
public final class AdmissionChanges {

    /** Parent kinds of the resources with a {@code scale} subresource built into Kubernetes. */
    private static final Map<String, String> SCALABLE = Map.of("deployments", "Deployment", "statefulsets", "StatefulSet",
            "replicasets", "ReplicaSet", "replicationcontrollers", "ReplicationController");

    private AdmissionChanges() {
    }

    /**
     * The change the request makes, authored by {@code author}; empty for CONNECT and for subresources other than
     * {@code scale} (status writes and the like are not changes an author makes).
     *
     * @throws BadInputException naming the JSON path ({@code $.request.object…}) when the object cannot be read
     */
    public static Optional<Change> of(AdmissionRequest r, Provenance author) {
        return build(r, author, true);
    }

    /**
     * Like {@link #of} but without comparing a written object with the old one: a CREATE or UPDATE is one
     * {@code Create} action carrying the digest, which is all an agent's write is checked by (half the work).
     */
    public static Optional<Change> written(AdmissionRequest r) {
        return build(r, Provenance.UNKNOWN, false);
    }

    private static Optional<Change> build(AdmissionRequest r, Provenance author, boolean compare) {
        Change c = switch (r.operation()) {
            case CONNECT -> null;
            case CREATE, UPDATE -> {
                if (r.subResource().equals("scale")) yield scale(r);
                if (!r.subResource().isEmpty()) yield null;
                LocatedDocument obj = object(r, "object", r.object().orElseThrow());
                List<LocatedDocument> current = compare && r.operation() == Operation.UPDATE
                        ? List.of(object(r, "oldObject", r.oldObject().orElseThrow())) : List.of();
                yield located("object", () -> KubernetesManifestReader.read(List.of(obj), Optional.of(current), false));
            }
            case DELETE -> {
                if (!r.subResource().isEmpty()) yield null;
                LocatedDocument old = r.oldObject().isPresent() ? object(r, "oldObject", r.oldObject().get())
                        : new LocatedDocument(r.document().file(), 0, minimal(r), Map.of());
                yield located("oldObject", () -> KubernetesManifestReader.deletion(List.of(old),
                        "DELETE by " + r.user().username()));
            }
        };
        if (c == null) return Optional.empty();
        String title = r.operation() + " " + r.address() + (r.subResource().isEmpty() ? "" : "/" + r.subResource())
                + " by " + r.user().username();
        return Optional.of(new Change(c.source(), title, author, c.actions(), Scope.UNSPECIFIED, c.hash(), c.notes(), c.labels()));
    }

    /** {@code autoscaling/v1 Scale} objects: only {@code spec.replicas} moves. */
    private static Change scale(AdmissionRequest r) {
        long to = replicas(r, r.object().orElseThrow(), "object");
        long from = r.oldObject().map(o -> replicas(r, o, "oldObject")).orElse(to);
        String kind = SCALABLE.getOrDefault(r.resource().resource(), r.resource().resource());
        String apiVersion = r.resource().group().isEmpty() ? r.resource().version() : r.resource().group() + "/" + r.resource().version();
        String address = r.namespace().isEmpty() ? kind + "/" + r.name() : kind + "/" + r.namespace() + "/" + r.name();
        ActionKind k = from == to ? new ActionKind.NoOp() : new ActionKind.Scale(from, to, "spec.replicas");
        Action a = new Action(address, kind, new ResourceRef.Kubernetes(apiVersion, kind, r.namespace(), r.name(), Map.of()),
                k, "scale subresource", List.of(), Map.of(), r.document().at("$.request.object.spec.replicas"));
        return new Change(KubernetesManifestReader.SOURCE, "", Provenance.UNKNOWN, List.of(a), Scope.UNSPECIFIED,
                Change.contentHash(KubernetesManifestReader.SOURCE, Map.of("scale", address, "from", from, "to", to)),
                List.of(), Map.of());
    }

    private static long replicas(AdmissionRequest r, Map<String, Object> scale, String which) {
        Object spec = scale.get("spec");
        Object v = spec instanceof Map<?, ?> m ? m.get("replicas") : null;
        var n = v == null ? java.util.OptionalLong.of(0) : ValuePaths.wholeNumber(v);
        if (n.isEmpty() || n.getAsLong() < 0) {
            throw new BadInputException(r.document().at("$.request." + which + ".spec.replicas"),
                    "expected a whole number >= 0 of replicas");
        }
        return n.getAsLong();
    }

    /** The deleted object as far as the request names it, for API servers that send no oldObject. */
    private static Map<String, Object> minimal(AdmissionRequest r) {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("name", r.name());
        if (!r.namespace().isEmpty()) meta.put("namespace", r.namespace());
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("apiVersion", r.kind().apiVersion());
        o.put("kind", r.kind().kind());
        o.put("metadata", meta);
        return o;
    }

    /** The object as a document of its own, its lines those of the review (a view: looked up only on errors). */
    private static LocatedDocument object(AdmissionRequest r, String field, Map<String, Object> obj) {
        return new LocatedDocument(r.document().file(), 0, obj, LineMaps.under(r.document().lines(), "$.request." + field));
    }

    /** Runs a reader on an object taken out of the review, putting the review's path back into its messages. */
    private static Change located(String field, java.util.function.Supplier<Change> read) {
        try {
            return read.get();
        } catch (BadInputException e) {
            List<BadInputException.Problem> out = new ArrayList<>();
            for (BadInputException.Problem p : e.problems()) {
                String path = p.where().path();
                String full = path.startsWith("$") ? "$.request." + field + path.substring(1) : path;
                out.add(new BadInputException.Problem(p.where().withPath(full),
                        p.message().replaceFirst("^document 1: ", "")));
            }
            throw new BadInputException(out);
        }
    }
}
