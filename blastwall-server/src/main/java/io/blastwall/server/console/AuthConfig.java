package io.blastwall.server.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.blastwall.server.Json;
import io.blastwall.server.ServerContext;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code GET /api/v1/auth/config} (public): what the console needs to offer OIDC sign-in: issuer, client id, scope
 * and the authorization and token endpoints read from the issuer's discovery document. Nothing secret: the console
 * is a public client. Without OIDC configured the answer is {@code {"oidc": null}} (sign in with a token). When the
 * discovery document cannot be read the answer is 503 problem+json saying so, and the console offers token sign-in.
 *
 * <p>The server reads the discovery document (not the browser: it needs no CORS at the issuer for it) on first use and
 * keeps the first good answer. Thread-safe.
 */
final class AuthConfig {

    /** The endpoints found by discovery. Immutable. */
    record Endpoints(String authorization, String token) {
        /** The token endpoint's origin, which the console's Content-Security-Policy must let it connect to. */
        String tokenOrigin() {
            URI u = URI.create(token);
            return u.getScheme() + "://" + u.getRawAuthority();
        }
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final Optional<OidcClient> client;
    private final AtomicReference<Endpoints> found = new AtomicReference<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    AuthConfig(Optional<OidcClient> client) {
        this.client = client;
    }

    void register(ServerContext s) {
        s.route(HandlerType.GET, "/api/v1/auth/config", ServerContext.Access.PUBLIC, this::get);
    }

    private void get(Context ctx) {
        if (client.isEmpty()) {
            Map<String, Object> none = new LinkedHashMap<>();
            none.put("oidc", null);
            ctx.status(200).contentType("application/json").result(Json.write(none, false));
            return;
        }
        OidcClient c = client.get();
        Endpoints e;
        try {
            e = endpoints();
        } catch (DiscoveryException x) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("type", "https://blastwall.io/problems/oidc-discovery-failed");
            p.put("title", "The OIDC issuer's discovery document cannot be read");
            p.put("status", 503);
            p.put("detail", x.getMessage() + "; sign in with an API token meanwhile");
            p.put("instance", ctx.path());
            ctx.status(503).header("Retry-After", "30").contentType("application/problem+json").result(Json.write(p, false));
            return;
        }
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("issuer", c.issuer());
        o.put("clientId", c.clientId());
        o.put("scope", c.scope());
        o.put("authorizationEndpoint", e.authorization());
        o.put("tokenEndpoint", e.token());
        ctx.status(200).contentType("application/json").result(Json.write(Map.of("oidc", o), false));
    }

    /** The endpoints, if discovery has succeeded (without trying it): what the page's CSP can name. */
    Optional<Endpoints> known() {
        if (client.isPresent() && found.get() == null) {
            try {
                endpoints();
            } catch (DiscoveryException ignored) {
                // the page still loads; /auth/config will say what is wrong
            }
        }
        return Optional.ofNullable(found.get());
    }

    Endpoints endpoints() {
        Endpoints e = found.get();
        if (e != null) return e;
        OidcClient c = client.orElseThrow();
        URI at = c.discoveryUri();
        HttpResponse<String> resp;
        try {
            resp = http.send(HttpRequest.newBuilder(at).timeout(Duration.ofSeconds(5)).header("Accept", "application/json").build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException x) {
            throw new DiscoveryException(at + " is unreachable: " + x);
        } catch (InterruptedException x) {
            Thread.currentThread().interrupt();
            throw new DiscoveryException(at + ": interrupted");
        }
        if (resp.statusCode() != 200) throw new DiscoveryException(at + " answered HTTP " + resp.statusCode() + ", expected 200");
        JsonNode d;
        try {
            d = MAPPER.readTree(resp.body());
        } catch (IOException x) {
            throw new DiscoveryException(at + " is not JSON: " + x.getMessage());
        }
        if (!c.issuer().equals(d.path("issuer").asText())) {
            throw new DiscoveryException(at + " names the issuer '" + d.path("issuer").asText() + "', expected '" + c.issuer() + "'");
        }
        e = new Endpoints(url(d, "authorization_endpoint", at), url(d, "token_endpoint", at));
        found.compareAndSet(null, e);
        return found.get();
    }

    private static String url(JsonNode d, String field, URI at) {
        String v = d.path(field).asText("");
        URI u;
        try {
            u = URI.create(v);
        } catch (IllegalArgumentException x) {
            throw new DiscoveryException(at + ": $." + field + " is not a URL: '" + v + "'");
        }
        // the token endpoint's origin goes into a Content-Security-Policy: a plain host and port only
        if (!"https".equals(u.getScheme()) && !"http".equals(u.getScheme()) || u.getRawAuthority() == null
                || !u.getRawAuthority().matches("[A-Za-z0-9.\\-]+(:[0-9]+)?")) {
            throw new DiscoveryException(at + ": $." + field + " must be an http(s) URL, was '" + v + "'");
        }
        return v;
    }

    static final class DiscoveryException extends RuntimeException {
        DiscoveryException(String message) {
            super(message);
        }
    }
}
