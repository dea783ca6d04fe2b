package io.blastwall.formats.kubernetes.admission;

import io.blastwall.core.BadInputException;
import io.blastwall.core.SourceLocation;
import io.blastwall.formats.doc.Documents;
import io.blastwall.formats.doc.Fields;
import io.blastwall.formats.doc.LocatedDocument;
import io.blastwall.formats.kubernetes.admission.AdmissionRequest.GroupVersionKind;
import io.blastwall.formats.kubernetes.admission.AdmissionRequest.GroupVersionResource;
import io.blastwall.formats.kubernetes.admission.AdmissionRequest.Operation;
import io.blastwall.formats.kubernetes.admission.AdmissionRequest.UserInfo;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads an {@code AdmissionReview} request ({@code admission.k8s.io/v1} or {@code v1beta1}, JSON as the API server
 * sends it). Whatever is wrong is reported as one {@link BadInputException} naming the JSON path
 * ({@code $.request.object}, {@code $.request.uid} …) and what was expected; when the review's version and uid could
 * be read before the problem was found, they come with it ({@link Parsed.Invalid}) so the caller can still answer the
 * API server in its own terms.
 *
 * <p>Stateless and thread-safe.
 */
public final class AdmissionReviews {

    /** The review versions understood. */
    public static final List<String> VERSIONS = List.of("admission.k8s.io/v1", "admission.k8s.io/v1beta1");

    private static final java.util.regex.Pattern HEAD_VERSION = java.util.regex.Pattern.compile("\"apiVersion\"\\s*:\\s*\"(admission\\.k8s\\.io/v1(?:beta1)?)\"");
    private static final java.util.regex.Pattern HEAD_UID = java.util.regex.Pattern.compile("\"request\"\\s*:\\s*\\{\\s*\"uid\"\\s*:\\s*\"([^\"\\\\]+)\"");

    private AdmissionReviews() {
    }

    /** The outcome of reading a review. */
    public sealed interface Parsed {
        /** A well-formed request. */
        record Valid(AdmissionRequest request) implements Parsed {
        }

        /**
         * A review that cannot be acted on.
         *
         * @param apiVersion the review's version when it was one of {@link #VERSIONS}, else empty
         * @param uid        the request's uid when it could be read, else empty
         * @param error      what is wrong, with its JSON path
         */
        record Invalid(String apiVersion, String uid, BadInputException error) implements Parsed {
        }
    }

    /**
     * Reads a review.
     *
     * @param name     a name for messages ({@code AdmissionReview})
     * @param text     the request body
     * @param maxChars the largest review accepted; Kubernetes stores objects up to about 1.5 MiB, so a few MiB is
     *                 plenty
     */
    public static Parsed read(String name, String text, long maxChars) {
        if (text.length() > maxChars) {
            // not parsed (that is the point of the limit): version and uid are looked for where the API server puts them
            String head = text.substring(0, (int) Math.min(text.length(), 4096));
            java.util.regex.Matcher v = HEAD_VERSION.matcher(head), u = HEAD_UID.matcher(head);
            String version = v.find() && VERSIONS.contains(v.group(1)) ? v.group(1) : "";
            return new Parsed.Invalid(version, version.isEmpty() || !u.find() ? "" : u.group(1), new BadInputException(SourceLocation.of(name, 0, "$.request.object"),
                    "the AdmissionReview is " + text.length() + " characters; the limit is " + maxChars
                            + " (Kubernetes objects are at most about 1.5 MiB)"));
        }
        LocatedDocument doc;
        try {
            // lines are found only when an error needs one: recording every value's line was ~10 % of the webhook's CPU
            List<LocatedDocument> docs = Documents.parseLinesOnDemand(name, text, Documents.Syntax.JSON);
            if (docs.isEmpty()) throw new BadInputException(SourceLocation.of(name, 0, "$"), "empty body; expected an AdmissionReview");
            doc = docs.getFirst();
        } catch (BadInputException e) {
            return new Parsed.Invalid("", "", e);
        }
        Fields f = new Fields(doc);
        String version = "";
        String uid = "";
        try {
            Map<String, Object> root = f.object(doc.root(), "$");
            Object v = root.get("apiVersion");
            if (!(v instanceof String s) || !VERSIONS.contains(s)) {
                throw f.error("$.apiVersion", "expected one of " + VERSIONS + ", found " + Fields.describe(v));
            }
            version = s;
            if (!"AdmissionReview".equals(root.get("kind"))) {
                throw f.error("$.kind", "expected AdmissionReview, found " + Fields.describe(root.get("kind")));
            }
            Object r = root.get("request");
            if (r == null) throw f.error("$.request", "missing: an AdmissionReview sent to a webhook carries a request");
            Map<String, Object> req = f.object(r, "$.request");
            uid = f.string(req, "uid", "$.request");
            return new Parsed.Valid(request(f, version, uid, req));
        } catch (BadInputException e) {
            return new Parsed.Invalid(version, uid, e);
        }
    }

