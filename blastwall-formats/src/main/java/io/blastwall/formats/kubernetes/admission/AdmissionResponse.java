package io.blastwall.formats.kubernetes.admission;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A webhook's answer to one admission request, rendered as the {@code AdmissionReview} the API server expects: same
 * {@code apiVersion} as the request, the request's {@code uid}, {@code allowed}, a {@code status} with code and
 * message (shown to the user by kubectl on a denial), and {@code warnings} (shown on success too; the API server
 * truncates each to 120 characters and drops them past 4 KiB in all, so they are kept short).
 *
 * @param apiVersion the request's review version
 * @param uid        the request's uid
 * @param allowed    whether the request may proceed
 * @param code       HTTP-style status code for the user (200, 403 …)
 * @param reason     a machine-readable reason ({@code Forbidden}); empty when allowed
 * @param message    why, for a human
 * @param warnings   warnings to show, at most a few
 *
 * <p>Immutable.
 */
public record AdmissionResponse(String apiVersion, String uid, boolean allowed, int code, String reason, String message,
                                List<String> warnings) {

    /** The longest warning the API server shows whole. */
    public static final int MAX_WARNING = 120;

    public AdmissionResponse {
        Objects.requireNonNull(apiVersion, "apiVersion");
        Objects.requireNonNull(uid, "uid");
        reason = reason == null ? "" : reason;
        message = message == null ? "" : message;
        warnings = warnings == null ? List.of() : warnings.stream().map(AdmissionResponse::shorten).toList();
    }

    /** The review to send back, as a JSON-ready tree. */
    public Map<String, Object> toReview() {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("code", (long) code);
        if (!allowed) status.put("status", "Failure");
        if (!reason.isEmpty()) status.put("reason", reason);
        if (!message.isEmpty()) status.put("message", message);
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("uid", uid);
        response.put("allowed", allowed);
        response.put("status", status);
        if (!warnings.isEmpty()) response.put("warnings", warnings);
        Map<String, Object> review = new LinkedHashMap<>();
        review.put("apiVersion", apiVersion);
        review.put("kind", "AdmissionReview");
        review.put("response", response);
        return review;
    }

    private static String shorten(String w) {
        String s = w == null ? "" : w.strip().replace('\n', ' ');
        return s.length() <= MAX_WARNING ? s : s.substring(0, MAX_WARNING - 1) + "…";
    }
}
