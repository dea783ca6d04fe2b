package io.blastwall.cli;

import io.blastwall.adapters.command.CommandExecutor;
import io.blastwall.adapters.command.CommandExecutorConfig;
import io.blastwall.adapters.kubernetes.DirectoryChangeDocuments;
import io.blastwall.adapters.kubernetes.KubernetesExecutor;
import io.blastwall.adapters.kubernetes.KubernetesExecutorConfig;
import io.blastwall.adapters.prometheus.PrometheusConfig;
import io.blastwall.adapters.prometheus.PrometheusMetricsSource;
import io.blastwall.core.BadInputException;
import io.blastwall.core.SourceLocation;
import io.blastwall.core.estate.Estate;
import io.blastwall.core.rollout.CanaryWaveJudge;
import io.blastwall.core.rollout.MetricsSource;
import io.blastwall.core.rollout.RolloutExecutor;
import io.blastwall.server.rollout.RolloutExtension;
import io.blastwall.server.rollout.Unconfigured;
import io.blastwall.sim.RealTimeDriver;
import io.blastwall.sim.SimConfig;
import io.blastwall.sim.SimMetricsEndpoint;
import io.blastwall.sim.SimulatedChanges;
import io.blastwall.sim.Simulation;
import io.blastwall.sim.SimulatorExecutor;
import io.blastwall.sim.SimulatorMetricsSource;
import io.blastwall.store.JdbcControlPlaneStore;
import io.blastwall.store.JdbcRolloutStore;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code blastwall serve}'s choice of what applies approved changes and where their health is read: the rollout
 * executor (none, the simulator, a command, Kubernetes) and the metrics source (none, the simulator, Prometheus). With
 * none configured the rollout API fails closed: a started rollout halts at its first wave saying why. Configuration
 * files are read before the store opens, so a bad one is exit 2 naming the file and line, and nothing starts.
 */
public final class RolloutOptions {

    /** Which executor applies the waves. */
    public enum ExecutorKind { none, simulator, command, kubernetes }

    /** Where canary metrics come from. */
    public enum MetricsKind { none, simulator, prometheus }

    @Option(names = "--executor", defaultValue = "none", paramLabel = "KIND",
            description = "What applies approved changes wave by wave: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE};"
                    + " none fails every rollout closed). command and kubernetes read --executor-config.")
    ExecutorKind executor;

    @Option(names = "--executor-config", paramLabel = "FILE",
            description = "The command executor's or the Kubernetes executor's YAML configuration (docs/executors.md).")
    Path executorConfig;

    @Option(names = "--change-documents", paramLabel = "DIR",
            description = "Where the Kubernetes executor finds each approved revision's manifests: DIR/CHANGE_ID/REVISION/*.yaml"
                    + " (the store keeps only their digests; the executor applies them only if they hash to the approved content).")
    Path changeDocuments;

    @Option(names = "--metrics", defaultValue = "none", paramLabel = "KIND",
            description = "Where canary analysis reads metrics: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}; none halts"
                    + " every wave for missing data). prometheus reads --metrics-config.")
    MetricsKind metrics;

    @Option(names = "--metrics-config", paramLabel = "FILE",
            description = "The Prometheus source's YAML configuration: URL and a PromQL template per metric (docs/metrics-sources.md).")
    Path metricsConfig;

    @Option(names = "--simulate", description = "Run a simulation of the estate with live traffic in real time and use it as"
            + " both executor and metrics source (same as --executor simulator --metrics simulator).")
    boolean simulate;

    @Option(names = "--sim-metrics-port", defaultValue = "-1", paramLabel = "PORT",
            description = "Serve the simulation's Prometheus metrics on this port (0 = any free port; default: off), for a"
                    + " Prometheus that --metrics prometheus then reads.")
    int simMetricsPort;

    @Option(names = "--sim-seed", defaultValue = "1", paramLabel = "N", description = "Seed of the simulation (default: ${DEFAULT-VALUE}).")
    long simSeed;

    private CommandExecutorConfig commandConfig;
    private KubernetesExecutorConfig kubernetesConfig;
    private PrometheusConfig prometheusConfig;

    /** What {@link #build} made: the extension plus everything to close when the server stops. */
    public record Wiring(RolloutExtension extension, List<AutoCloseable> resources, Optional<SimMetricsEndpoint> simMetrics) {
        public void close() {
            for (AutoCloseable r : resources.reversed()) {
                try {
                    r.close();
                } catch (Exception e) {
                    // closing at shutdown: nothing more to do
                }
            }
        }
    }

