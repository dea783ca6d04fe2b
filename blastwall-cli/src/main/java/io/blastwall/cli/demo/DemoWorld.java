package io.blastwall.cli.demo;

import io.blastwall.cli.AdminRecords;
import io.blastwall.core.change.Provenance.AuthorKind;
import io.blastwall.core.controlplane.Config;
import io.blastwall.core.controlplane.ConfigHolder;
import io.blastwall.core.controlplane.ControlPlane;
import io.blastwall.core.rollout.RolloutPolicy;
import io.blastwall.core.rollout.WaveJudge;
import io.blastwall.core.store.Principal;
import io.blastwall.core.store.TokenHash;
import io.blastwall.server.BlastwallServer;
import io.blastwall.server.ConfigLoader;
import io.blastwall.server.ControlPlanes;
import io.blastwall.server.ServerExtension;
import io.blastwall.server.ServerSettings;
import io.blastwall.server.rollout.RolloutExtension;
import io.blastwall.sim.RealTimeDriver;
import io.blastwall.sim.SimConfig;
import io.blastwall.sim.SimulatedChanges;
import io.blastwall.sim.Simulation;
import io.blastwall.sim.SimulatorExecutor;
import io.blastwall.sim.SimulatorMetricsSource;
import io.blastwall.store.JdbcControlPlaneStore;
import io.blastwall.store.JdbcRolloutStore;
import io.blastwall.store.StoreConfig;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything the live demo runs on, in one process: the example estate simulated with live traffic, a control plane on
 * the embedded database, the HTTP server with the rollout engine driving the simulator (and reading its metrics), and
 * the demo's people — humans with roles and agents acting for them — each with an API token.
 *
 * <p>Time: the simulation runs {@code speed} times faster than the wall clock from a fixed Wednesday morning
 * ({@link #START}); the control plane, the ledger and the rollout engine all read the simulation's clock, so bake
 * times, freeze windows and ledger times are simulated time and the demo gives the same verdicts on any day.
 *
 * <p>Not thread-safe to build; {@link #close()} stops the server, the engine and the simulation.
 */
final class DemoWorld implements AutoCloseable {

    /** Simulated start: a Wednesday morning (the default policy pack freezes agents' changes at weekends). */
    static final Instant START = Instant.parse("2026-11-25T10:00:00Z");

    /** A principal of the demo and its API token. */
    record Person(Principal principal, String token) {
        String id() {
            return principal.id();
        }
    }

    final Simulation sim;
    /** Where the demo registers how each change behaves once deployed in the simulation. */
    final SimulatedChanges behaviours;
    final BlastwallServer server;
    final Map<String, Person> people = new LinkedHashMap<>();
    private final RealTimeDriver driver;
    private double speed;
    private final JdbcControlPlaneStore store;

    private DemoWorld(Simulation sim, SimulatedChanges behaviours, RealTimeDriver driver, JdbcControlPlaneStore store,
                      BlastwallServer server) {
        this.sim = sim;
        this.behaviours = behaviours;
        this.driver = driver;
        this.store = store;
        this.server = server;
    }

    /**
     * Starts the world.
     *
     * @param estateFile the estate to simulate and check against
     * @param dataDir    where the embedded database lives (a fresh folder: the demo creates its people)
     * @param port       the HTTP port, 0 for any free one
     * @param speed      simulated seconds per wall-clock second
     * @param seed       the simulation's random seed
     * @param judge      the canary analysis the rollout engine uses
     * @param extra      further server extensions (the console)
     */
    static DemoWorld start(Path estateFile, Path dataDir, int port, double speed, long seed, WaveJudge judge,
                           List<ServerExtension> extra) {
        Config config = ConfigLoader.load(List.of(estateFile), List.of(), Clock.fixed(START, java.time.ZoneOffset.UTC));
        Simulation sim = Simulation.create(config.estate(), SimConfig.defaults(), seed, START);
        RealTimeDriver driver = new RealTimeDriver(sim, Clock.systemUTC(), speed, Duration.ofMillis(20), null);
        JdbcControlPlaneStore store = JdbcControlPlaneStore.open(StoreConfig.inDataDir(dataDir));
        try {
            Clock clock = sim.clock();
            ControlPlane cp = ControlPlanes.create(store, new ConfigHolder(config), clock);
            SimulatedChanges behaviours = new SimulatedChanges();
            // the engine ticks every 100 ms of wall time; leases are in simulated time, so they span many ticks
            RolloutExtension rollouts = new RolloutExtension(new JdbcRolloutStore(store),
                    new SimulatorExecutor(sim, behaviours), new SimulatorMetricsSource(sim), judge,
                    new RolloutExtension.Settings(RolloutPolicy.forWaves(), clock, "demo", Duration.ofMillis(100),
                            Duration.ofMinutes(10)));
            List<ServerExtension> extensions = new ArrayList<>();
            extensions.add(rollouts);
            extensions.addAll(extra);
            BlastwallServer server = BlastwallServer.start(cp, () -> ConfigLoader.load(List.of(estateFile), List.of(), clock),
                    ServerSettings.loopback(port), extensions);
            DemoWorld w = new DemoWorld(sim, behaviours, driver, store, server);
            w.speed = speed;
            w.people(cp, clock);
            driver.start();
            return w;
        } catch (RuntimeException e) {
            store.close();
            driver.close();
            throw e;
        }
    }

    double speed() {
        return speed;
    }

    String baseUrl() {
        return server.baseUrl();
    }

    Person person(String id) {
        Person p = people.get(id);
        if (p == null) throw new IllegalArgumentException("no demo person " + id);
        return p;
    }

    private void people(ControlPlane cp, Clock clock) {
        String admin = cp.bootstrapAdmin("admin").orElseThrow(() -> new IllegalStateException(
                "the demo needs a fresh data directory: " + store.describe() + " already has principals"));
        people.put("admin", new Person(store.findPrincipal("admin").orElseThrow(), admin));
        human("alice", "Alice (senior SRE)", List.of("senior", "engineer"), clock);
        human("bob", "Bob (engineer)", List.of("engineer"), clock);
        human("carol", "Carol (engineer)", List.of("engineer"), clock);
        human("dave", "Dave (engineer)", List.of("engineer"), clock);
        human("erin", "Erin (engineer)", List.of("engineer"), clock);
        agent("agent:infra-copilot", "bob", "claude-opus-4", clock);
        agent("agent:cost-optimiser", "dave", "gpt-5", clock);
        agent("agent:release-bot", "carol", "claude-opus-4", clock);
    }

    private void human(String id, String name, List<String> roles, Clock clock) {
        add(new Principal(id, AuthorKind.HUMAN, name, roles, "", "", false, clock.instant()), clock);
    }

    private void agent(String id, String forHuman, String model, Clock clock) {
        add(new Principal(id, AuthorKind.AGENT, id, List.of(), forHuman, model, false, clock.instant()), clock);
    }

    /** Adds a principal and a token for it, each recorded in the ledger as the admin commands do. */
    private void add(Principal p, Clock clock) {
        String secret = TokenHash.newToken(RANDOM);
        Instant now = clock.instant();
        store.inTransaction(tx -> {
            AdminRecords.createPrincipal(tx, p, "admin", now);
            return AdminRecords.createToken(tx, p.id(), "demo", secret, now, null, "admin");
        });
        people.put(p.id(), new Person(p, secret));
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    @Override
    public void close() {
        try {
            server.stop();
        } finally {
            driver.close();
            sim.close();
        }
    }
}
