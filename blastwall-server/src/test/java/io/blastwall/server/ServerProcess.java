package io.blastwall.server;

import io.blastwall.core.controlplane.ConfigHolder;
import io.blastwall.core.controlplane.ControlPlane;
import io.blastwall.store.JdbcControlPlaneStore;
import io.blastwall.store.StoreConfig;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;

/**
 * A server in a child JVM for {@link KillDuringTransitionsTest}: {@code ServerProcess DATA_DIR PORT_FILE} opens the
 * SQLite store in DATA_DIR, starts the server on a free loopback port with checkpoints every 5 entries, writes the
 * port to PORT_FILE (atomically) and serves until killed; SIGTERM stops it gracefully.
 */
final class ServerProcess {

    private ServerProcess() {
    }

    public static void main(String[] args) throws Exception {
        Path data = Path.of(args[0]);
        JdbcControlPlaneStore store = JdbcControlPlaneStore.open(StoreConfig.sqlite(data.resolve("blastwall.db")));
        ConfigHolder config = new ConfigHolder(TestEnv.load(TestEnv.testPolicies()));
        ControlPlane cp = ControlPlanes.create(store, config, Clock.systemUTC());
        CheckpointWriter checkpoints = CheckpointWriter.start(store, data, Clock.systemUTC(), 5, Duration.ofMinutes(5),
                Duration.ofMillis(50));
        BlastwallServer server = BlastwallServer.start(cp, () -> TestEnv.load(TestEnv.testPolicies()), ServerSettings.loopback(0));
        server.beforeStoreClose(checkpoints::close);
        Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
        Path tmp = Files.createTempFile(data, "port", ".tmp");
        Files.writeString(tmp, String.valueOf(server.port()));
        Files.move(tmp, Path.of(args[1]), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        server.awaitStop();
    }
}