    /** Checks the options and reads the configuration files; throws {@link BadInputException} on bad input. */
    void validate() {
        ExecutorKind ex = simulate ? ExecutorKind.simulator : executor;
        MetricsKind mx = simulate ? MetricsKind.simulator : metrics;
        if (simulate && (executor != ExecutorKind.none || metrics != MetricsKind.none)) {
            throw new BadInputException(SourceLocation.of("--simulate"), "--simulate already chooses the simulator as executor"
                    + " and metrics source; drop --executor/--metrics or drop --simulate");
        }
        if (ex == ExecutorKind.command && executorConfig == null) {
            throw new BadInputException(SourceLocation.of("--executor-config"), "the command executor needs --executor-config FILE");
        }
        if (executorConfig != null && !Files.isRegularFile(executorConfig)) {
            throw new BadInputException(SourceLocation.of(executorConfig.toString()), "no such file (--executor-config)");
        }
        if (ex == ExecutorKind.kubernetes && changeDocuments == null) {
            throw new BadInputException(SourceLocation.of("--change-documents"), "the Kubernetes executor needs --change-documents DIR:"
                    + " the store keeps only the manifests' digests");
        }
        if (mx == MetricsKind.prometheus && metricsConfig == null) {
            throw new BadInputException(SourceLocation.of("--metrics-config"), "the Prometheus metrics source needs --metrics-config FILE");
        }
        if (metricsConfig != null && !Files.isRegularFile(metricsConfig)) {
            throw new BadInputException(SourceLocation.of(metricsConfig.toString()), "no such file (--metrics-config)");
        }
        if (simMetricsPort < -1 || simMetricsPort > 65535) {
            throw new BadInputException(SourceLocation.of("--sim-metrics-port"), "expected 0..65535, found " + simMetricsPort);
        }
        boolean sim = ex == ExecutorKind.simulator || mx == MetricsKind.simulator;
        if (simMetricsPort >= 0 && !sim) {
            throw new BadInputException(SourceLocation.of("--sim-metrics-port"), "there is no simulation to expose: add --simulate");
        }
        // read the files now, so that a bad one stops the server before anything opens
        if (ex == ExecutorKind.command) commandConfig = CommandExecutorConfig.read(executorConfig);
        if (ex == ExecutorKind.kubernetes) {
            kubernetesConfig = executorConfig == null ? KubernetesExecutorConfig.estateOnly() : KubernetesExecutorConfig.read(executorConfig);
        }
        if (mx == MetricsKind.prometheus) prometheusConfig = PrometheusConfig.read(metricsConfig);
    }

    /** Builds the rollout extension on {@code store} for {@code estate} from what {@link #validate} read (call it first). */
    Wiring build(JdbcControlPlaneStore store, Estate estate) {
        ExecutorKind ex = simulate ? ExecutorKind.simulator : executor;
        MetricsKind mx = simulate ? MetricsKind.simulator : metrics;
        List<AutoCloseable> resources = new ArrayList<>();
        Simulation sim = null;
        Optional<SimMetricsEndpoint> endpoint = Optional.empty();
        if (ex == ExecutorKind.simulator || mx == MetricsKind.simulator) {
            // real time from now, so the engine (on the system clock) and a scraping Prometheus line up with it
            sim = Simulation.create(estate, SimConfig.defaults(), simSeed, Clock.systemUTC().instant());
            resources.add(sim);
            resources.add(RealTimeDriver.realTime(sim, Clock.systemUTC()).start());
            if (simMetricsPort >= 0) {
                try {
                    SimMetricsEndpoint e = SimMetricsEndpoint.start(sim, "127.0.0.1", simMetricsPort);
                    resources.add(e);
                    endpoint = Optional.of(e);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot serve the simulation's metrics on port " + simMetricsPort, e);
                }
            }
        }
        RolloutExecutor executorImpl = switch (ex) {
            case none -> Unconfigured.executor();
            case simulator -> new SimulatorExecutor(sim, new SimulatedChanges());
            case command -> new CommandExecutor(commandConfig);
            case kubernetes -> {
                KubernetesExecutor k = KubernetesExecutor.connect(kubernetesConfig, Optional.of(estate),
                        new DirectoryChangeDocuments(changeDocuments));
                resources.add(k);
                yield k;
            }
        };
        MetricsSource metricsImpl = switch (mx) {
            case none -> Unconfigured.metrics();
            case simulator -> new SimulatorMetricsSource(sim);
            case prometheus -> new PrometheusMetricsSource(prometheusConfig);
        };
        // one-minute samples and the judge tuned for them (docs/BENCHMARKS.md, "Detection quality")
        RolloutExtension.Settings d = RolloutExtension.Settings.defaults();
        RolloutExtension ext = new RolloutExtension(new JdbcRolloutStore(store), executorImpl, metricsImpl,
                CanaryWaveJudge.forWaves(), new RolloutExtension.Settings(io.blastwall.core.rollout.RolloutPolicy.forWaves(),
                d.clock(), d.replica(), d.tickEvery(), d.leaseTtl()));
        return new Wiring(ext, resources, endpoint);
    }
}
