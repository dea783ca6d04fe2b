package io.blastwall.server;

import io.blastwall.core.rollout.CanaryWaveJudge;
import io.blastwall.server.rollout.RolloutExtension;
import io.blastwall.server.rollout.Unconfigured;
import io.blastwall.store.JdbcRolloutStore;

import io.blastwall.core.change.Provenance.AuthorKind;
import io.blastwall.core.controlplane.Config;
import io.blastwall.core.controlplane.ConfigHolder;
import io.blastwall.core.controlplane.ControlPlane;
import io.blastwall.core.controlplane.Tokens;
import io.blastwall.core.store.ApiToken;
import io.blastwall.core.store.ControlPlaneStore;
import io.blastwall.core.store.Principal;
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
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One control plane behind a real server on an ephemeral loopback port: a store (SQLite file or PostgreSQL schema),
 * the example shop estate with the test policies, and principals with tokens:
 * agent {@value #AGENT} acting for carol (senior), humans alice and bob (engineers), carol, dave and frank (seniors),
 * erin (admin).
 */
final class TestEnv implements AutoCloseable {

    static final String AGENT = "agent:copilot";
    static final String MODEL = "gpt-test-1";

    final StoreConfig storeConfig;
    final ControlPlaneStore store;
    final ConfigHolder config;
    final ControlPlane controlPlane;
    final BlastwallServer server;
    final Http http;
    final Map<String, String> tokens;
    Supplier<Config> reloadSource;

    private TestEnv(StoreConfig storeConfig, ControlPlaneStore store, Map<String, String> tokens, ServerSettings settings,
                    Path policies, List<ServerExtension> extensions) {
        this.storeConfig = storeConfig;
        this.store = store;
        this.tokens = tokens;
        this.reloadSource = () -> load(policies);
        this.config = new ConfigHolder(load(policies));
        this.controlPlane = ControlPlanes.create(store, config, Clock.systemUTC());
        this.server = BlastwallServer.start(controlPlane, () -> reloadSource.get(), settings, extensions);
        this.http = new Http(server.baseUrl());
    }

    /** A fresh SQLite store in {@code dir}, seeded with the test principals. */
    static TestEnv sqlite(Path dir) {
        return sqlite(dir, List.of());
    }

    /** As {@link #sqlite(Path)}, with {@code more} extensions registered after the default ones. */
    static TestEnv sqlite(Path dir, List<ServerExtension> more) {
        return start(StoreConfig.sqlite(dir.resolve("blastwall.db")), null, ServerSettings.loopback(0), s -> s, store -> {
            List<ServerExtension> all = new java.util.ArrayList<>(defaultExtensions(store));
            all.addAll(more);
            return all;
        });
    }

    /**
     * A server on {@code config}; seeds principals when {@code tokens} is null, else shares the given ones (a second
     * replica). {@code wrap} may decorate the store (fault injection).
     */
    static TestEnv start(StoreConfig config, Map<String, String> tokens, ServerSettings settings,
                         Function<ControlPlaneStore, ControlPlaneStore> wrap) {
        return start(config, tokens, settings, wrap, TestEnv::defaultExtensions);
    }

    /** As above, with the server's extensions built from the (unwrapped) store. */
    static TestEnv start(StoreConfig config, Map<String, String> tokens, ServerSettings settings,
                         Function<ControlPlaneStore, ControlPlaneStore> wrap,
                         Function<JdbcControlPlaneStore, List<ServerExtension>> extensions) {
        JdbcControlPlaneStore store = JdbcControlPlaneStore.open(config);
        Map<String, String> t = tokens == null ? seed(store) : tokens;
        return new TestEnv(config, wrap.apply(store), t, settings, testPolicies(), extensions.apply(store));
    }

    /** The extensions a served Blastwall has: the rollout API, fail-closed without an executor. */
    static List<ServerExtension> defaultExtensions(JdbcControlPlaneStore store) {
        return List.of(new RolloutExtension(new JdbcRolloutStore(store), Unconfigured.executor(), Unconfigured.metrics(),
                CanaryWaveJudge.defaults(), RolloutExtension.Settings.defaults()));
    }

    String token(String who) {
        return tokens.get(who);
    }

    static Path root() {
        String r = System.getProperty("blastwall.root");
        return r == null ? Path.of("..").toAbsolutePath().normalize() : Path.of(r);
    }

    static Path shopEstate() {
        return root().resolve("examples/estate/shop.yaml");
    }

    static String example(String name) {
        try {
            return Files.readString(root().resolve("examples/changes").resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path testPolicies() {
        try {
            return Path.of(TestEnv.class.getResource("/policies").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Config load(Path policies) {
        return ConfigLoader.load(List.of(shopEstate()), List.of(policies), Clock.systemUTC());
    }

    /** A human change file for checkout-api with the given labels (no author: it comes from the credential). */
    static String changeFile(String title, Map<String, String> labels) {
        StringBuilder sb = new StringBuilder("apiVersion: blastwall.io/v1\nkind: Change\nmetadata:\n  title: \"" + title + "\"\n");
        if (!labels.isEmpty()) {
            sb.append("  labels:\n");
            labels.forEach((k, v) -> sb.append("    ").append(k).append(": \"").append(v).append("\"\n"));
        }
        sb.append("scope:\n  everywhere: false\n  regions: [eu-west-1]\n  zones: [eu-west-1a]\n")
                .append("actions:\n  - action: config\n    component: checkout-api\n    paths: [timeouts.upstream]\n")
                .append("    description: \"upstream timeout 30s -> 45s\"\n");
        return sb.toString();
    }

    /** Seeds the test principals into {@code store} and returns their token secrets. */
    static Map<String, String> seedPrincipals(ControlPlaneStore store) {
        return seed(store);
    }

    private static Map<String, String> seed(ControlPlaneStore store) {
        Instant now = Instant.now();
        Map<String, String> tokens = new LinkedHashMap<>();
        List<Principal> principals = List.of(
                human("alice", "engineer"), human("bob", "engineer"), human("carol", "engineer", "senior"),
                human("dave", "engineer", "senior"), human("frank", "senior"), human("erin", "admin"),
                new Principal(AGENT, AuthorKind.AGENT, "Infra copilot", List.of(), "carol", MODEL, false, now));
        store.inTransaction(tx -> {
            for (Principal p : principals) {
                tx.createPrincipal(p);
                String secret = Tokens.generate();
                tx.createToken(new ApiToken(Tokens.randomId("tk_"), p.id(), "test", Tokens.hash(secret), now, null, null, null));
                tokens.put(p.id(), secret);
            }
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
