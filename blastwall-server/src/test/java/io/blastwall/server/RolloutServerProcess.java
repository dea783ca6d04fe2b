package io.blastwall.server;

import io.blastwall.core.controlplane.ConfigHolder;
import io.blastwall.core.controlplane.ControlPlane;
import io.blastwall.core.rollout.ExecutionStep;
import io.blastwall.core.rollout.MetricQuery;
import io.blastwall.core.rollout.MetricsSource;
import io.blastwall.core.rollout.RolloutExecutor;
import io.blastwall.core.rollout.RolloutPolicy;
import io.blastwall.core.rollout.StepOutcome;
import io.blastwall.core.rollout.WaveJudge;
import io.blastwall.core.rollout.WaveVerdict;
import io.blastwall.server.rollout.RolloutExtension;
import io.blastwall.store.JdbcControlPlaneStore;
import io.blastwall.store.JdbcRolloutStore;
import io.blastwall.store.StoreConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A server with the rollout extension in a child JVM for {@link KillMidRolloutTest}:
 * {@code RolloutServerProcess DATA_DIR PORT_FILE APPLIED_FILE}. Its executor is a TEST DOUBLE backed by APPLIED_FILE
 * — the "estate": one line per idempotency key applied, forced to disk before the step returns, and checked before
 * applying, so a key that survived a kill -9 is replayed rather than applied again, as the executor port requires.
 * Each apply takes a moment after changing the estate, so a kill lands between "applied" and "outcome recorded".
 */
final class RolloutServerProcess {

    private RolloutServerProcess() {
    }

    public static void main(String[] args) throws Exception {
        Path data = Path.of(args[0]);
        Path applied = Path.of(args[2]);
        JdbcControlPlaneStore store = JdbcControlPlaneStore.open(StoreConfig.sqlite(data.resolve("blastwall.db")));
        ConfigHolder config = new ConfigHolder(TestEnv.load(TestEnv.testPolicies()));
        ControlPlane cp = ControlPlanes.create(store, config, Clock.systemUTC());
        RolloutPolicy policy = new RolloutPolicy(3, Duration.ofSeconds(1), 0.5, 2, RolloutPolicy.Everywhere.SPLIT, true,
                Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofMillis(100));
        RolloutExtension rollouts = new RolloutExtension(new JdbcRolloutStore(store), new FileEstate(applied), steady(),
                passIfSimilar(), new RolloutExtension.Settings(policy, Clock.systemUTC(), "replica-" + ProcessHandle.current().pid(),
                Duration.ofMillis(100), Duration.ofSeconds(1)));
        BlastwallServer server = BlastwallServer.start(cp, () -> TestEnv.load(TestEnv.testPolicies()), ServerSettings.loopback(0),
                List.of(rollouts));
        Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
        Path tmp = Files.createTempFile(data, "port", ".tmp");
        Files.writeString(tmp, String.valueOf(server.port()));
        Files.move(tmp, Path.of(args[1]), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        server.awaitStop();
    }

    /** TEST DOUBLE executor: the estate is a file of applied idempotency keys. */
    static final class FileEstate implements RolloutExecutor {
        private final Path file;

        FileEstate(Path file) {
            this.file = file;
        }

        @Override
        public String name() {
            return "file-estate-test-double";
        }

        @Override
        public synchronized StepOutcome apply(ExecutionStep step) {
            try {
                if (Files.exists(file) && Files.readAllLines(file).contains(step.idempotencyKey())) {
                    return new StepOutcome(true, true, "already applied", "");
                }
                try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        StandardOpenOption.APPEND)) {
                    ch.write(ByteBuffer.wrap((step.idempotencyKey() + "\n").getBytes(StandardCharsets.UTF_8)));
                    ch.force(true);
                }
                Thread.sleep(400); // the estate has changed; the engine has not yet recorded it
                return StepOutcome.ok("applied to " + step.targets().size() + " targets");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return StepOutcome.failed("interrupted", "");
            }
        }

        @Override
        public StepOutcome rollBack(ExecutionStep step) {
            return StepOutcome.ok("rolled back");
        }
    }

    static MetricsSource steady() {
        return new MetricsSource() {
            @Override
            public String describe() {
                return "steady-test-double";
            }

            @Override
            public double[] fetch(MetricQuery q) {
                double[] out = new double[20];
                for (int i = 0; i < out.length; i++) out[i] = 0.01 + 0.001 * (i % 3);
                return out;
            }
        };
    }

    static WaveJudge passIfSimilar() {
        return new WaveJudge() {
            @Override
            public List<String> metrics() {
                return List.of("error_rate");
            }

            @Override
            public WaveVerdict judge(Map<String, double[]> baseline, Map<String, double[]> canary) {
                double b = java.util.Arrays.stream(baseline.get("error_rate")).average().orElseThrow();
                double c = java.util.Arrays.stream(canary.get("error_rate")).average().orElseThrow();
                boolean ok = c <= 2 * b;
                return new WaveVerdict(ok ? WaveVerdict.Outcome.PASS : WaveVerdict.Outcome.FAIL, ok ? 100 : 0, List.of(),
                        List.of());
            }
        };
    }
}
