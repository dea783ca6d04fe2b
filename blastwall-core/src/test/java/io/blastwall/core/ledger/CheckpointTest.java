package io.blastwall.core.ledger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CheckpointTest {

    private static final Instant T = Instant.parse("2026-03-01T10:00:00.123Z");

    static List<LedgerEntry> ledger(int n) {
        List<LedgerEntry> out = new ArrayList<>();
        Optional<LedgerEntry> prev = Optional.empty();
        for (int i = 0; i < n; i++) {
            LedgerEntry e = LedgerChain.next(prev, T.plusSeconds(i), "alice", "change.transition", "ch_" + i, Map.of("i", (long) i));
            out.add(e);
            prev = Optional.of(e);
        }
        return out;
    }

    static CheckpointAudit.Result audit(List<Checkpoint> cps, List<LedgerEntry> ledger, PublicKey... keys) {
        CheckpointAudit a = new CheckpointAudit(cps, List.of(keys));
        for (LedgerEntry e : ledger) a.accept(e);
        return a.finish(ledger.isEmpty() ? 0 : ledger.getLast().sequence(), true);
    }

    @Test
    void aSignatureRoundTripsAndCoversEveryField() {
        CheckpointSigner s = new CheckpointSigner(CheckpointKeys.generate());
        Checkpoint c = s.sign(7, "a".repeat(64), T);
        assertThat(c.keyId()).hasSize(16).matches("[0-9a-f]+");
        assertThat(c.signedText()).isEqualTo("{\"headHash\":\"" + "a".repeat(64) + "\",\"keyId\":\"" + c.keyId()
                + "\",\"sequence\":7,\"time\":\"2026-03-01T10:00:00.123Z\"}");
        assertThat(CheckpointSigner.verifies(c, s.publicKey())).isTrue();
        assertThat(CheckpointSigner.verifies(new Checkpoint(8, c.headHash(), c.time(), c.keyId(), c.signature()), s.publicKey())).isFalse();
        assertThat(CheckpointSigner.verifies(new Checkpoint(7, "b".repeat(64), c.time(), c.keyId(), c.signature()), s.publicKey())).isFalse();
        assertThat(CheckpointSigner.verifies(new Checkpoint(7, c.headHash(), c.time().plusMillis(1), c.keyId(), c.signature()), s.publicKey())).isFalse();
        assertThat(CheckpointSigner.verifies(new Checkpoint(7, c.headHash(), c.time(), c.keyId(), "not base64!"), s.publicKey())).isFalse();
        assertThat(CheckpointSigner.verifies(c, CheckpointKeys.generate().getPublic())).isFalse();
    }

    @Test
    void keysAreCreatedOnceWithOwnerOnlyPermissionsAndThePublicHalfIsExported(@TempDir Path dir) throws Exception {
        KeyPair first = CheckpointKeys.loadOrCreate(dir);
        KeyPair again = CheckpointKeys.loadOrCreate(dir);
        assertThat(again.getPublic().getEncoded()).isEqualTo(first.getPublic().getEncoded());
        Path key = dir.resolve(CheckpointKeys.KEY_FILE);
        if (Files.getFileStore(key).supportsFileAttributeView("posix")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
        }
        PublicKey exported = CheckpointKeys.readPublicKey(dir.resolve(CheckpointKeys.PUBLIC_FILE));
        assertThat(CheckpointKeys.keyId(exported)).isEqualTo(CheckpointKeys.keyId(first.getPublic()));
        Checkpoint c = new CheckpointSigner(again).sign(1, "0".repeat(64), T);
        assertThat(CheckpointSigner.verifies(c, exported)).isTrue();
        // raw DER is accepted as well
        Path der = dir.resolve("pub.der");
        Files.write(der, exported.getEncoded());
        assertThat(CheckpointKeys.readPublicKey(der).getEncoded()).isEqualTo(exported.getEncoded());
        Files.writeString(dir.resolve("junk.pub"), "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
        assertThatThrownBy(() -> CheckpointKeys.readPublicKey(dir.resolve("junk.pub"))).hasMessageContaining("junk.pub")
                .hasMessageContaining("PUBLIC KEY");
    }

    @Test
    void checkpointsOfAnIntactLedgerHold() {
        CheckpointSigner s = new CheckpointSigner(CheckpointKeys.generate());
        List<LedgerEntry> l = ledger(10);
        List<Checkpoint> cps = List.of(s.sign(5, l.get(4).hash(), T), s.sign(10, l.get(9).hash(), T));
        assertThat(audit(cps, l, s.publicKey())).isEqualTo(new CheckpointAudit.Result.Holds(2, cps.get(1)));
    }

    @Test
    void entriesCutOffTheEndAreReportedAlthoughTheChainStillVerifies() {
        CheckpointSigner s = new CheckpointSigner(CheckpointKeys.generate());
        List<LedgerEntry> l = ledger(10);
        List<Checkpoint> cps = List.of(s.sign(5, l.get(4).hash(), T), s.sign(10, l.get(9).hash(), T));
        List<LedgerEntry> cut = l.subList(0, 8);
        assertThat(LedgerChain.verify(cut)).isInstanceOf(LedgerChain.Verification.Intact.class);
        assertThat(audit(cps, cut, s.publicKey())).isInstanceOfSatisfying(CheckpointAudit.Result.Fails.class, f -> {
            assertThat(f.checkpoint()).isEqualTo(cps.get(1));
            assertThat(f.reason()).contains("cut off the end").contains("ends at entry 8");
        });
    }

    @Test
    void aRewrittenAndRehashedHistoryIsReported() {
        CheckpointSigner s = new CheckpointSigner(CheckpointKeys.generate());
        List<LedgerEntry> l = ledger(10);
        List<Checkpoint> cps = List.of(s.sign(5, l.get(4).hash(), T));
        // rewrite entry 3 and re-chain everything after it: the chain alone is intact
        List<LedgerEntry> forged = new ArrayList<>(l.subList(0, 2));
        for (int i = 2; i < 10; i++) {
            LedgerEntry o = l.get(i);
            forged.add(LedgerChain.next(Optional.of(forged.getLast()), o.time(), i == 2 ? "mallory" : o.actor(), o.action(), o.changeId(), o.payload()));
        }
        assertThat(LedgerChain.verify(forged)).isInstanceOf(LedgerChain.Verification.Intact.class);
        assertThat(audit(cps, forged, s.publicKey())).isInstanceOfSatisfying(CheckpointAudit.Result.Fails.class,
                f -> assertThat(f.reason()).contains("entry 5 now has hash").contains("rewritten"));
    }

    @Test
    void aTamperedCheckpointAWrongKeyAndNoCheckpointAtAllAreReported() {
        CheckpointSigner s = new CheckpointSigner(CheckpointKeys.generate());
        List<LedgerEntry> l = ledger(10);
        Checkpoint good = s.sign(5, l.get(4).hash(), T);
        // moved back to entry 3 to vouch for a truncated ledger: the signature no longer covers it
        Checkpoint moved = new Checkpoint(3, l.get(2).hash(), good.time(), good.keyId(), good.signature());
        assertThat(audit(List.of(moved, s.sign(9, l.get(8).hash(), T)), l, s.publicKey()))
                .isInstanceOfSatisfying(CheckpointAudit.Result.Fails.class, f -> {
                    assertThat(f.checkpoint()).isEqualTo(moved);
                    assertThat(f.reason()).contains("signature does not match");
                });
        PublicKey other = CheckpointKeys.generate().getPublic();
        assertThat(audit(List.of(good), l, other)).isInstanceOfSatisfying(CheckpointAudit.Result.Fails.class,
                f -> assertThat(f.reason()).contains("not among the given public keys"));
        assertThat(audit(List.of(), l, s.publicKey())).isInstanceOfSatisfying(CheckpointAudit.Result.Fails.class,
                f -> assertThat(f.reason()).contains("no checkpoint is stored"));
    }
}
