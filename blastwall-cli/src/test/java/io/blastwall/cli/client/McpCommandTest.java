package io.blastwall.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.blastwall.cli.Main;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code blastwall mcp} in-process: it serves the server's tools over its standard streams and forwards calls with
 * the agent's token; a credential the server refuses, a missing token file and an unreachable server stop it with
 * one message and the documented exit code before it serves anything.
 */
class McpCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Own threads: the common pool may have a single thread on a small machine, and both tasks block. */
    private static final java.util.concurrent.ExecutorService THREADS = java.util.concurrent.Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "mcp-command-test");
        t.setDaemon(true);
        return t;
    });

    @TempDir
    Path dir;
    LiveServer server;

    @BeforeEach
    void start() {
        server = new LiveServer(dir);
    }

    @AfterEach
    void stop() {
        McpCommand.stdin = System.in;
        McpCommand.stdout = System.out;
        server.close();
    }

    @Test
    void servesTheServersToolsOverStdioAsTheTokensPrincipal() throws Exception {
        // NIO pipes: unlike java.io's piped streams they do not care which (pooled) thread reads or writes
        Pipe in = Pipe.open(), out = Pipe.open();
        OutputStream toCommand = Channels.newOutputStream(in.sink());
        McpCommand.stdin = Channels.newInputStream(in.source());
        McpCommand.stdout = Channels.newOutputStream(out.sink());
        java.io.InputStream fromCommand = Channels.newInputStream(out.source());
        Path token = Files.writeString(dir.resolve("token"), server.token(LiveServer.AGENT) + "\n");
        StringWriter err = new StringWriter();
        CompletableFuture<Integer> run = CompletableFuture.supplyAsync(() -> Main.run(new String[]{"mcp", "--server", server.url(),
                "--token-file", token.toString()}, new PrintWriter(new StringWriter()), new PrintWriter(err)), THREADS);
        BufferedReader answers = new BufferedReader(new InputStreamReader(fromCommand, StandardCharsets.UTF_8));

        send(toCommand, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
                + "\"capabilities\":{},\"clientInfo\":{\"name\":\"test\",\"version\":\"1\"}}}");
        assertThat(answer(answers, err).at("/result/serverInfo/name").asText()).isEqualTo("blastwall");
        send(toCommand, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
        send(toCommand, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}");
        assertThat(answer(answers, err).at("/result/tools").findValuesAsText("name")).contains("propose_change")
                .doesNotContain("approve_change");
        String plan = Files.readString(LiveServer.example("02-agent-recreate-orders-db.json"));
        send(toCommand, JSON.writeValueAsString(JSON.createObjectNode().put("jsonrpc", "2.0").put("id", 3).put("method", "tools/call")
                .set("params", JSON.createObjectNode().put("name", "propose_change").set("arguments",
                        JSON.createObjectNode().set("documents", JSON.createArrayNode().add(
                                JSON.createObjectNode().put("name", "plan.json").put("content", plan)))))));
        JsonNode proposed = answer(answers, err).at("/result/structuredContent");
        assertThat(proposed.at("/author/id").asText()).isEqualTo(LiveServer.AGENT);
        assertThat(proposed.at("/author/onBehalfOf").asText()).isEqualTo("carol");
        send(toCommand, "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"tools/call\",\"params\":{\"name\":\"blast_radius\","
                + "\"arguments\":{\"component\":true}}}");
        // a script closes its end at once: the answer still comes before the command ends
        toCommand.close();
        JsonNode bad = answer(answers, err).get("result");
        assertThat(bad.get("isError").asBoolean()).isTrue();
        assertThat(bad.toString()).contains("component");
        assertThat(run.get(60, TimeUnit.SECONDS)).as(err.toString()).isEqualTo(Main.EXIT_ALLOW);
        assertThat(err.toString()).contains("serving 7 tools");
    }

    @Test
    void anExpiredTokenIsRefusedBeforeAnythingIsServed() {
        StringWriter err = new StringWriter();
        int code = Main.run(new String[]{"mcp", "--server", server.url(), "--token", server.token(LiveServer.EXPIRED)},
                new PrintWriter(new StringWriter()), new PrintWriter(err));
        assertThat(code).as(err.toString()).isEqualTo(Main.EXIT_BAD_INPUT);
        assertThat(err.toString()).contains("refused the credential (401)").doesNotContain(server.token(LiveServer.EXPIRED))
                .doesNotContain("\tat ");
    }

    @Test
    void aMissingTokenFileIsBadInputAndAnUnreachableServerIsExit1() throws Exception {
        StringWriter err = new StringWriter();
        int code = Main.run(new String[]{"mcp", "--server", server.url(), "--token-file", dir.resolve("nope").toString()},
                new PrintWriter(new StringWriter()), new PrintWriter(err));
        assertThat(code).isEqualTo(Main.EXIT_BAD_INPUT);
        assertThat(err.toString()).contains("--token-file").contains("nope");

        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        StringWriter err2 = new StringWriter();
        int code2 = Main.run(new String[]{"mcp", "--server", "http://127.0.0.1:" + port, "--token", "t", "--timeout", "5"},
                new PrintWriter(new StringWriter()), new PrintWriter(err2));
        assertThat(code2).isEqualTo(Main.EXIT_INTERNAL);
        assertThat(err2.toString()).contains("cannot use the MCP endpoint of http://127.0.0.1:" + port).doesNotContain("\tat ");
    }

    private static void send(OutputStream out, String line) throws Exception {
        out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static JsonNode answer(BufferedReader in, StringWriter err) throws Exception {
        String line = CompletableFuture.supplyAsync(() -> {
            try {
                return in.readLine();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, THREADS).completeOnTimeout(null, 60, TimeUnit.SECONDS).get();
        assertThat(line).as("an answer on stdout; stderr: " + err).isNotNull();
        return JSON.readTree(line);
    }
}
