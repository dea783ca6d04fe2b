package io.blastwall.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.blastwall.core.ledger.CheckpointKeys;
import io.blastwall.core.ledger.CheckpointSigner;
import io.blastwall.core.ledger.LedgerEntry;
import io.blastwall.store.JdbcControlPlaneStore;
import io.blastwall.store.StoreConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code ledger verify --checkpoints}: signed checkpoints catch what the chain alone cannot. */
class LedgerCheckpointsCommandTest {

    @TempDir
    Path dir;

    private Path pub;

    private CliRun bw(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--data-dir");
        all.add(dir.toString());
        return CliRun.of(all.toArray(String[]::new));
    }

    /** Ten entries, checkpoints at 5 and 8 signed with the data directory's key, as the server writes them. */
    @BeforeEach
    void ledger() throws Exception {
        CheckpointSigner signer = new CheckpointSigner(CheckpointKeys.loadOrCreate(dir));
        pub = dir.resolve(CheckpointKeys.PUBLIC_FILE);
        try (JdbcControlPlaneStore store = JdbcControlPlaneStore.open(StoreConfig.inDataDir(dir))) {
            Instant t = Instant.parse("2026-11-25T10:00:00Z");
            for (int i = 1; i <= 10; i++) {
                long n = i;
                LedgerEntry e = store.inTransaction(tx -> tx.appendLedger("alice", "change.transition", "ch-1",
                        Map.of("n", n), t.plusSeconds(n)));
                if (i == 5 || i == 8) store.saveCheckpoint(signer.sign(e.sequence(), e.hash(), t.plusSeconds(n)));
            }
        }
    }

    private void sql(String statement) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("blastwall.db"));
             Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }

    @Test
    void intactCheckpointsHold() throws Exception {
        CliRun r = bw("ledger", "verify", "--checkpoints", pub.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("ledger intact: 10 entries").contains("checkpoints hold: 2 checked, latest entry 8");
        JsonNode j = new ObjectMapper().readTree(bw("ledger", "verify", "--checkpoints", pub.toString(), "--format", "json").out());
        assertThat(j.at("/checkpoints/hold").asBoolean()).isTrue();
        assertThat(j.at("/checkpoints/checked").asInt()).isEqualTo(2);
    }

    @Test
    void truncatingTheEndIsReportedAlthoughTheChainAloneVerifies() throws Exception {
        sql("DELETE FROM ledger WHERE seq > 6");
        CliRun plain = bw("ledger", "verify");
        assertThat(plain.code()).isZero();
        assertThat(plain.out()).contains("ledger intact: 6 entries");

        CliRun r = bw("ledger", "verify", "--checkpoints", pub.toString());
        assertThat(r.code()).isEqualTo(LedgerCommand.EXIT_BROKEN);
        assertThat(r.out()).contains("ledger intact: 6 entries")
                .contains("checkpoint failed at entry 8").contains("cut off the end");
    }

    @Test
    void aTamperedCheckpointRowIsReported() throws Exception {
        // moved to vouch for a shorter ledger: the signature does not cover the new fields
        sql("UPDATE ledger_checkpoints SET seq = 6, head_hash = (SELECT hash FROM ledger WHERE seq = 6) WHERE seq = 8");
        sql("DELETE FROM ledger WHERE seq > 6");
        CliRun r = bw("ledger", "verify", "--checkpoints", pub.toString());
        assertThat(r.code()).isEqualTo(LedgerCommand.EXIT_BROKEN);
        assertThat(r.out()).contains("checkpoint failed at entry 6").contains("signature does not match");
        JsonNode j = new ObjectMapper().readTree(bw("ledger", "verify", "--checkpoints", pub.toString(), "--format", "json").out());
        assertThat(j.at("/checkpoints/hold").asBoolean()).isFalse();
        assertThat(j.at("/checkpoints/failedSequence").asLong()).isEqualTo(6);
    }

    @Test
    void aWrongPublicKeyIsReported() throws Exception {
        Path other = dir.resolve("other.pub");
        Files.writeString(other, CheckpointKeys.pem("PUBLIC KEY", CheckpointKeys.generate().getPublic().getEncoded()));
        CliRun r = bw("ledger", "verify", "--checkpoints", other.toString());
        assertThat(r.code()).isEqualTo(LedgerCommand.EXIT_BROKEN);
        assertThat(r.out()).contains("checkpoint failed at entry 5").contains("not among the given public keys");
    }

    @Test
    void deletedCheckpointsAndAnUnreadableKeyFileAreReported() throws Exception {
        sql("DELETE FROM ledger_checkpoints");
        CliRun r = bw("ledger", "verify", "--checkpoints", pub.toString());
        assertThat(r.code()).isEqualTo(LedgerCommand.EXIT_BROKEN);
        assertThat(r.out()).contains("checkpoints fail: no checkpoint is stored");

        CliRun missing = bw("ledger", "verify", "--checkpoints", dir.resolve("nope.pub").toString());
        assertThat(missing.code()).isEqualTo(Main.EXIT_BAD_INPUT);
        assertThat(missing.err()).contains("nope.pub").contains("no such file");
    }
}
