package io.blastwall.store;

import io.blastwall.core.ledger.Checkpoint;
import io.blastwall.core.ledger.CheckpointKeys;
import io.blastwall.core.ledger.CheckpointSigner;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** Storing and reading signed ledger checkpoints, on SQLite and on PostgreSQL. */
class CheckpointStoreTest {

    @ParameterizedTest(name = "{0}")
    @EnumSource(Backend.class)
    void checkpointsRoundTripInOrderAndASecondSaveOfTheSameEntryKeepsTheFirst(Backend b) {
        CheckpointSigner signer = new CheckpointSigner(CheckpointKeys.generate());
        StoreConfig cfg = b.fresh();
        Checkpoint c2 = signer.sign(200, "b".repeat(64), Instant.parse("2026-01-01T00:00:02.123Z"));
        Checkpoint c1 = signer.sign(100, "a".repeat(64), Instant.parse("2026-01-01T00:00:01Z"));
        try (var s = b.open(cfg)) {
            assertThat(s.checkpoints()).isEmpty();
            assertThat(s.latestCheckpoint()).isEmpty();
            s.saveCheckpoint(c2);
            s.saveCheckpoint(c1);
            s.saveCheckpoint(signer.sign(200, "c".repeat(64), Instant.parse("2026-01-01T00:00:03Z")));
        }
        try (var s = b.open(cfg)) {
            assertThat(s.checkpoints()).containsExactly(c1, c2);
            assertThat(s.latestCheckpoint()).contains(c2);
            assertThat(CheckpointSigner.verifies(s.latestCheckpoint().orElseThrow(), signer.publicKey())).isTrue();
        }
    }
}
