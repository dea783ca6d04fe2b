package io.blastwall.server;

import io.blastwall.core.BadInputException;
import io.blastwall.core.controlplane.AuthenticationException;
import io.blastwall.core.controlplane.OverloadedException;
import io.blastwall.core.controlplane.RefusedException;
import io.blastwall.core.lifecycle.IllegalTransitionException;
import io.blastwall.core.policy.PolicyEvaluationException;
import io.blastwall.core.rollout.MetricsUnavailableException;
import io.blastwall.core.store.AlreadyExistsException;
import io.blastwall.core.store.DuplicateApprovalException;
import io.blastwall.core.store.RecordNotFoundException;
import io.blastwall.core.store.StaleStateException;
import io.blastwall.core.store.StoreUnavailableException;
import io.javalin.http.HttpResponseException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * RFC 9457 problem details for every failure: {@code type}, {@code title}, {@code status}, {@code detail}, the request
 * path as {@code instance}, and extensions where they help ({@code problems} with places for bad input, {@code rule}
 * for a refusal). Unknown failures become a 500 whose detail carries only an error id to find the logged cause: no
 * stack trace, no internal message, leaves the server.
 *
 * <p>Stateless and thread-safe.
 */
final class Problems {

    static final String CONTENT_TYPE = "application/problem+json";
    static final String TYPE_BASE = "https://blastwall.io/problems/";

    /** A problem about to be sent; {@code headers} are added to the response. */
    record Problem(int status, Map<String, Object> body, Map<String, String> headers) {
        String type() { return String.valueOf(body.get("type")); }
    }

    /** A request the API refuses before it reaches the control plane (missing fields, bad query parameters). */
    static final class Invalid extends RuntimeException {
        final int status;
        final List<Map<String, Object>> problems;

        Invalid(int status, String detail, List<Map<String, Object>> problems) {
            super(detail);
            this.status = status;
            this.problems = List.copyOf(problems);
        }

        static Invalid field(String path, String message) {
            return new Invalid(422, "the request is not one the API can act on: " + path + " " + message,
                    List.of(place(null, 0, 0, path, message)));
        }

        static Invalid query(String name, String message) {
            return new Invalid(400, "query parameter " + name + ": " + message,
                    List.of(place(null, 0, 0, "?" + name, message)));
        }
    }

    /** The server is stopping (or the body is too large): a fixed problem. */
    static final class Fixed extends RuntimeException {
        final int status;
        final String slug;
        final String title;

        Fixed(int status, String slug, String title, String detail) {
            super(detail);
            this.status = status;
            this.slug = slug;
            this.title = title;
        }
    }

    private Problems() {
    }

