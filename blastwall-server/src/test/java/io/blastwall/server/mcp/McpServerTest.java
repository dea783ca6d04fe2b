package io.blastwall.server.mcp;

import io.blastwall.core.ledger.LedgerEntry;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The MCP endpoint driven by the official Java SDK's client over streamable HTTP against a real server: the tool list
 * holds nothing that approves, rejects, withdraws, executes or alters policy; every tool answers with structured
 * content; a proposal by an agent token is the agent's (and the human's it acts for) whatever the arguments say; bad
 * arguments are tool errors naming the argument; expired and revoked tokens get 401.
 */
class McpServerTest {

    /** Words of a tool that would let an agent decide or act instead of propose. */
    private static final Pattern FORBIDDEN = Pattern.compile(
            "approv|reject|execut|roll_?out|apply|withdraw|cancel|delete_|reload|polic|admin|token|principal|ledger");

    @TempDir
    Path dir;
    McpTestServer env;
    McpSyncClient agent;

    @BeforeEach
    void start() {
        env = new McpTestServer(dir);
        agent = env.client(env.token(McpTestServer.AGENT));
    }

    @AfterEach
    void stop() {
        agent.close();
        env.close();
    }

    @Test
    void noToolCanApproveRejectWithdrawExecuteOrAlterPolicy() {
        List<McpSchema.Tool> tools = agent.listTools().tools();
        assertThat(tools).extracting(McpSchema.Tool::name).containsExactlyElementsOf(McpExtension.TOOLS);
        for (McpSchema.Tool t : tools) {
            assertThat(t.name()).as("tool name").doesNotContainPattern(FORBIDDEN);
            assertThat(t.inputSchema()).containsEntry("type", "object").containsEntry("additionalProperties", false);
            assertThat(t.outputSchema()).as(t.name() + " output schema").containsEntry("type", "object");
            // only propose_change writes, and it only proposes
            assertThat(t.annotations().readOnlyHint()).as(t.name()).isEqualTo(!t.name().equals("propose_change"));
            assertThat(((Map<?, ?>) t.inputSchema().get("properties")).keySet().stream().map(String::valueOf).toList()).as(t.name() + " takes no identity argument")
                    .doesNotContain("author", "principal", "actor", "onBehalfOf", "model", "user", "token");
        }
        // and using every tool leaves no decision, execution or reload in the ledger
        String id = propose("plan.json", example("02-agent-recreate-orders-db.json")).get("id").toString();
        call("change_status", Map.of("id", id));
        call("explain_verdict", Map.of("id", id));
        call("check_change", Map.of("documents", List.of(doc("plan.json", example("02-agent-recreate-orders-db.json")))));
        call("blast_radius", Map.of("component", "orders-db-eu-west-1", "action", "delete"));
        List<String> actions = new ArrayList<>();
        for (LedgerEntry e : env.controlPlane.store().ledgerRange(1, 1000)) actions.add(e.action());
        assertThat(actions).isNotEmpty().allSatisfy(a -> assertThat(a).startsWith("change.")
                .doesNotContain("approv", "reject", "withdraw", "execut", "reload"));
        assertThat(env.controlPlane.change(id).change().state().externalName()).isEqualTo("awaiting-approval");
    }

    @Test
    void aProposalByAnAgentTokenIsTheAgentsAndTheHumansItActsFor() {
        Map<String, Object> p = propose("plan.json", example("02-agent-recreate-orders-db.json"));
        assertThat(p.get("verdict")).isEqualTo("needs-approval");
        assertThat(p.get("state")).isEqualTo("awaiting-approval");
        assertThat(p.get("link").toString()).startsWith(env.server.baseUrl() + "/api/v1/changes/" + p.get("id"));
        @SuppressWarnings("unchecked") Map<String, Object> author = (Map<String, Object>) p.get("author");
        assertThat(author).containsEntry("kind", "agent").containsEntry("id", McpTestServer.AGENT)
                .containsEntry("model", McpTestServer.MODEL).containsEntry("onBehalfOf", "carol")
                .containsEntry("sessionId", "sess-7");
        var stored = env.controlPlane.change(p.get("id").toString()).change().author();
        assertThat(stored.id()).isEqualTo(McpTestServer.AGENT);
        assertThat(stored.onBehalfOf()).isEqualTo("carol");
        // an identity argument is refused, never used
        CallToolResult forged = agent.callTool(new CallToolRequest("propose_change", Map.of(
                "documents", List.of(doc("plan.json", example("02-agent-recreate-orders-db.json"))), "author", "dave")));
        assertThat(forged.isError()).isTrue();
        assertThat(text(forged)).contains("author");
        // what the agent proposed, a senior other than carol can approve — through the API, not through MCP
        Map<String, Object> status = call("change_status", Map.of("id", p.get("id")));
        assertThat(status.toString()).contains("senior");
    }

    @Test
    void estateToolsAnswerWithStructuredContent() {
        Map<String, Object> found = call("search_estate", Map.of("query", "checkout", "kind", "service"));
        assertThat((List<?>) found.get("matches")).isNotEmpty()
                .allSatisfy(m -> assertThat(m.toString()).contains("checkout").contains("kind=service"));
        Map<String, Object> described = call("describe_component", Map.of("id", "checkout-api-eu-west-1"));
        assertThat(described.toString()).contains("team-checkout").contains("session-cache-eu-west-1");
        assertThat((List<?>) described.get("dependents")).isNotEmpty();
        Map<String, Object> blast = call("blast_radius", Map.of("component", "orders-db-eu-west-1", "action", "delete"));
        assertThat(blast.get("severity")).isEqualTo("data-loss");
        assertThat((Integer) blast.get("impactedCount")).isPositive();
        assertThat((List<?>) blast.get("impacted")).allSatisfy(i -> assertThat(i.toString()).contains("path="));
    }

