package io.blastwall.store;

import io.blastwall.core.store.StoreUnavailableException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A database that cannot be used is a typed, actionable failure at start, never a half-open store. */
class UnavailableTest {

    @Test
    void unreachablePostgresIsUnavailableWithAnActionableMessage() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();   // free now, nobody listening after close
        }
        StoreConfig cfg = StoreConfig.parse("postgresql://bw:hunter2@localhost:" + port + "/blastwall")
                .withConnectTimeout(Duration.ofMillis(500));
        assertThatThrownBy(() -> JdbcControlPlaneStore.open(cfg))
                .isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining("postgresql://bw@localhost:" + port + "/blastwall")
                .hasMessageContaining("cannot be reached")
                .message().doesNotContain("hunter2");
    }

    @Test
    void sqliteFileThatCannotBeCreatedIsUnavailable(@TempDir Path dir) throws IOException {
        Path notADir = Files.writeString(dir.resolve("plain-file"), "x");
        assertThatThrownBy(() -> JdbcControlPlaneStore.open(StoreConfig.sqlite(notADir.resolve("blastwall.db"))))
                .isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining("plain-file");
    }

    @Test
    void aFileThatIsNotADatabaseIsUnavailable(@TempDir Path dir) throws IOException {
        Path junk = Files.writeString(dir.resolve("blastwall.db"), "this is not a database file, just text ".repeat(200));
        assertThatThrownBy(() -> JdbcControlPlaneStore.open(StoreConfig.sqlite(junk)))
                .isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining("restore it from a backup");
    }
}