    private static AdmissionRequest request(Fields f, String version, String uid, Map<String, Object> req) {
        String at = "$.request";
        Map<String, Object> k = f.object(required(f, req, "kind", at), at + ".kind");
        GroupVersionKind kind = new GroupVersionKind(f.optString(k, "group", at + ".kind").orElse(""),
                f.string(k, "version", at + ".kind"), f.string(k, "kind", at + ".kind"));
        Map<String, Object> res = f.object(required(f, req, "resource", at), at + ".resource");
        GroupVersionResource resource = new GroupVersionResource(f.optString(res, "group", at + ".resource").orElse(""),
                f.string(res, "version", at + ".resource"), f.string(res, "resource", at + ".resource"));
        String opText = f.string(req, "operation", at);
        Operation op;
        try {
            op = Operation.valueOf(opText.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw f.error(at + ".operation", "expected CREATE, UPDATE, DELETE or CONNECT, found '" + opText + "'");
        }
        UserInfo user = user(f, f.object(required(f, req, "userInfo", at), at + ".userInfo"));
        Optional<Map<String, Object>> object = optObject(f, req, "object");
        Optional<Map<String, Object>> old = optObject(f, req, "oldObject");
        if ((op == Operation.CREATE || op == Operation.UPDATE) && object.isEmpty()) {
            throw f.error(at + ".object", "missing: a " + op + " request carries the object being written");
        }
        if (op == Operation.UPDATE && old.isEmpty()) {
            throw f.error(at + ".oldObject", "missing: an UPDATE request carries the object as it was");
        }
        String subResource = f.optString(req, "subResource", at).orElse("");
        String namespace = f.optString(req, "namespace", at).orElse("");
        String name = f.optString(req, "name", at).orElse("");
        if (subResource.isEmpty()) {
            for (var e : List.of(Map.entry("object", object), Map.entry("oldObject", old))) {
                if (e.getValue().isPresent()) checkKind(f, kind, e.getValue().get(), at + "." + e.getKey());
            }
        }
        if (name.isEmpty() && object.isPresent() && object.get().get("metadata") instanceof Map<?, ?> m
                && m.get("name") instanceof String n) {
            name = n;
        }
        Object dry = req.get("dryRun");
        if (dry != null && !(dry instanceof Boolean)) throw f.error(at + ".dryRun", "expected true or false, found " + Fields.describe(dry));
        return new AdmissionRequest(version, uid, kind, resource, subResource, namespace, name, op, user, object, old,
                Boolean.TRUE.equals(dry), f.document());
    }

    /** The object must be of the kind the request names: anything else is not what the API server would send. */
    private static void checkKind(Fields f, GroupVersionKind kind, Map<String, Object> obj, String at) {
        Object k = obj.get("kind");
        Object v = obj.get("apiVersion");
        if (!(k instanceof String ks) || ks.isBlank()) {
            throw f.error(at + ".kind", "missing: the object must say its kind (" + kind.kind() + ")");
        }
        if (!ks.equals(kind.kind())) {
            throw f.error(at + ".kind", "the request is for kind " + kind.kind() + " but the object is a " + ks);
        }
        if (!(v instanceof String vs) || vs.isBlank()) {
            throw f.error(at + ".apiVersion", "missing: the object must say its apiVersion (" + kind.apiVersion() + ")");
        }
    }

    private static Object required(Fields f, Map<String, Object> obj, String key, String at) {
        Object v = obj.get(key);
        if (v == null) throw f.error(at + "." + key, "missing required field '" + key + "'");
        return v;
    }

    private static Optional<Map<String, Object>> optObject(Fields f, Map<String, Object> req, String key) {
        Object v = req.get(key);
        if (v == null) return Optional.empty();
        return Optional.of(f.object(v, "$.request." + key));
    }

    private static UserInfo user(Fields f, Map<String, Object> u) {
        String at = "$.request.userInfo";
        String username = f.optString(u, "username", at).orElse("");
        String uid = f.optString(u, "uid", at).orElse("");
        List<String> groups = strings(f, u.get("groups"), at + ".groups");
        Map<String, List<String>> extra = new LinkedHashMap<>();
        if (u.get("extra") != null) {
            for (Map.Entry<String, Object> e : f.object(u.get("extra"), at + ".extra").entrySet()) {
                extra.put(e.getKey(), strings(f, e.getValue(), at + ".extra." + e.getKey()));
            }
        }
        return new UserInfo(username, uid, groups, extra);
    }

    private static List<String> strings(Fields f, Object v, String at) {
        if (v == null) return List.of();
        List<String> out = new ArrayList<>();
        List<Object> l = f.list(v, at);
        for (int i = 0; i < l.size(); i++) {
            if (!(l.get(i) instanceof String s)) throw f.error(at + "[" + i + "]", "expected a string, found " + Fields.describe(l.get(i)));
            out.add(s);
        }
        return out;
    }
}
