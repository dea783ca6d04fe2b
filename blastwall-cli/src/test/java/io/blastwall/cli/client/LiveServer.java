package io.blastwall.cli.client;

import io.blastwall.core.change.Provenance.AuthorKind;
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

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A real control plane for the client tests, started through the server's public API: SQLite in a temporary
 * directory, the example shop estate, this module's test policies, an ephemeral loopback port, and principals with
 * tokens: agent {@value #AGENT} acting for carol (senior), bob (engineer), carol, dave and frank (seniors), and an
 * expired token of the agent ({@value #EXPIRED}).
 */
final class LiveServer implements AutoCloseable {

    static final String AGENT = "agent:copilot";
    static final String EXPIRED = "expired";

    final BlastwallServer server;
    final Map<String, String> tokens;

    LiveServer(Path dir) {
        JdbcControlPlaneStore store = JdbcControlPlaneStore.open(StoreConfig.sqlite(dir.resolve("blastwall.db")));
        this.tokens = seed(store);
        var loader = (java.util.function.Supplier<io.blastwall.core.controlplane.Config>) () ->
                ConfigLoader.load(List.of(root().resolve("examples/estate/shop.yaml")), List.of(policies()), Clock.systemUTC());
        ControlPlane cp = ControlPlanes.create(store, new ConfigHolder(loader.get()), Clock.systemUTC());
        // the extensions as `blastwall serve` has them: the rollout API (fail closed, no executor configured) and MCP
        this.server = BlastwallServer.start(cp, loader, ServerSettings.loopback(0), List.of(
                new io.blastwall.server.rollout.RolloutExtension(new io.blastwall.store.JdbcRolloutStore(store),
                        io.blastwall.server.rollout.Unconfigured.executor(), io.blastwall.server.rollout.Unconfigured.metrics(),
                        io.blastwall.core.rollout.CanaryWaveJudge.defaults(),
                        io.blastwall.server.rollout.RolloutExtension.Settings.defaults()),
                new io.blastwall.server.mcp.McpExtension(Clock.systemUTC())));
    }

    String url() {
        return server.baseUrl();
    }

    String token(String who) {
        return tokens.get(who);
    }

    static Path root() {
        String r = System.getProperty("blastwall.root");
        return r != null ? Path.of(r) : Path.of("..").toAbsolutePath().normalize();
    }

    static Path example(String name) {
        return root().resolve("examples/changes").resolve(name);
    }

    /** Writes a Blastwall change file for checkout-api with the given labels into {@code dir}. */
    static Path changeFile(Path dir, String title, Map<String, String> labels) {
        StringBuilder sb = new StringBuilder("apiVersion: blastwall.io/v1\nkind: Change\nmetadata:\n  title: \"" + title + "\"\n");
        if (!labels.isEmpty()) {
            sb.append("  labels:\n");
            labels.forEach((k, v) -> sb.append("    ").append(k).append(": \"").append(v).append("\"\n"));
        }
        sb.append("scope:\n  everywhere: false\n  regions: [eu-west-1]\n  zones: [eu-west-1a]\n")
                .append("actions:\n  - action: config\n    component: checkout-api\n    paths: [timeouts.upstream]\n")
                .append("    description: \"upstream timeout 30s -> 45s\"\n");
        try {
            Path f = Files.createTempFile(dir, "change-", ".yaml");
            Files.writeString(f, sb.toString());
            return f;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path policies() {
        try {
            return Path.of(LiveServer.class.getResource("/client-policies").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> seed(JdbcControlPlaneStore store) {
        Instant now = Instant.now();
        Map<String, String> tokens = new LinkedHashMap<>();
        List<Principal> principals = List.of(
                human("bob", "engineer"), human("carol", "engineer", "senior"), human("dave", "engineer", "senior"),
                human("frank", "senior"),
                new Principal(AGENT, AuthorKind.AGENT, "Infra copilot", List.of(), "carol", "gpt-test-1", false, now));
        store.inTransaction(tx -> {
            for (Principal p : principals) {
                tx.createPrincipal(p);
                String secret = Tokens.generate();
                tx.createToken(new ApiToken(Tokens.randomId("tk_"), p.id(), "test", Tokens.hash(secret), now, null, null, null));
                tokens.put(p.id(), secret);
            }
            String expired = Tokens.generate();
            tx.createToken(new ApiToken(Tokens.randomId("tk_"), AGENT, "expired", Tokens.hash(expired), now.minusSeconds(7200),
                    now.minusSeconds(3600), null, null));
            tokens.put(EXPIRED, expired);
            return null;
        });
        return tokens;
    }

    private static Principal human(String id, String... roles) {
        return new Principal(id, AuthorKind.HUMAN, id, List.of(roles), "", "", false, Instant.now());
    }

    @Override
    public void close() {
        server.stop();
    }
}