    @Test
    void checkGivesTheVerdictWithoutStoringAnything() {
        Map<String, Object> check = call("check_change", Map.of("documents",
                List.of(doc("plan.json", example("02-agent-recreate-orders-db.json")))));
        assertThat(check.get("verdict")).isEqualTo("needs-approval");
        assertThat(check.toString()).contains("agent-needs-senior");
        assertThat(env.controlPlane.store().ledgerRange(1, 10)).isEmpty();
    }

    @Test
    void badArgumentsAreToolErrorsNamingTheArgument() {
        CallToolResult missing = agent.callTool(new CallToolRequest("describe_component", Map.of()));
        assertThat(missing.isError()).isTrue();
        assertThat(text(missing)).contains("id");
        CallToolResult wrongType = agent.callTool(new CallToolRequest("blast_radius",
                Map.of("component", 42, "action", "delete")));
        assertThat(wrongType.isError()).isTrue();
        assertThat(text(wrongType)).contains("component");
        CallToolResult badEnum = agent.callTool(new CallToolRequest("blast_radius",
                Map.of("component", "orders-db-eu-west-1", "action", "drop")));
        assertThat(badEnum.isError()).isTrue();
        assertThat(text(badEnum)).contains("action");
        CallToolResult unknown = agent.callTool(new CallToolRequest("describe_component", Map.of("id", "no-such-thing")));
        assertThat(unknown.isError()).isTrue();
        assertThat(text(unknown)).contains("no-such-thing").contains("search_estate");
        CallToolResult badDoc = agent.callTool(new CallToolRequest("check_change",
                Map.of("documents", List.of(doc("plan.json", "{\"format_version\": ")))));
        assertThat(badDoc.isError()).isTrue();
        assertThat(text(badDoc)).contains("plan.json");
        CallToolResult noChange = agent.callTool(new CallToolRequest("change_status", Map.of("id", "ch_nope")));
        assertThat(noChange.isError()).isTrue();
        assertThat(text(noChange)).contains("ch_nope");
        // the server is still fine afterwards
        assertThat(call("search_estate", Map.of()).get("total")).isNotNull();
    }

    @Test
    void thePoliciesInForceAreReadOnlyResources() {
        List<McpSchema.Resource> resources = agent.listResources().resources();
        assertThat(resources).extracting(McpSchema.Resource::uri)
                .contains(PolicyResources.INDEX, PolicyResources.PREFIX + "agent-needs-senior");
        McpSchema.ReadResourceResult index = agent.readResource(new McpSchema.ReadResourceRequest(PolicyResources.INDEX));
        assertThat(((McpSchema.TextResourceContents) index.contents().getFirst()).text()).contains("deny-when-labelled");
        McpSchema.ReadResourceResult one = agent.readResource(
                new McpSchema.ReadResourceRequest(PolicyResources.PREFIX + "agent-needs-senior"));
        assertThat(((McpSchema.TextResourceContents) one.contents().getFirst()).text())
                .contains("author.isAgent").contains("require-approval").contains("senior").contains("test-policies.yaml");
    }

    @Test
    void expiredRevokedAndMissingCredentialsGet401() throws IOException, InterruptedException {
        String init = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
                + "\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}";
        for (String who : List.of(McpTestServer.EXPIRED, McpTestServer.REVOKED)) {
            HttpResponse<String> r = post(init, env.token(who));
            assertThat(r.statusCode()).as(who).isEqualTo(401);
            assertThat(r.headers().firstValue("content-type")).hasValueSatisfying(t -> assertThat(t).contains("problem+json"));
        }
        assertThat(post(init, null).statusCode()).isEqualTo(401);
        HttpResponse<String> ok = post(init, env.token(McpTestServer.AGENT));
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        assertThat(ok.body()).contains("\"name\":\"blastwall\"");
    }

    // ------------------------------------------------------------------ helpers

    private HttpResponse<String> post(String body, String token) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(env.mcpUrl()))
                .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) b.header("Authorization", "Bearer " + token);
        try (HttpClient c = HttpClient.newHttpClient()) {
            return c.send(b.build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    private Map<String, Object> propose(String name, String content) {
        return call("propose_change", Map.of("documents", List.of(doc(name, content)), "sessionId", "sess-7"));
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> call(String tool, Map<String, Object> args) {
        CallToolResult r = agent.callTool(new CallToolRequest(tool, args));
        assertThat(r.isError()).as(tool + ": " + text(r)).isFalse();
        return (Map<String, Object>) r.structuredContent();
    }

    private static Map<String, Object> doc(String name, String content) {
        return Map.of("name", name, "content", content);
    }

    private static String text(CallToolResult r) {
        return r.content().stream().filter(c -> c instanceof McpSchema.TextContent)
                .map(c -> ((McpSchema.TextContent) c).text()).reduce("", String::concat);
    }

    private static String example(String name) {
        try {
            return Files.readString(McpTestServer.root().resolve("examples/changes").resolve(name));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
