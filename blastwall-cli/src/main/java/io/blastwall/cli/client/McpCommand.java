package io.blastwall.cli.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.blastwall.cli.Main;
import io.blastwall.core.BadInputException;
import io.blastwall.core.SourceLocation;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.client.transport.McpHttpClientTransportAuthorizationException;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures.SyncResourceSpecification;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code blastwall mcp}: a local MCP server over stdio for agents that launch their tools as processes (Claude Code,
 * IDE agents). It is a thin, faithful proxy of the server's MCP endpoint ({@code SERVER/mcp}, streamable HTTP): it
 * connects with the given bearer credential, offers exactly the tools and policy resources the server lists, and
 * forwards every call — so identity, the schemas' validation, verdicts and refusals are the server's, and the local
 * process can do nothing the token could not do over HTTP.
 *
 * <p>Standard output carries only MCP messages; diagnostics go to standard error. A credential the server refuses
 * (missing, expired, revoked: 401) stops the command before it serves anything (exit 2). Used once per execution.
 */
@Command(name = "mcp", mixinStandardHelpOptions = true,
        description = "Serve Blastwall's MCP tools over stdio to a local agent, forwarding to a Blastwall server with your token.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the agent closed standard input", "2:bad input, or the server refused the credential",
                "1:the server is unreachable or failed"})
public final class McpCommand implements Callable<Integer> {

    /** Where the process reads MCP messages and writes answers; tests replace them. */
    static volatile InputStream stdin = System.in;
    static volatile OutputStream stdout = System.out;

    /** Polls of 50 ms with nothing in flight before the end of input is passed on. */
    private static final int QUIET_POLLS = 10;

