package io.blastwall.server.mcp;

import io.blastwall.core.change.Provenance.AuthorKind;
import io.blastwall.core.controlplane.Config;
import io.blastwall.core.controlplane.ConfigHolder;
import io.blastwall.core.controlplane.ControlPlane;
import io.blastwall.core.controlplane.Tokens;
import io.blastwall.core.store.ApiToken;
import io.blastwall.core.store.Principal;
import io.blastwall.server.BlastwallServer;
import io.blastwall.server.ConfigLoader;
import io.blastwall.server.ControlPlanes;
import io.blastwall.server.ServerSettings;
import io.blastwall.store.JdbcControlPlaneStore;
import io.blastwall.store.StoreConfig;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A real Blastwall server with the MCP extension on an ephemeral loopback port, started through public APIs: SQLite in
 * a temporary directory, the example shop estate, the server tests' policies, and principals with tokens: agent
 * {@value #AGENT} (model {@value #MODEL}) acting for carol, carol and dave (seniors), plus an expired and a revoked
 * token of the agent.
 */
final class McpTestServer implements AutoCloseable {

    static final String AGENT = "agent:copilot";
    static final String MODEL = "gpt-test-1";
    static final String EXPIRED = "expired";
    static final String REVOKED = "revoked";

    final BlastwallServer server;
    final ControlPlane controlPlane;
    final Map<String, String> tokens = new LinkedHashMap<>();

    McpTestServer(Path dir) {
        JdbcControlPlaneStore store = JdbcControlPlaneStore.open(StoreConfig.sqlite(dir.resolve("blastwall.db")));
        seed(store);
        Supplier<Config> loader = () -> ConfigLoader.load(List.of(root().resolve("examples/estate/shop.yaml")),
                List.of(policies()), Clock.systemUTC());
        this.controlPlane = ControlPlanes.create(store, new ConfigHolder(loader.get()), Clock.systemUTC());
        this.server = BlastwallServer.start(controlPlane, loader, ServerSettings.loopback(0),
                List.of(new McpExtension(Clock.systemUTC())));
    }

    String token(String who) {
        return tokens.get(who);
    }

    String mcpUrl() {
        return server.baseUrl() + McpExtension.PATH;
    }

    /** An initialised client of the official Java SDK over streamable HTTP with {@code token} as bearer credential. */
    McpSyncClient client(String token) {
        HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport.builder(server.baseUrl())
                .endpoint(McpExtension.PATH)
                .customizeClient(b -> b.connectTimeout(Duration.ofSeconds(5)))
                .httpRequestCustomizer((builder, method, uri, body, ctx) -> builder.header("Authorization", "Bearer " + token))
                .build();
        McpSyncClient c = McpClient.sync(transport).requestTimeout(Duration.ofSeconds(30)).build();
        c.initialize();
        return c;
    }

    static Path root() {
        String r = System.getProperty("blastwall.root");
        return r == null ? Path.of("..").toAbsolutePath().normalize() : Path.of(r);
    }

    private static Path policies() {
        try {
            return Path.of(McpTestServer.class.getResource("/policies").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private void seed(JdbcControlPlaneStore store) {
        Instant now = Instant.now();
        List<Principal> principals = List.of(
                human("carol", "engineer", "senior"), human("dave", "engineer", "senior"),
                new Principal(AGENT, AuthorKind.AGENT, "Infra copilot", List.of(), "carol", MODEL, false, now));
        store.inTransaction(tx -> {
            for (Principal p : principals) {
                tx.createPrincipal(p);
                tokens.put(p.id(), token(tx, p.id(), now, null, null));
            }
            tokens.put(EXPIRED, token(tx, AGENT, now.minusSeconds(7200), now.minusSeconds(3600), null));
            tokens.put(REVOKED, token(tx, AGENT, now, null, now.minusSeconds(1)));
            return null;
        });
    }

    private static String token(io.blastwall.core.store.StoreTransaction tx, String who, Instant created, Instant expires,
                                Instant revoked) {
        String secret = Tokens.generate();
        tx.createToken(new ApiToken(Tokens.randomId("tk_"), who, "test", Tokens.hash(secret), created, expires, revoked, null));
        return secret;
    }

    private static Principal human(String id, String... roles) {
        return new Principal(id, AuthorKind.HUMAN, id, List.of(roles), "", "", false, Instant.now());
    }

    @Override
    public void close() {
        server.stop();
    }
}
