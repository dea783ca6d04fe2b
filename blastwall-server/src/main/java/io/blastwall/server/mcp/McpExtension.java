package io.blastwall.server.mcp;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.blastwall.core.controlplane.ControlPlane;
import io.blastwall.server.FormatsChangeParser;
import io.blastwall.server.ServerContext;
import io.blastwall.server.ServerContext.Access;
import io.blastwall.server.ServerExtension;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.json.schema.jackson2.DefaultJsonSchemaValidator;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpStatelessSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStatelessServerTransport;
import io.modelcontextprotocol.spec.McpSchema;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The MCP server for coding agents, mounted at {@value #PATH} on the Blastwall server (MCP streamable HTTP, stateless:
 * every JSON-RPC request is one {@code POST} answered with one JSON response, so any replica can serve any request and
 * no session has to stick to a server).
 *
 * <p>The endpoint is registered through {@link ServerContext#route} like every API endpoint, so it is authenticated
 * the same way — an API token or an OIDC JWT as {@code Authorization: Bearer}; a missing, expired or revoked
 * credential is answered 401 problem+json before MCP sees the request — and gets the same draining, body limit and
 * access log. The authenticated principal is handed to the tools in the MCP transport context: identity never comes
 * from a tool's arguments.
 *
 * <p>Tools: see {@link #TOOLS}; resources: the policies in force ({@link PolicyResources}). No tool approves, rejects,
 * withdraws, executes or alters policy. Thread-safe once registered.
 */
public final class McpExtension implements ServerExtension {

    /** Where the MCP endpoint is mounted. */
    public static final String PATH = "/mcp";

    /** The tools offered, in the order they are listed. */
    public static final List<String> TOOLS = List.of("search_estate", "describe_component", "blast_radius",
            "check_change", "propose_change", "change_status", "explain_verdict");

    private static final String CALLER_ATTRIBUTE = "blastwall.mcp.caller";
    static final String INSTRUCTIONS = """
            Blastwall is the change-safety gate for this infrastructure. Before you change anything, ask it: \
            search_estate and describe_component for what exists and what depends on it, blast_radius for what a \
            delete, replace, update or scale would break, check_change for the verdict a plan or manifest would get. \
            Then propose_change and follow change_status: people with the required roles approve; you cannot approve, \
            apply or withdraw others' changes, and a change that is not approved must not be applied. The policies in \
            force are the resources under blastwall://policies.""";

    private final Clock clock;
    private final McpJsonMapper json = new JacksonMcpJsonMapper(new ObjectMapper());
    private volatile McpStatelessSyncServer mcp;

    /** @param clock the time checks are evaluated at (freeze windows), as the control plane's own clock */
    public McpExtension(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public void register(ServerContext server) {
        ControlPlane cp = server.controlPlane();
        HttpServletStatelessServerTransport transport = HttpServletStatelessServerTransport.builder().jsonMapper(json)
                .messageEndpoint(PATH)
                .contextExtractor(req -> McpTransportContext.create(Map.of(Caller.KEY, req.getAttribute(CALLER_ATTRIBUTE))))
                .build();
        List<BlastwallTool> tools = new ArrayList<>(new EstateTools(cp::config).tools());
        tools.addAll(new ChangeTools(cp, new FormatsChangeParser(), clock).tools());
        if (!tools.stream().map(BlastwallTool::name).toList().equals(TOOLS)) {
            throw new IllegalStateException("the tool list and TOOLS disagree: " + tools.stream().map(BlastwallTool::name).toList());
        }
        McpStatelessSyncServer built = McpServer.sync(transport).jsonMapper(json)
                .jsonSchemaValidator(new DefaultJsonSchemaValidator(new ObjectMapper()))
                .serverInfo(new McpSchema.Implementation("blastwall", "Blastwall", version()))
                .instructions(INSTRUCTIONS)
                .capabilities(McpSchema.ServerCapabilities.builder().tools(false).resources(false, false).build())
                .tools(tools.stream().map(t -> t.specification(json)).toList())
                .build();
        PolicyResources policies = new PolicyResources(cp::config, json);
        policies.sync(built);
        this.mcp = built;
        server.route(HandlerType.POST, PATH, Access.AUTHENTICATED, ctx -> {
            ctx.req().setAttribute(CALLER_ATTRIBUTE, new Caller(server.principal(ctx), baseUrl(ctx)));
            policies.sync(built);
            transport.service(ctx.req(), ctx.res());
        });
        // stateless: no server-initiated stream (GET) and no session to end (DELETE); clients expect 405 for both
        server.route(HandlerType.GET, PATH, Access.AUTHENTICATED, McpExtension::notAllowed);
        server.route(HandlerType.DELETE, PATH, Access.AUTHENTICATED, McpExtension::notAllowed);
    }

    @Override
    public void close() {
        McpStatelessSyncServer m = mcp;
        if (m != null) m.close();
    }

    private static void notAllowed(Context ctx) {
        ctx.header("Allow", "POST").status(405).contentType("application/problem+json")
                .result("{\"type\":\"https://blastwall.io/problems/method-not-allowed\",\"title\":\"Method not allowed\","
                        + "\"status\":405,\"detail\":\"this MCP endpoint is stateless: send each JSON-RPC message as a POST\","
                        + "\"instance\":\"" + PATH + "\"}");
    }

    private static String baseUrl(Context ctx) {
        return ctx.scheme() + "://" + ctx.host();
    }

    private static String version() {
        String v = McpExtension.class.getPackage().getImplementationVersion();
        return v == null ? "0.1.0-dev" : v;
    }
}