    static Problem of(Throwable e, String instance, String errorId) {
        return switch (e) {
            case Json.BadRequestBody b -> problem(400, "invalid-request-body", "The request body is not what this endpoint accepts",
                    b.getMessage() + " (at " + b.path() + ")", instance, Map.of("problems", List.of(place(null, 0, 0, b.path(), b.getMessage()))));
            case Invalid v -> problem(v.status, v.status == 400 ? "invalid-query" : "invalid-request",
                    v.status == 400 ? "A query parameter is not valid" : "The request cannot be processed",
                    v.getMessage(), instance, Map.of("problems", v.problems));
            case BadInputException b -> {
                List<Map<String, Object>> ps = new ArrayList<>();
                for (BadInputException.Problem p : b.problems()) {
                    ps.add(place(p.where().file(), p.where().line(), p.where().column(), p.where().path(), p.message()));
                }
                yield problem(400, "bad-input", "A submitted document cannot be read",
                        b.problems().size() == 1 ? b.problems().getFirst().toString()
                                : b.problems().size() + " problems; the first: " + b.problems().getFirst(),
                        instance, Map.of("problems", ps));
            }
            case PolicyEvaluationException p -> problem(422, "policy-evaluation-failed",
                    "A policy could not be evaluated, so the change is refused",
                    p.getMessage() + " (Blastwall fails closed: fix the policy or the change, then submit again)", instance, Map.of());
            case AuthenticationException a -> new Problem(401, body(401, "unauthenticated", "Not authenticated", a.getMessage(),
                    instance, Map.of()), Map.of("WWW-Authenticate", "Bearer realm=\"blastwall\", error=\"invalid_token\""));
            case RefusedException r -> switch (r.kind()) {
                case FORBIDDEN -> problem(403, "forbidden", "Not allowed", r.getMessage(), instance, Map.of("rule", r.rule()));
                case STALE -> problem(409, "stale", "The request names something that has changed", r.getMessage(), instance,
                        Map.of("rule", r.rule()));
                case NOT_FOUND -> problem(404, "not-found", "Not found", r.getMessage(), instance, Map.of());
            };
            case RecordNotFoundException n -> problem(404, "not-found", "Not found",
                    "no " + n.kind() + " " + n.id() + " exists", instance, Map.of());
            case IllegalTransitionException t -> problem(409, "illegal-transition", "The change cannot do that in its current state",
                    t.getMessage(), instance, Map.of("state", t.from().externalName(), "trigger", t.trigger().externalName()));
            case StaleStateException s -> problem(409, "concurrent-modification", "Another request changed this first",
                    s.getMessage(), instance, Map.of());
            case DuplicateApprovalException d -> problem(409, "duplicate-decision", "This person has already decided",
                    d.getMessage(), instance, Map.of("rule", "once-per-person"));
            case AlreadyExistsException a -> problem(409, "already-exists", "Already exists", a.getMessage(), instance, Map.of());
            case StoreUnavailableException s -> new Problem(503, body(503, "store-unavailable",
                    "The database is unavailable, so nothing can be changed",
                    s.getMessage() + ". Blastwall fails closed: no change is accepted or approved until the database is back.",
                    instance, Map.of()), Map.of("Retry-After", "5"));
            case OverloadedException o -> new Problem(503, body(503, "overloaded", "The server is too busy to take this now",
                    o.getMessage() + ".", instance, Map.of()), Map.of("Retry-After", "5"));
            case MetricsUnavailableException m -> new Problem(503, body(503, "metrics-unavailable",
                    "The metrics source is unavailable", m.getMessage() + ". No samples can be shown, and no wave is promoted"
                            + " on missing data.", instance, Map.of()), Map.of("Retry-After", "5"));
            case Fixed f -> problem(f.status, f.slug, f.title, f.getMessage(), instance, Map.of());
            case HttpResponseException h -> switch (h.getStatus()) {
                case 404 -> problem(404, "not-found", "Not found", "no endpoint " + instance + "; see /openapi.json", instance, Map.of());
                case 405 -> problem(405, "method-not-allowed", "Method not allowed", h.getMessage(), instance, Map.of());
                case 413 -> tooLarge(instance, -1);
                default -> problem(h.getStatus(), "http-" + h.getStatus(), h.getMessage(), h.getMessage(), instance, Map.of());
            };
            default -> problem(500, "internal-error", "Internal error", "an unexpected error occurred and was logged with id "
                    + errorId + "; nothing of this request was committed unless the response of a later read shows it",
                    instance, Map.of("errorId", errorId));
        };
    }

    static Problem tooLarge(String instance, long limit) {
        return problem(413, "body-too-large", "The request body is too large",
                "the request body exceeds the limit" + (limit > 0 ? " of " + limit + " bytes" : "")
                        + "; send smaller documents or raise --max-body on the server", instance, Map.of());
    }

    static Problem problem(int status, String slug, String title, String detail, String instance, Map<String, Object> ext) {
        return new Problem(status, body(status, slug, title, detail, instance, ext), Map.of());
    }

    private static Map<String, Object> body(int status, String slug, String title, String detail, String instance,
                                            Map<String, Object> ext) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", TYPE_BASE + slug);
        m.put("title", title);
        m.put("status", status);
        m.put("detail", detail);
        m.put("instance", instance);
        m.putAll(ext);
        return m;
    }

    static Map<String, Object> place(String file, int line, int column, String path, String message) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (file != null && !file.isEmpty()) m.put("file", file);
        if (line > 0) m.put("line", line);
        if (column > 0) m.put("column", column);
        if (path != null && !path.isEmpty()) m.put("path", path);
        m.put("message", message);
        return m;
    }
}