    private final java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--server", paramLabel = "URL",
            description = "The Blastwall server's URL (default: $BLASTWALL_SERVER, else " + ClientOptions.DEFAULT_SERVER + ").")
    String server;

    @Option(names = "--token", paramLabel = "TOKEN",
            description = "API token or OIDC JWT (default: $BLASTWALL_TOKEN). Prefer --token-file or the environment: a command line can be seen by other users.")
    String token;

    @Option(names = "--token-file", paramLabel = "FILE", description = "A file holding the token (its first line).")
    Path tokenFile;

    @Option(names = "--timeout", defaultValue = "60", paramLabel = "SECONDS",
            description = "How long to wait for the server on each call (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter err = spec.commandLine().getErr();
        ClientOptions options = new ClientOptions();
        options.server = server;
        options.token = token != null ? token : readTokenFile();
        if (timeoutSeconds < 1) throw new BadInputException(SourceLocation.of("--timeout"), "expected seconds >= 1, found " + timeoutSeconds);
        java.net.URI base = options.serverUri();
        String credential = options.tokenValue();
        Duration timeout = Duration.ofSeconds(timeoutSeconds);
        McpJsonMapper json = new JacksonMcpJsonMapper(new ObjectMapper());

        McpSyncClient remote = McpClient.sync(HttpClientStreamableHttpTransport.builder(base.toString()).endpoint("/mcp")
                        .jsonMapper(json).connectTimeout(timeout)
                        .httpRequestCustomizer((b, method, uri, body, ctx) -> b.header("Authorization", "Bearer " + credential)
                                .header("User-Agent", "blastwall-cli mcp"))
                        .build())
                .requestTimeout(timeout).initializationTimeout(timeout)
                .clientInfo(new McpSchema.Implementation("blastwall-cli", Main.class.getPackage().getImplementationVersion() == null
                        ? "0.1.0-dev" : Main.class.getPackage().getImplementationVersion()))
                .build();
        McpSchema.ListToolsResult tools;
        McpSchema.ListResourcesResult resources;
        try {
            remote.initialize();
            tools = remote.listTools();
            resources = remote.listResources();
        } catch (RuntimeException e) {
            remote.close();
            return failed(err, base, e);
        }
        CountDownLatch closed = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        McpSyncServer local = McpServer.sync(new StdioServerTransportProvider(json, new EndSignalling(stdin, closed, release), stdout))
                .jsonMapper(json)
                .serverInfo(remote.getServerInfo())
                .instructions(remote.getServerInstructions())
                .capabilities(McpSchema.ServerCapabilities.builder().tools(false).resources(false, false).build())
                // the server validates arguments against the same schemas and is the one authority on them
                .validateToolInputs(false)
                .requestTimeout(timeout)
                .tools(tools.tools().stream().map(t -> SyncToolSpecification.builder().tool(t)
                        .callHandler((exchange, req) -> counted(() -> forward(remote, base, req))).build()).toList())
                .resources(resources.resources().stream().map(r -> new SyncResourceSpecification(r,
                        (exchange, req) -> counted(() -> remote.readResource(req)))).toList())
                .build();
        err.println("blastwall mcp: serving " + tools.tools().size() + " tools and " + resources.resources().size()
                + " resources of " + base + " on stdio");
        err.flush();
        closed.await();
        drain(timeout);
        release.countDown();
        local.closeGracefully();
        remote.closeGracefully();
        return Main.EXIT_ALLOW;
    }

    /**
     * The SDK ends the session as soon as it reads the end of standard input, dropping answers still being computed.
     * A script that writes its requests and closes the pipe (rather than an agent that keeps it open) would lose them:
     * so the end of input is held back until no forwarded call has been in flight for a moment (bounded by the
     * timeout), which lets the answers be written first.
     */
    private void drain(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int quiet = 0;
        while (quiet < QUIET_POLLS && System.nanoTime() < deadline) {
            quiet = inFlight.get() == 0 ? quiet + 1 : 0;
            Thread.sleep(50);
        }
    }

    private <T> T counted(java.util.function.Supplier<T> call) {
        inFlight.incrementAndGet();
        try {
            return call.get();
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private static McpSchema.CallToolResult forward(McpSyncClient remote, java.net.URI base, McpSchema.CallToolRequest req) {
        try {
            return remote.callTool(req);
        } catch (RuntimeException e) {
            // a call that never got an answer is a tool error the agent can read, not a crash of the local server
            return McpSchema.CallToolResult.builder().isError(true)
                    .addTextContent("the Blastwall server at " + base + " did not answer " + req.name() + ": " + describe(e)
                            + "; nothing is known to have been done")
                    .build();
        }
    }

    private int failed(PrintWriter err, java.net.URI base, RuntimeException e) {
        String why = describe(e);
        if (refusedCredential(e)) {
            err.println("blastwall: the server at " + base + " refused the credential (401): it is missing, expired or revoked;"
                    + " create a new one with `blastwall token create`");
            return Main.EXIT_BAD_INPUT;
        }
        err.println("blastwall: cannot use the MCP endpoint of " + base + ": " + why);
        return Main.EXIT_INTERNAL;
    }

    private static boolean refusedCredential(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof McpHttpClientTransportAuthorizationException) return true;
        }
        return false;
    }

    private String readTokenFile() {
        if (tokenFile == null) return null;
        try {
            List<String> lines = Files.readAllLines(tokenFile);
            String first = lines.stream().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse("");
            if (first.isEmpty()) throw new BadInputException(SourceLocation.of(tokenFile.toString()), "the token file is empty");
            return first;
        } catch (NoSuchFileException e) {
            throw new BadInputException(SourceLocation.of("--token-file"), "no such file: " + tokenFile);
        } catch (IOException e) {
            throw new BadInputException(SourceLocation.of("--token-file"), "cannot read " + tokenFile + ": " + e.getMessage());
        }
    }

    /** The innermost message of a failure chain, which is where the transport puts the HTTP status. */
    private static String describe(Throwable e) {
        StringBuilder sb = new StringBuilder();
        for (Throwable t = e; t != null && sb.length() < 500; t = t.getCause()) {
            if (t.getMessage() != null && !sb.toString().contains(t.getMessage())) {
                if (!sb.isEmpty()) sb.append(": ");
                sb.append(t.getMessage());
            }
        }
        return sb.isEmpty() ? e.getClass().getSimpleName() : sb.toString();
    }

    /**
     * Standard input that says when the agent closed it (end of stream), which is when this command ends, and passes
     * the end on to the SDK only once {@code release} is counted down.
     */
    private static final class EndSignalling extends FilterInputStream {
        private final CountDownLatch closed;
        private final CountDownLatch release;

        EndSignalling(InputStream in, CountDownLatch closed, CountDownLatch release) {
            super(in);
            this.closed = closed;
            this.release = release;
        }

        @Override
        public int read() throws IOException {
            return ended(super.read());
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return ended(super.read(b, off, len));
        }

        private int ended(int n) throws IOException {
            if (n < 0) {
                closed.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new java.io.InterruptedIOException("interrupted at the end of standard input");
                }
            }
            return n;
        }
    }
}
