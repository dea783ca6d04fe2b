package io.blastwall.store;

import io.blastwall.core.ledger.LedgerChain;
import io.blastwall.core.ledger.LedgerEntry;
import io.blastwall.core.lifecycle.ChangeState;
import io.blastwall.core.lifecycle.Trigger;
import io.blastwall.core.store.ControlPlaneStore;
import io.blastwall.core.store.DuplicateApprovalException;
import io.blastwall.core.store.StaleStateException;
import io.blastwall.core.store.StoredApproval;
import io.blastwall.core.store.StoredChange;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static io.blastwall.store.TestClock.at;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two store instances with separate connection pools (two replicas) on one database, several threads each,
 * racing the same change: no double transition, no lost approval, no duplicated approval, no ledger gap.
 */
class ReplicaRaceTest {

    private static final int THREADS_PER_REPLICA = 4;

    @ParameterizedTest(name = "{0}")
    @EnumSource(Backend.class)
    void replicasRaceOnOneChange(Backend b) throws Exception {
        StoreConfig cfg = b.fresh();
        ExecutorService pool = Executors.newFixedThreadPool(2 * THREADS_PER_REPLICA);
        // both replicas start at once on an empty database: migrations must not race either
        Future<JdbcControlPlaneStore> fa = pool.submit(() -> b.open(cfg));
        Future<JdbcControlPlaneStore> fb = pool.submit(() -> b.open(cfg));
        try (ControlPlaneStore a = fa.get(60, TimeUnit.SECONDS); ControlPlaneStore c = fb.get(60, TimeUnit.SECONDS)) {
            List<ControlPlaneStore> replicas = List.of(a, c);
            StoredChange change = Fixtures.awaitingApproval(a, "c1");

            concurrentTransitionsFromTheSameStateHaveOneWinner(pool, replicas, change);
            concurrentDistinctApprovalsAreAllKept(pool, replicas);
            concurrentIdenticalApprovalsAreStoredOnce(pool, replicas);
            concurrentLedgerAppendsHaveNoGapsAndVerify(pool, replicas);
        } finally {
            pool.shutdownNow();
        }
    }

    private void concurrentTransitionsFromTheSameStateHaveOneWinner(ExecutorService pool, List<ControlPlaneStore> replicas,
                                                                    StoredChange change) throws Exception {
        CountDownLatch allRead = new CountDownLatch(2 * THREADS_PER_REPLICA);
        AtomicInteger stale = new AtomicInteger();
        List<Callable<Boolean>> tasks = new ArrayList<>();
        for (int i = 0; i < 2 * THREADS_PER_REPLICA; i++) {
            ControlPlaneStore s = replicas.get(i % 2);
            String actor = "reviewer-" + i;
            boolean approve = i % 2 == 0;
            tasks.add(() -> {
                StoredChange seen = s.findChange("c1").orElseThrow();
                allRead.countDown();
                allRead.await();   // everybody decides on the same state and version
                try {
                    s.inTransaction(tx -> {
                        tx.appendLedger(actor, approve ? "change.approved" : "change.rejected", "c1", Map.of(), at(100));
                        return tx.transition("c1", approve ? Trigger.APPROVE : Trigger.REJECT, seen.state(),
                                approve ? ChangeState.APPROVED : ChangeState.REJECTED, seen.version());
                    });
                    return true;
                } catch (StaleStateException e) {
                    stale.incrementAndGet();
                    return false;
                }
            });
        }
        int winners = 0;
        for (Future<Boolean> f : pool.invokeAll(tasks, 60, TimeUnit.SECONDS)) if (f.get()) winners++;
        assertThat(winners).isEqualTo(1);
        assertThat(stale.get()).isEqualTo(2 * THREADS_PER_REPLICA - 1);
        StoredChange after = replicas.get(1).findChange("c1").orElseThrow();
        assertThat(after.version()).isEqualTo(change.version() + 1);
        assertThat(after.state()).isIn(ChangeState.APPROVED, ChangeState.REJECTED);
        // the ledger records exactly the one transition that happened, and it agrees with the state
        List<LedgerEntry> decisions = replicas.getFirst().ledgerOfChange("c1");
        assertThat(decisions).hasSize(1);
        assertThat(decisions.getFirst().action()).isEqualTo(after.state() == ChangeState.APPROVED ? "change.approved" : "change.rejected");
    }

