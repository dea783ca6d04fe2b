package io.blastwall.server.mcp;

import io.blastwall.core.BadInputException;
import io.blastwall.core.controlplane.OverloadedException;
import io.blastwall.core.controlplane.RefusedException;
import io.blastwall.core.lifecycle.IllegalTransitionException;
import io.blastwall.core.policy.PolicyEvaluationException;
import io.blastwall.core.store.RecordNotFoundException;
import io.blastwall.core.store.StoreUnavailableException;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpStatelessServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.spec.McpSchema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * One tool as the MCP server offers it: name, description, input and output schema, whether it only reads, and the
 * handler. {@link #specification} wraps the handler so that every call
 * <ul>
 *   <li>acts as the principal the bearer credential authenticated ({@link Caller}, from the transport context) — a
 *       call that somehow arrives without one is refused, never run anonymously;</li>
 *   <li>answers with the result both as structured content (matching the output schema) and as its JSON text;</li>
 *   <li>turns every failure into a tool error ({@code isError: true}) with one clear message: bad arguments and bad
 *       documents name the place, refusals state the rule, an unavailable store says that nothing was done; an
 *       unexpected failure gives only an error id (the cause is logged for operators).</li>
 * </ul>
 *
 * <p>Immutable and thread-safe when the handler is.
 */
record BlastwallTool(String name, String title, String description, Map<String, Object> input,
                     Map<String, Object> output, boolean readOnly, Handler handler) {

    private static final Logger LOG = LoggerFactory.getLogger("io.blastwall.server.mcp");

    /** The work of a tool: from the caller and its arguments to the structured result. */
    @FunctionalInterface
    interface Handler {
        Map<String, Object> call(Caller caller, ToolArguments args);
    }

    BlastwallTool {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(handler, "handler");
    }

    @SuppressWarnings("unchecked")
    Set<String> argumentNames() {
        return ((Map<String, Object>) input.get("properties")).keySet();
    }

    McpSchema.Tool tool() {
        return McpSchema.Tool.builder().name(name).title(title).description(description)
                .inputSchema(input).outputSchema(output)
                .annotations(new McpSchema.ToolAnnotations(title, readOnly, false, readOnly, false, null))
                .build();
    }

    SyncToolSpecification specification(McpJsonMapper json) {
        return SyncToolSpecification.builder().tool(tool()).callHandler((ctx, req) -> call(json, ctx, req)).build();
    }

    McpSchema.CallToolResult call(McpJsonMapper json, McpTransportContext ctx, McpSchema.CallToolRequest req) {
        if (!(ctx.get(Caller.KEY) instanceof Caller caller)) {
            return error("refused: this call carries no authenticated principal; send Authorization: Bearer <token>");
        }
        try {
            Map<String, Object> result = handler.call(caller, new ToolArguments(req.arguments()).only(argumentNames()));
            return McpSchema.CallToolResult.builder().structuredContent(result)
                    .addTextContent(json.writeValueAsString(result)).isError(false).build();
        } catch (ToolArguments.Invalid e) {
            return error("invalid arguments for " + name + ": " + e.getMessage());
        } catch (BadInputException e) {
            StringBuilder sb = new StringBuilder("bad input:");
            for (BadInputException.Problem p : e.problems()) sb.append("\n  ").append(p);
            return error(sb.toString());
        } catch (RefusedException e) {
            return error("refused (" + e.rule() + "): " + e.getMessage());
        } catch (RecordNotFoundException | IllegalTransitionException e) {
            return error(e.getMessage());
        } catch (PolicyEvaluationException e) {
            // fail closed: a policy that cannot be evaluated gives no verdict at all
            return error("a policy could not be evaluated, so no verdict is given and nothing proceeds: " + e.getMessage());
        } catch (StoreUnavailableException e) {
            return error("the control plane's store is unavailable, so nothing was done; retry later: " + e.getMessage());
        } catch (OverloadedException e) {
            return error("the control plane is busy, so nothing was done; retry later: " + e.getMessage());
        } catch (IOException | RuntimeException e) {
            String errorId = UUID.randomUUID().toString();
            LOG.atError().addKeyValue("errorId", errorId).addKeyValue("tool", name)
                    .addKeyValue("principal", caller.principal().id()).setCause(e).log("tool failed");
            return error("internal error in " + name + " (error id " + errorId + "); nothing was changed by this call"
                    + (readOnly ? "" : " unless change_status shows otherwise"));
        }
    }

    static McpSchema.CallToolResult error(String message) {
        return McpSchema.CallToolResult.builder().addTextContent(message).isError(true).build();
    }
}
