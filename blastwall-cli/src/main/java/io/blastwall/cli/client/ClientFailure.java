package io.blastwall.cli.client;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.URI;

/**
 * Why a call to the control plane did not succeed: the server answered with an error ({@link Problem}), or no
 * answer came ({@link Unreachable}). Messages name the server and never contain the credential. Immutable.
 */
public abstract sealed class ClientFailure extends RuntimeException permits ClientFailure.Problem, ClientFailure.Unreachable {

    private final URI server;

    private ClientFailure(URI server, String message) {
        super(message, null, false, false); // no stack trace: these are reported as messages, never as traces
        this.server = server;
    }

    public URI server() {
        return server;
    }

    /**
     * The server answered with a non-2xx status. {@code problem} is the RFC 9457 body when the server sent one
     * (else null, and {@code body} is whatever came).
     */
    public static final class Problem extends ClientFailure {
        private final int status;
        private final transient JsonNode problem;
        private final String body;

        public Problem(URI server, int status, JsonNode problem, String body) {
            super(server, server + " answered " + status + (problem != null && problem.hasNonNull("detail")
                    ? ": " + problem.get("detail").asText() : ""));
            this.status = status;
            this.problem = problem;
            this.body = body;
        }

        public int status() {
            return status;
        }

        /** The problem+json body, or null when the answer was not one. */
        public JsonNode problem() {
            return problem;
        }

        public String body() {
            return body;
        }

        /** The last segment of the problem {@code type} ({@code stale}, {@code forbidden}, …), or {@code http-STATUS}. */
        public String slug() {
            if (problem != null && problem.hasNonNull("type")) {
                String t = problem.get("type").asText();
                return t.substring(t.lastIndexOf('/') + 1);
            }
            return "http-" + status;
        }

        /** A 4xx: the request (credential, input or state) is what must change. */
        public boolean clientError() {
            return status >= 400 && status < 500;
        }
    }

    /** No HTTP answer: connection refused, unknown host, timeout. */
    public static final class Unreachable extends ClientFailure {
        public Unreachable(URI server, String why) {
            super(server, "cannot reach the Blastwall server at " + server + ": " + why);
        }
    }
}
