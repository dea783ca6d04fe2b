package io.blastwall.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A small client for the control plane's HTTP API ({@code /api/v1}, docs/api.md) over {@code java.net.http}.
 * Every call sends {@code Authorization: Bearer <token>}; the token is held only in this object and is never part
 * of a message, an exception or {@link #toString()}.
 *
 * <p>A 2xx answer is returned as a {@link Reply} (status, raw body, parsed JSON when it is JSON). Anything else
 * throws a {@link ClientFailure}: {@link ClientFailure.Problem} for an HTTP error answer (the RFC 9457 problem when
 * the server sent one), {@link ClientFailure.Unreachable} when no answer came at all.
 *
 * <p>Immutable and thread-safe (the underlying {@link HttpClient} is).
 */
public final class ApiClient {

    /** An answer with a 2xx status: the raw body (passed through by {@code --format json}) and its JSON tree. */
    public record Reply(int status, String body, JsonNode json, String location) {
    }

    /** One document to submit: its name (shown in problems and the attribution report) and its text. */
    public record Document(String name, String content) {
        public Document {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(content, "content");
        }
    }

    /** What {@code submit} sends; {@code null} fields are left out of the request body. */
    public record Submission(String title, String format, List<Document> documents, String sessionId, String promptHash) {
        public Submission {
            documents = List.copyOf(documents);
        }
    }

    static final ObjectMapper JSON = new ObjectMapper();

    private final URI server;
    private final String token;
    private final Duration timeout;
    private final HttpClient http;

    /**
     * @param server  the server's base URL, e.g. {@code http://127.0.0.1:8080} (a trailing slash is ignored)
     * @param token   the bearer credential; never printed
     * @param timeout how long to wait to connect and for each answer
     */
    public ApiClient(URI server, String token, Duration timeout) {
        String s = server.toString();
        this.server = URI.create(s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
        this.token = Objects.requireNonNull(token, "token");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** The server's base URL, without a trailing slash. */
    public URI server() {
        return server;
    }

    /** The absolute URL of a change: {@code SERVER/api/v1/changes/ID}. */
    public String changeUrl(String id) {
        return server + "/api/v1/changes/" + enc(id);
    }

    public Reply submit(Submission s) {
        ObjectNode body = JSON.createObjectNode();
        if (s.title() != null) body.put("title", s.title());
        if (s.format() != null) body.put("format", s.format());
        var docs = body.putArray("documents");
        for (Document d : s.documents()) docs.addObject().put("name", d.name()).put("content", d.content());
        if (s.sessionId() != null) body.put("sessionId", s.sessionId());
        if (s.promptHash() != null) body.put("promptHash", s.promptHash());
        return post("/api/v1/changes", body);
    }

    public Reply change(String id) {
        return send(request("/api/v1/changes/" + enc(id)).GET().build());
    }

    public Reply approve(String id, int revision, String contentHash, String comment) {
        return post("/api/v1/changes/" + enc(id) + "/approvals", decision(revision, contentHash, comment));
    }

    public Reply reject(String id, int revision, String contentHash, String comment) {
        return post("/api/v1/changes/" + enc(id) + "/rejections", decision(revision, contentHash, comment));
    }

    public Reply withdraw(String id, String reason) {
        ObjectNode body = JSON.createObjectNode();
        if (reason != null) body.put("reason", reason);
        return post("/api/v1/changes/" + enc(id) + "/withdraw", body);
    }

    /** The attribution report: JSON, or the server's plain text when {@code text}. */
    public Reply attribution(String id, boolean text) {
        return send(request("/api/v1/changes/" + enc(id) + "/attribution" + (text ? "?format=text" : ""))
                .header("Accept", text ? "text/plain" : "application/json").GET().build());
    }

    /** GET of any API path ({@code /api/v1/…}), for calls without a dedicated method. */
    public Reply get(String path) {
        return send(request(path).GET().build());
    }

    /** POST of a JSON body to any API path ({@code /api/v1/…}). */
    public Reply post(String path, JsonNode body) {
        return send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8)).build());
    }

    /** Starts a rollout of an approved change. */
    public Reply startRollout(String changeId) {
        ObjectNode body = JSON.createObjectNode();
        body.put("changeId", changeId);
        return post("/api/v1/rollouts", body);
    }

    public Reply rollout(String id) {
        return send(request("/api/v1/rollouts/" + enc(id)).GET().build());
    }

    /** Active rollouts, or all of them. */
    public Reply rollouts(boolean all) {
        return send(request("/api/v1/rollouts" + (all ? "?state=all" : "")).GET().build());
    }

    /**
     * An operator command on a rollout: {@code pause}, {@code resume}, {@code abort}, {@code promote} or
     * {@code rollback}, with an optional text sent as {@code field} ({@code reason} or {@code comment}).
     */
    public Reply rolloutCommand(String id, String command, String field, String text) {
        ObjectNode body = JSON.createObjectNode();
        if (text != null && field != null) body.put(field, text);
        return post("/api/v1/rollouts/" + enc(id) + "/" + command, body);
    }

    /** Pulls the emergency stop: every running rollout halts. */
    public Reply emergencyStop(String reason) {
        ObjectNode body = JSON.createObjectNode();
        body.put("reason", reason);
        return post("/api/v1/emergency-stop", body);
    }

    /** Clears the emergency stop (admin). */
    public Reply clearEmergencyStop(String reason) {
        ObjectNode body = JSON.createObjectNode();
        if (reason != null) body.put("reason", reason);
        return send(request("/api/v1/emergency-stop").header("Content-Type", "application/json")
                .method("DELETE", HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8)).build());
    }

    @Override
    public String toString() {
        return "ApiClient[" + server + "]"; // never the token
    }

    private static ObjectNode decision(int revision, String contentHash, String comment) {
        ObjectNode body = JSON.createObjectNode();
        body.put("revision", revision);
        body.put("contentHash", contentHash);
        if (comment != null) body.put("comment", comment);
        return body;
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(server + path)).timeout(timeout)
                .header("Accept", "application/json")
                .header("Authorization", "Bearer " + token)
                .header("User-Agent", "blastwall-cli");
    }

    private Reply send(HttpRequest req) {
        HttpResponse<String> res;
        try {
            res = http.send(req, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpConnectTimeoutException e) {
            throw new ClientFailure.Unreachable(server, "no connection within " + timeout.toSeconds() + " s");
        } catch (HttpTimeoutException e) {
            throw new ClientFailure.Unreachable(server, "no answer within " + timeout.toSeconds() + " s");
        } catch (ConnectException e) {
            throw new ClientFailure.Unreachable(server, "connection refused (is `blastwall serve` running there?)");
        } catch (IOException e) {
            throw new ClientFailure.Unreachable(server, describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClientFailure.Unreachable(server, "interrupted while waiting for the answer");
        } catch (IllegalArgumentException e) {
            throw new ClientFailure.Unreachable(server, "not a usable URL: " + e.getMessage());
        }
        String body = res.body() == null ? "" : res.body();
        String type = res.headers().firstValue("content-type").orElse("");
        JsonNode json = null;
        if (type.contains("json") && !body.isBlank()) {
            try {
                json = JSON.readTree(body);
            } catch (IOException e) {
                json = null; // reported below when it matters
            }
        }
        if (res.statusCode() / 100 == 2) {
            if (type.contains("json") && json == null) {
                throw new ClientFailure.Unreachable(server, "answered " + res.statusCode() + " with a body that is not JSON");
            }
            return new Reply(res.statusCode(), body, json, res.headers().firstValue("location").orElse(null));
        }
        throw new ClientFailure.Problem(server, res.statusCode(), json != null && json.isObject() ? json : null, body);
    }

    private static String describe(IOException e) {
        // the JDK wraps the useful cause (e.g. UnresolvedAddressException) without a message of its own
        Throwable t = e;
        while (t.getMessage() == null && t.getCause() != null) t = t.getCause();
        String m = t.getMessage();
        return (m == null ? t.getClass().getSimpleName() : m);
    }

    private static String enc(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
