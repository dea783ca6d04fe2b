package io.blastwall.store;

import io.blastwall.core.lifecycle.ChangeState;
import io.blastwall.core.lifecycle.Trigger;
import io.blastwall.core.store.ControlPlaneStore;
import io.blastwall.core.store.StoredChange;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * Run in a child JVM by {@link KillDuringWritesTest}: writes transactions (a change, its transition and their ledger
 * entries) as fast as it can and prints the number of each committed one, until it is killed.
 */
public final class CrashWriter {

    private CrashWriter() {
    }

    public static void main(String[] args) {
        try (ControlPlaneStore s = JdbcControlPlaneStore.open(StoreConfig.sqlite(Path.of(args[0])), Clock.systemUTC())) {
            for (int i = 1; ; i++) {
                String id = "crash-" + i;
                s.inTransaction(tx -> {
                    StoredChange c = tx.insertChange(Fixtures.change(id, TestClock.T0), Fixtures.revision(id, 1, TestClock.T0));
                    tx.appendLedger("agent:copilot", "change.proposed", id, Map.of("title", c.title()), TestClock.T0);
                    tx.transition(id, Trigger.ANALYSE, ChangeState.PROPOSED, ChangeState.ANALYSED, c.version());
                    return tx.appendLedger("system", "change.analysed", id, Map.of("risk", 42, "ratio", 0.5), TestClock.T0);
                });
                System.out.println(i);
                System.out.flush();
            }
        }
    }
}