    private void concurrentDistinctApprovalsAreAllKept(ExecutorService pool, List<ControlPlaneStore> replicas) throws Exception {
        List<Callable<Void>> tasks = new ArrayList<>();
        int perThread = 5;
        for (int i = 0; i < 2 * THREADS_PER_REPLICA; i++) {
            ControlPlaneStore s = replicas.get(i % 2);
            int t = i;
            tasks.add(() -> {
                for (int k = 0; k < perThread; k++) {
                    String who = "approver-" + t + "-" + k;
                    s.inTransaction(tx -> {
                        tx.recordApproval(Fixtures.approval("d-" + who, "c1", 1, who, at(200)));
                        return tx.appendLedger(who, "approval.given", "c1", Map.of("approver", who), at(200));
                    });
                }
                return null;
            });
        }
        for (Future<Void> f : pool.invokeAll(tasks, 60, TimeUnit.SECONDS)) f.get();
        assertThat(replicas.getFirst().approvals("c1", 1)).hasSize(2 * THREADS_PER_REPLICA * perThread)
                .extracting(StoredApproval::approverId).doesNotHaveDuplicates();
    }

    private void concurrentIdenticalApprovalsAreStoredOnce(ExecutorService pool, List<ControlPlaneStore> replicas) throws Exception {
        CountDownLatch ready = new CountDownLatch(2 * THREADS_PER_REPLICA);
        List<Callable<Boolean>> tasks = new ArrayList<>();
        for (int i = 0; i < 2 * THREADS_PER_REPLICA; i++) {
            ControlPlaneStore s = replicas.get(i % 2);
            int t = i;
            tasks.add(() -> {
                ready.countDown();
                ready.await();
                try {
                    // the same person's approval, replayed by several requests (each with its own request id)
                    s.inTransaction(tx -> tx.recordApproval(Fixtures.approval("replay-" + t, "c1", 1, "frank", at(300))));
                    return true;
                } catch (DuplicateApprovalException e) {
                    return false;
                }
            });
        }
        int stored = 0;
        for (Future<Boolean> f : pool.invokeAll(tasks, 60, TimeUnit.SECONDS)) if (f.get()) stored++;
        assertThat(stored).isEqualTo(1);
        assertThat(replicas.get(1).approvals("c1", 1)).filteredOn(x -> x.approverId().equals("frank")).hasSize(1);
    }

    private void concurrentLedgerAppendsHaveNoGapsAndVerify(ExecutorService pool, List<ControlPlaneStore> replicas) throws Exception {
        long before = replicas.getFirst().ledgerHead().map(LedgerEntry::sequence).orElse(0L);
        int perThread = 15;
        List<Callable<Void>> tasks = new ArrayList<>();
        for (int i = 0; i < 2 * THREADS_PER_REPLICA; i++) {
            ControlPlaneStore s = replicas.get(i % 2);
            int t = i;
            tasks.add(() -> {
                for (int k = 0; k < perThread; k++) {
                    int n = k;
                    s.inTransaction(tx -> tx.appendLedger("writer-" + t, "test.append", "", Map.of("n", n, "w", t * 0.5), at(400)));
                }
                return null;
            });
        }
        for (Future<Void> f : pool.invokeAll(tasks, 60, TimeUnit.SECONDS)) f.get();
        long expected = before + 2L * THREADS_PER_REPLICA * perThread;
        List<Long> seqs = new ArrayList<>();
        replicas.get(1).forEachLedgerEntry(e -> seqs.add(e.sequence()));
        assertThat(seqs).hasSize((int) expected);
        for (int i = 0; i < seqs.size(); i++) assertThat(seqs.get(i)).isEqualTo(i + 1L);
        assertThat(replicas.getFirst().verifyLedger()).isInstanceOfSatisfying(LedgerChain.Verification.Intact.class,
                v -> assertThat(v.entries()).isEqualTo(expected));
    }
}
