package io.blastwall.server.mcp;

import io.blastwall.core.controlplane.Config;
import io.blastwall.core.policy.Effect;
import io.blastwall.core.policy.PolicySpec;
import io.blastwall.formats.output.AssessmentJson;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpStatelessServerFeatures.SyncResourceSpecification;
import io.modelcontextprotocol.server.McpStatelessSyncServer;
import io.modelcontextprotocol.spec.McpSchema;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import static io.blastwall.server.mcp.Schemas.props;

/**
 * The policies in force as read-only MCP resources: {@value #INDEX} lists them (id, description, scope, effect, where
 * defined, version) and {@code blastwall://policies/ID} is each policy's definition (its CEL match and condition,
 * effect with parameters, message, params and source location), both JSON. Resources only read; nothing here can alter
 * a policy.
 *
 * <p>The listed resources follow the configuration: {@link #sync} (called before each MCP request) re-registers them
 * when a reload installed another policy set. Each read answers from the configuration current at that moment.
 * Thread-safe.
 */
final class PolicyResources {

    static final String INDEX = "blastwall://policies";
    static final String PREFIX = INDEX + "/";
    private static final String JSON = "application/json";

    private final Supplier<Config> config;
    private final McpJsonMapper json;
    private Config registered;
    private final Set<String> uris = new HashSet<>();

    PolicyResources(Supplier<Config> config, McpJsonMapper json) {
        this.config = config;
        this.json = json;
    }

    /** Makes the server's resource list match the policies in force; cheap when nothing was reloaded. */
    synchronized void sync(McpStatelessSyncServer server) {
        Config c = config.get();
        if (c == registered) return;
        for (String uri : uris) server.removeResource(uri);
        uris.clear();
        server.addResource(new SyncResourceSpecification(McpSchema.Resource.builder().uri(INDEX).name("policies")
                .title("Policies in force").mimeType(JSON)
                .description("Every policy Blastwall evaluates changes against, with its effect and where it is defined")
                .build(), (ctx, req) -> read(INDEX, index(config.get()))));
        uris.add(INDEX);
        for (PolicySpec s : c.policies().specs()) {
            String uri = PREFIX + URLEncoder.encode(s.id(), StandardCharsets.UTF_8);
            String id = s.id();
            server.addResource(new SyncResourceSpecification(McpSchema.Resource.builder().uri(uri).name("policy " + id)
                    .title(id).mimeType(JSON).description(s.description().isEmpty() ? "policy " + id : s.description()).build(),
                    (ctx, req) -> read(uri, definition(config.get(), id))));
            uris.add(uri);
        }
        registered = c;
    }

    static Map<String, Object> index(Config c) {
        List<Object> ps = new ArrayList<>();
        for (PolicySpec s : c.policies().specs()) {
            ps.add(props("id", s.id(), "description", s.description(), "scope", s.scope().name().toLowerCase(Locale.ROOT),
                    "effect", AssessmentJson.effectName(s.effect()), "source", s.where().toString(),
                    "uri", PREFIX + URLEncoder.encode(s.id(), StandardCharsets.UTF_8)));
        }
        return props("version", c.policyVersion(), "count", ps.size(), "sources", c.policySources(), "policies", ps);
    }

    /** One policy's definition as written; a policy that a reload removed is reported as such. */
    static Map<String, Object> definition(Config c, String id) {
        for (PolicySpec s : c.policies().specs()) {
            if (!s.id().equals(id)) continue;
            return props("id", s.id(), "description", s.description(), "scope", s.scope().name().toLowerCase(Locale.ROOT),
                    "match", s.match(), "condition", s.condition(), "effect", effect(s.effect()), "message", s.message(),
                    "messageExpression", s.messageExpression(), "params", s.params(), "source", s.where().toString(),
                    "policyVersion", c.policyVersion());
        }
        return props("id", id, "removed", true, "policyVersion", c.policyVersion(),
                "detail", "no policy '" + id + "' is in force any more (the policies were reloaded); read " + INDEX);
    }

    private static Map<String, Object> effect(Effect e) {
        Map<String, Object> m = props("kind", AssessmentJson.effectName(e));
        switch (e) {
            case Effect.Deny d -> { }
            case Effect.Warn w -> { }
            case Effect.RequireApproval r -> {
                m.put("count", r.count());
                m.put("roles", r.roles());
                m.put("independentOfAuthor", r.independentOfAuthor());
            }
            case Effect.RequireProgressiveRollout r -> {
                m.put("minWaves", r.minWaves());
                m.put("bakeTimeSeconds", r.bakeTime().toSeconds());
                m.put("maxShareAtOnce", r.maxShareAtOnce());
            }
        }
        return m;
    }

    private McpSchema.ReadResourceResult read(String uri, Map<String, Object> body) {
        try {
            return new McpSchema.ReadResourceResult(List.of(new McpSchema.TextResourceContents(uri, JSON, json.writeValueAsString(body))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
