package io.blastwall.cli;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.blastwall.core.canonical.CanonicalJson;
import io.blastwall.core.ledger.LedgerChain;
import io.blastwall.core.ledger.LedgerEntry;
import io.blastwall.store.JdbcControlPlaneStore;
import io.blastwall.store.StoreConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** ledger verify, export and show, in-process on a temporary SQLite data directory with a ledger written by the store. */
class LedgerCommandTest {

    /** Numbers parsed exactly, as an external verifier must: a double would change the canonical text of big numbers. */
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    @TempDir
    Path dir;

    private CliRun bw(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--data-dir");
        all.add(dir.toString());
        return CliRun.of(all.toArray(String[]::new));
    }

    /** Seven entries, three of them about change ch-1, with payloads that stress the canonical form. */
    @BeforeEach
    void ledger() {
        try (JdbcControlPlaneStore store = JdbcControlPlaneStore.open(StoreConfig.inDataDir(dir))) {
            Instant t = Instant.parse("2026-11-25T10:00:00.250Z");
            for (int i = 0; i < 7; i++) {
                int n = i;
                Map<String, Object> payload = new LinkedHashMap<>();
                payload.put("n", (long) n);
                payload.put("ratio", 0.1 * n);
                payload.put("big", new BigInteger("123456789012345678901234567890"));
                payload.put("exact", new BigDecimal("1.10"));
                payload.put("text", "é \"quoted\" \n line ✓");
                payload.put("list", List.of(1L, List.of(), Map.of("z", true, "a", Map.of())));
                payload.put("none", null);
                if (n == 2) payload.put("analysis", "x".repeat(500));
                store.inTransaction(tx -> tx.appendLedger(n % 2 == 0 ? "alice" : "agent:copilot",
                        n == 2 ? "change.proposed" : "change.transition", n % 2 == 0 ? "ch-1" : "", payload,
                        t.plusSeconds(n)));
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
    void anIntactLedgerVerifies() throws IOException {
        CliRun r = bw("ledger", "verify");
        assertThat(r.code()).isZero();
        assertThat(r.out()).matches("ledger intact: 7 entries, head [0-9a-f]{64}\\R");
        JsonNode j = JSON.readTree(bw("ledger", "verify", "--format", "json").out());
        assertThat(j.get("intact").asBoolean()).isTrue();
        assertThat(j.get("entries").asLong()).isEqualTo(7);
        assertThat(r.out()).contains(j.get("headHash").asText());
    }

    @Test
    void anAlteredPayloadIsReportedAtItsEntry() throws Exception {
        sql("UPDATE ledger SET payload = '{\"n\":3,\"approvedBy\":\"mallory\"}' WHERE seq = 4");
        CliRun r = bw("ledger", "verify");
        assertThat(r.code()).isEqualTo(LedgerCommand.EXIT_BROKEN).isEqualTo(3);
        assertThat(r.out().strip()).isEqualTo("ledger broken at entry 4: its content does not match its hash: the entry was altered");
        JsonNode j = JSON.readTree(bw("ledger", "verify", "--format", "json").out());
        assertThat(j.get("intact").asBoolean()).isFalse();
        assertThat(j.get("brokenAt").asLong()).isEqualTo(4);
        assertThat(j.get("verifiedEntries").asLong()).isEqualTo(3);
    }

    @Test
    void anAlteredActorIsReportedToo() throws Exception {
        sql("UPDATE ledger SET actor = 'bob' WHERE seq = 1");
        CliRun r = bw("ledger", "verify");
        assertThat(r.code()).isEqualTo(3);
        assertThat(r.out()).startsWith("ledger broken at entry 1: its content does not match its hash");
    }

    @Test
    void aDeletedRowIsReported() throws Exception {
        sql("DELETE FROM ledger WHERE seq = 3");
        CliRun r = bw("ledger", "verify");
        assertThat(r.code()).isEqualTo(3);
        assertThat(r.out().strip()).isEqualTo("ledger broken at entry 3: entry 3 is missing (next present is 4)");
    }

    @Test
    void aDeletedRowRenumberedToHideTheGapIsReportedAtTheLinkItBreaks() throws Exception {
        sql("DELETE FROM ledger WHERE seq = 3");
        sql("UPDATE ledger SET seq = seq - 1 WHERE seq > 3");
        CliRun r = bw("ledger", "verify");
        assertThat(r.code()).isEqualTo(3);
        assertThat(r.out()).startsWith("ledger broken at entry 3: its previous-hash does not match entry 2");
    }

    @Test
    void entriesCutOffTheEndAreFoundWithARecordedHead() throws Exception {
        String head = bw("ledger", "verify").out().replaceAll("(?s).*head ([0-9a-f]{64}).*", "$1");
        String sixth = JSON.readTree(bw("ledger", "export", "--from", "6").out().split("\n")[0]).get("hash").asText();
        assertThat(bw("ledger", "verify", "--expect-head", head).code()).isZero();
        assertThat(bw("ledger", "verify", "--expect-head", sixth).code()).isZero(); // an older head: still there

        sql("DELETE FROM ledger WHERE seq >= 6");
        assertThat(bw("ledger", "verify").code()).isZero(); // the chain alone cannot tell
        CliRun r = bw("ledger", "verify", "--expect-head", head);
        assertThat(r.code()).isEqualTo(3);
        assertThat(r.out()).startsWith("ledger broken at entry 6: the ledger no longer contains the entry with the recorded head hash " + head);
        assertThat(bw("ledger", "verify", "--expect-head", "abc").err()).contains("--expect-head: expected a SHA-256 hash");
    }

    @Test
    void aRowThatNoLongerParsesIsReportedAtItsPlace() throws Exception {
        sql("UPDATE ledger SET payload = '{not json' WHERE seq = 5");
        CliRun r = bw("ledger", "verify");
        assertThat(r.code()).isEqualTo(3);
        assertThat(r.out()).startsWith("ledger broken at entry 5: the row after entry 4 cannot be read back");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void anEmptyLedgerIsIntact() throws Exception {
        sql("DELETE FROM ledger");
        CliRun r = bw("ledger", "verify");
        assertThat(r.code()).isZero();
        assertThat(r.out().strip()).isEqualTo("ledger intact: 0 entries, head " + LedgerChain.GENESIS);
    }

    private static LedgerEntry parse(String line) throws IOException {
        Map<String, Object> m = JSON.readValue(line, new TypeReference<>() { });
        @SuppressWarnings("unchecked")
        Map<String, Object> payload = (Map<String, Object>) m.get("payload");
        return new LedgerEntry(((Number) m.get("sequence")).longValue(), Instant.parse((String) m.get("time")),
                (String) m.get("actor"), (String) m.get("action"), (String) m.get("changeId"), payload,
                (String) m.get("previousHash"), (String) m.get("hash"));
    }

    @Test
    void theExportIsOneCanonicalObjectPerLineThatReverifiesOutsideTheDatabase() throws IOException {
        CliRun r = bw("ledger", "export");
        assertThat(r.code()).isZero();
        assertThat(r.err()).isEmpty();
        String[] lines = r.out().split("\n");
        assertThat(lines).hasSize(7);
        List<LedgerEntry> entries = new ArrayList<>();
        for (String line : lines) {
            Map<String, Object> m = JSON.readValue(line, new TypeReference<LinkedHashMap<String, Object>>() { });
            assertThat(m).containsOnlyKeys("sequence", "time", "actor", "action", "changeId", "payload", "previousHash", "hash");
            assertThat(CanonicalJson.write(m)).isEqualTo(line); // canonical as written
            // the documented recipe: hash = SHA-256 of the canonical object without "hash"
            String hash = (String) m.remove("hash");
            assertThat(CanonicalJson.sha256(m)).isEqualTo(hash);
            entries.add(parse(line));
        }
        String head = bw("ledger", "verify").out().replaceAll("(?s).*head ([0-9a-f]{64}).*", "$1");
        assertThat(LedgerChain.verify(entries)).isEqualTo(new LedgerChain.Verification.Intact(7, head));

        // an altered line in the export is caught by the same check
        entries.set(2, parse(lines[2].replace("\"n\":2", "\"n\":20")));
        assertThat(LedgerChain.verify(entries)).isEqualTo(new LedgerChain.Verification.Broken(3,
                "its content does not match its hash: the entry was altered"));
    }

    @Test
    void exportFromAnEntryToAFileReplacesItWhole() throws IOException {
        Path file = dir.resolve("ledger.jsonl");
        Files.writeString(file, "old content\n");
        CliRun r = bw("ledger", "export", "--from", "5", "--output", file.toString());
        assertThat(r.code()).isZero();
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains("exported 3 entries from entry 5 to " + file);
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(3);
        assertThat(parse(lines.getFirst()).sequence()).isEqualTo(5);
        try (var left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".part"));
        }
        assertThat(bw("ledger", "export", "--from", "0").err()).contains("--from: expected an entry number >= 1");
        assertThat(bw("ledger", "export", "--output", dir.resolve("no/such/dir/x.jsonl").toString()).err())
                .contains("--output: the directory of");
    }

    @Test
    void exportPagesThroughLongLedgers() throws IOException {
        try (JdbcControlPlaneStore store = JdbcControlPlaneStore.open(StoreConfig.inDataDir(dir))) {
            store.inTransaction(tx -> {
                for (int i = 0; i < LedgerCommand.PAGE * 2; i++) {
                    tx.appendLedger("system", "bulk", "", Map.of("i", (long) i), Instant.parse("2026-11-26T00:00:00Z"));
                }
                return null;
            });
        }
        String[] lines = bw("ledger", "export").out().split("\n");
        assertThat(lines).hasSize(7 + LedgerCommand.PAGE * 2);
        List<LedgerEntry> entries = new ArrayList<>();
        for (String l : lines) entries.add(parse(l));
        assertThat(LedgerChain.verify(entries)).isInstanceOf(LedgerChain.Verification.Intact.class);
    }

    @Test
    void showPrintsTheEntriesOfOneChange() throws IOException {
        CliRun text = bw("ledger", "show", "--change", "ch-1");
        assertThat(text.code()).isZero();
        assertThat(text.out()).startsWith("change ch-1: 4 entries")
                .contains("#1  2026-11-25T10:00:00.250Z  alice  change.transition")
                .contains("#3  2026-11-25T10:00:02.250Z  alice  change.proposed")
                .contains("characters; see --format json")
                .doesNotContain("agent:copilot");
        JsonNode j = JSON.readTree(bw("ledger", "show", "--change", "ch-1", "--format", "json").out());
        assertThat(j).hasSize(4);
        assertThat(j.get(1).get("payload").get("analysis").asText()).hasSize(500);
        assertThat(j.get(1).get("hash").asText()).hasSize(64);

        CliRun none = bw("ledger", "show", "--change", "ch-9");
        assertThat(none.code()).isEqualTo(2);
        assertThat(none.err()).contains("--change: no ledger entry concerns change ch-9");
    }
}
