package io.blastwall.formats.kubernetes.admission;

import io.blastwall.formats.doc.LocatedDocument;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One admission request as the Kubernetes API server sends it to a validating webhook, read from an
 * {@code AdmissionReview} of {@code admission.k8s.io/v1} or {@code v1beta1} (the two carry the same request fields).
 *
 * @param apiVersion   the review's version; the response must be in the same one
 * @param uid          the request's uid; the response must carry it
 * @param kind         the kind of the object ({@code apps/v1 Deployment}; {@code autoscaling/v1 Scale} for the
 *                     scale subresource)
 * @param resource     the resource ({@code apps/v1 deployments})
 * @param subResource  the subresource ({@code scale}, {@code status}), empty for the object itself
 * @param namespace    the namespace, empty for cluster-scoped objects
 * @param name         the object's name (empty on a CREATE with {@code generateName})
 * @param operation    what is being done
 * @param user         who is doing it
 * @param object       the object after the operation (CREATE, UPDATE), as the API server will store it
 * @param oldObject    the object before the operation (UPDATE, DELETE)
 * @param dryRun       true when nothing will be persisted
 * @param document     the parsed review, for locating values (paths start {@code $.request})
 *
 * <p>Immutable in use: the object trees are never modified by Blastwall.
 */
public record AdmissionRequest(String apiVersion, String uid, GroupVersionKind kind, GroupVersionResource resource,
                               String subResource, String namespace, String name, Operation operation, UserInfo user,
                               Optional<Map<String, Object>> object, Optional<Map<String, Object>> oldObject,
                               boolean dryRun, LocatedDocument document) {

    public AdmissionRequest {
        Objects.requireNonNull(apiVersion, "apiVersion");
        Objects.requireNonNull(uid, "uid");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(resource, "resource");
        subResource = subResource == null ? "" : subResource;
        namespace = namespace == null ? "" : namespace;
        name = name == null ? "" : name;
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(object, "object");
        Objects.requireNonNull(oldObject, "oldObject");
        Objects.requireNonNull(document, "document");
    }

    /** The admission operations. */
    public enum Operation { CREATE, UPDATE, DELETE, CONNECT }

    /** {@code group/version kind}; group empty for the core group. */
    public record GroupVersionKind(String group, String version, String kind) {
        public String apiVersion() {
            return group.isEmpty() ? version : group + "/" + version;
        }
    }

    /** {@code group/version resource}; group empty for the core group. */
    public record GroupVersionResource(String group, String version, String resource) {
    }

    /**
     * The authenticated user the API server acts for.
     *
     * @param username {@code jane}, {@code system:serviceaccount:ns:name}
     * @param uid      the user's uid, may be empty
     * @param groups   the user's groups
     * @param extra    further attributes the authenticator attached
     */
    public record UserInfo(String username, String uid, List<String> groups, Map<String, List<String>> extra) {
        public UserInfo {
            username = username == null ? "" : username;
            uid = uid == null ? "" : uid;
            groups = groups == null ? List.of() : List.copyOf(groups);
            extra = extra == null ? Map.of() : Map.copyOf(extra);
        }
    }

    /** {@code Kind/namespace/name} or {@code Kind/name}, as Blastwall addresses Kubernetes objects. */
    public String address() {
        return namespace.isEmpty() ? kind.kind() + "/" + name : kind.kind() + "/" + namespace + "/" + name;
    }

    /** The object that carries the annotations that count: the new one, or the old one for a DELETE. */
    public Optional<Map<String, Object>> subject() {
        return operation == Operation.DELETE ? oldObject : object;
    }
}
