package io.blastwall.store;

import io.blastwall.core.ledger.LedgerChain;
import io.blastwall.core.ledger.LedgerEntry;
import io.blastwall.core.lifecycle.ChangeState;
import io.blastwall.core.store.ChangeQuery;
import io.blastwall.core.store.StoredChange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * kill -9 of a process in the middle of its writes to the embedded database: after reopening, every commit it reported
 * is there, no transaction is half there (each change has exactly the ledger entries of its state), and the ledger
 * verifies.
 */
class KillDuringWritesTest {

    @Test
    void sqliteSurvivesKillMinusNineWithStateAndLedgerInAgreement(@TempDir Path dir) throws Exception {
        Path db = dir.resolve("blastwall.db");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                CrashWriter.class.getName(), db.toString()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        long reported = 0;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while (reported < 40 && (line = out.readLine()) != null) reported = Long.parseLong(line.trim());
            p.destroyForcibly();   // SIGKILL, most likely in the middle of the next transaction
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(reported).as("the writer reported commits before it was killed").isEqualTo(40);

        try (var s = JdbcControlPlaneStore.open(StoreConfig.sqlite(db))) {
            List<StoredChange> changes = s.listChanges(ChangeQuery.all().page(1000, 0));
            assertThat((long) changes.size()).isGreaterThanOrEqualTo(reported);
            assertThat(changes).allSatisfy(c -> assertThat(c.state()).isEqualTo(ChangeState.ANALYSED));
            Map<String, List<LedgerEntry>> byChange = s.ledgerRange(1, 10_000).stream()
                    .collect(Collectors.groupingBy(LedgerEntry::changeId));
            assertThat(byChange.keySet()).isEqualTo(changes.stream().map(StoredChange::id).collect(Collectors.toSet()));
            assertThat(byChange.values()).allSatisfy(entries -> assertThat(entries).extracting(LedgerEntry::action)
                    .containsExactly("change.proposed", "change.analysed"));
            assertThat(s.verifyLedger()).isInstanceOfSatisfying(LedgerChain.Verification.Intact.class,
                    v -> assertThat(v.entries()).isEqualTo(2L * changes.size()));
        }
    }
}
