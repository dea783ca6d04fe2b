package io.blastwall.store;

import io.blastwall.core.ledger.LedgerChain;
import io.blastwall.core.ledger.LedgerEntry;
import io.blastwall.core.lifecycle.ChangeState;
import io.blastwall.core.lifecycle.IllegalTransitionException;
import io.blastwall.core.lifecycle.Trigger;
import io.blastwall.core.store.AlreadyExistsException;
import io.blastwall.core.store.ApiToken;
import io.blastwall.core.store.ChangeQuery;
import io.blastwall.core.store.DuplicateApprovalException;
import io.blastwall.core.store.Principal;
import io.blastwall.core.store.RecordNotFoundException;
import io.blastwall.core.store.StaleStateException;
import io.blastwall.core.store.StoreException;
import io.blastwall.core.store.StoreUnavailableException;
import io.blastwall.core.store.StoredApproval;
import io.blastwall.core.store.StoredChange;
import io.blastwall.core.change.Provenance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.blastwall.store.Fixtures.approval;
import static io.blastwall.store.Fixtures.change;
import static io.blastwall.store.Fixtures.revision;
import static io.blastwall.store.TestClock.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every store operation, on SQLite and on PostgreSQL. */
class StoreContractTest {

    @ParameterizedTest(name = "{0}")
    @EnumSource(Backend.class)
    void migrationsApplyOnAnEmptyDatabaseAndAreIdempotentOnRestart(Backend b) {
        StoreConfig cfg = b.fresh();
        try (var s = b.open(cfg)) {
            s.inTransaction(tx -> tx.insertChange(change("c1", at(0)), revision("c1", 1, at(0))));
        }
        try (var s = b.open(cfg)) {
            assertThat(s.findChange("c1")).isPresent();
        }
        assertThat(Backend.count(cfg, "flyway_schema_history")).isEqualTo(3);   // V1__init, V2__checkpoints, V3__rollouts
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Backend.class)
    void anEditedMigrationStopsTheStart(Backend b) {
        StoreConfig cfg = b.fresh();
        b.open(cfg).close();
        Backend.sql(cfg, "UPDATE flyway_schema_history SET checksum = checksum + 1 WHERE version = '1'");
        assertThatThrownBy(() -> b.open(cfg)).isInstanceOf(StoreException.class)
                .hasMessageContaining("refusing to start").hasMessageContaining("checksum");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Backend.class)
    void changesAndRevisionsRoundTripAndFilter(Backend b) {
        try (var s = b.open(b.fresh())) {
            StoredChange c1 = change("c1", at(0));
            s.inTransaction(tx -> tx.insertChange(c1, revision("c1", 1, at(0))));
            s.inTransaction(tx -> tx.insertChange(
                    StoredChange.proposed("c2", "other", "cli", Provenance.human("bob"), at(10)), revision("c2", 1, at(10))));
            s.inTransaction(tx -> tx.insertChange(change("c3", at(20)), revision("c3", 1, at(20))));
            Fixtures.awaitingApproval(s, "c4");

            assertThat(s.findChange("c1")).contains(c1);
            assertThat(s.findChange("nope")).isEmpty();
            assertThat(s.revisions("c1")).containsExactly(revision("c1", 1, at(0)));
            assertThat(s.findRevision("c1", 1)).contains(revision("c1", 1, at(0)));
            assertThat(s.findRevision("c1", 2)).isEmpty();

            assertThat(ids(s.listChanges(ChangeQuery.all()))).containsExactly("c3", "c2", "c4", "c1");
            assertThat(ids(s.listChanges(ChangeQuery.all().withAuthor("bob")))).containsExactly("c2");
            // an agent's change is also found under the human it acts for
            assertThat(ids(s.listChanges(ChangeQuery.all().withAuthor("alice")))).containsExactly("c3", "c4", "c1");
            assertThat(ids(s.listChanges(ChangeQuery.all().withSince(at(10))))).containsExactly("c3", "c2");
            assertThat(ids(s.listChanges(ChangeQuery.all().withStates(ChangeState.AWAITING_APPROVAL)))).containsExactly("c4");
            assertThat(ids(s.listChanges(ChangeQuery.all().page(2, 1)))).containsExactly("c2", "c4");
            // what the server's gauge reads at every scrape: one aggregate, states without changes absent
            assertThat(s.countChangesByState()).isEqualTo(java.util.Map.of(ChangeState.PROPOSED, 3L,
                    ChangeState.AWAITING_APPROVAL, 1L));

            assertThatThrownBy(() -> s.inTransaction(tx -> tx.insertChange(change("c1", at(0)), revision("c1", 1, at(0)))))
                    .isInstanceOf(AlreadyExistsException.class);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Backend.class)
    void amendingAddsTheNextRevisionOnly(Backend b) {
        try (var s = b.open(b.fresh())) {
            StoredChange c = Fixtures.awaitingApproval(s, "c1");
            StoredChange amended = s.inTransaction(tx -> {
                StoredChange x = tx.transition("c1", Trigger.AMEND, ChangeState.AWAITING_APPROVAL, ChangeState.PROPOSED, c.version());
                return tx.addRevision(revision("c1", 2, at(60)));
            });
            assertThat(amended.currentRevision()).isEqualTo(2);
            assertThat(amended.version()).isEqualTo(c.version() + 2);
            assertThat(amended.state()).isEqualTo(ChangeState.PROPOSED);
            assertThat(amended.updatedAt()).isEqualTo(at(60));
            assertThat(s.revisions("c1")).extracting(r -> r.revision()).containsExactly(1, 2);

            assertThatThrownBy(() -> s.inTransaction(tx -> tx.addRevision(revision("c1", 2, at(70)))))
                    .isInstanceOf(StaleStateException.class).hasMessageContaining("current revision, which is 2");
            assertThatThrownBy(() -> s.inTransaction(tx -> tx.addRevision(revision("zz", 2, at(70)))))
                    .isInstanceOf(RecordNotFoundException.class);
            assertThat(s.findChange("c1")).contains(amended);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Backend.class)
    void transitionsAreCheckedAndCompareAndSet(Backend b) {
        StoreConfig cfg = b.fresh();
        try (var s = b.open(cfg)) {
            StoredChange c = Fixtures.awaitingApproval(s, "c1");
            assertThat(c.state()).isEqualTo(ChangeState.AWAITING_APPROVAL);
            assertThat(c.version()).isEqualTo(3);
            assertThat(c.updatedAt()).isEqualTo(TestClock.CLOCK.instant());
            long ledgerBefore = Backend.count(cfg, "ledger");

            // illegal: typed error, and the ledger entry written before it in the same transaction is gone too
            assertThatThrownBy(() -> s.inTransaction(tx -> {
                tx.appendLedger("alice", "change.transition", "c1", Map.of("to", "completed"), at(5));
                return tx.transition("c1", Trigger.COMPLETE, ChangeState.AWAITING_APPROVAL, ChangeState.COMPLETED, c.version());
            })).isInstanceOf(IllegalTransitionException.class);
            assertThat(s.findChange("c1")).contains(c);
            assertThat(Backend.count(cfg, "ledger")).isEqualTo(ledgerBefore);

            // stale version
            StaleStateException stale = catchStale(() -> s.inTransaction(tx -> {
                tx.appendLedger("alice", "change.approved", "c1", Map.of(), at(5));
                return tx.transition("c1", Trigger.APPROVE, ChangeState.AWAITING_APPROVAL, ChangeState.APPROVED, c.version() - 1);
            }));
            assertThat(stale.actualVersion()).isEqualTo(c.version());
            assertThat(stale.actualState()).isEqualTo(ChangeState.AWAITING_APPROVAL);
            assertThat(stale.expectedVersion()).isEqualTo(c.version() - 1);
            assertThat(s.findChange("c1")).contains(c);
            assertThat(Backend.count(cfg, "ledger")).isEqualTo(ledgerBefore);

            // stale state (right version, but the caller believed another state)
            assertThatThrownBy(() -> s.inTransaction(tx ->
                    tx.transition("c1", Trigger.REJECT, ChangeState.ANALYSED, ChangeState.REJECTED, c.version())))
                    .isInstanceOf(StaleStateException.class);

            StoredChange approved = s.inTransaction(tx ->
                    tx.transition("c1", Trigger.APPROVE, ChangeState.AWAITING_APPROVAL, ChangeState.APPROVED, c.version()));
            assertThat(approved.state()).isEqualTo(ChangeState.APPROVED);
            assertThat(approved.version()).isEqualTo(c.version() + 1);

            assertThatThrownBy(() -> s.inTransaction(tx ->
                    tx.transition("ghost", Trigger.ANALYSE, ChangeState.PROPOSED, ChangeState.ANALYSED, 1)))
                    .isInstanceOf(RecordNotFoundException.class);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Backend.class)
    void approvalsCountOncePerPersonAndRevision(Backend b) {
        StoreConfig cfg = b.fresh();
        try (var s = b.open(cfg)) {
            Fixtures.awaitingApproval(s, "c1");
            StoredApproval a = approval("a1", "c1", 1, "carol", at(30));
            s.inTransaction(tx -> tx.recordApproval(a));
            s.inTransaction(tx -> tx.recordApproval(approval("a2", "c1", 1, "dave", at(31))));
            assertThat(s.approvals("c1", 1)).extracting(StoredApproval::approverId).containsExactly("carol", "dave");
            assertThat(s.approvals("c1", 1).getFirst()).isEqualTo(a);

            long ledgerBefore = Backend.count(cfg, "ledger");
            assertThatThrownBy(() -> s.inTransaction(tx -> {
                tx.appendLedger("carol", "approval.given", "c1", Map.of(), at(32));
                return tx.recordApproval(approval("a3", "c1", 1, "carol", at(32)));
            })).isInstanceOf(DuplicateApprovalException.class).hasMessageContaining("carol");
            assertThat(Backend.count(cfg, "approvals")).isEqualTo(2);
            assertThat(Backend.count(cfg, "ledger")).isEqualTo(ledgerBefore);

            // catching the failure inside the transaction does not save the rest of it
            assertThatThrownBy(() -> s.inTransaction(tx -> {
                tx.appendLedger("carol", "approval.given", "c1", Map.of(), at(32));
                try {
                    tx.recordApproval(approval("a3", "c1", 1, "carol", at(32)));
                } catch (DuplicateApprovalException swallowed) {
                    return "ignored";
                }
                return "unreachable";
            })).isInstanceOf(DuplicateApprovalException.class);
            assertThat(Backend.count(cfg, "ledger")).isEqualTo(ledgerBefore);

            assertThatThrownBy(() -> s.inTransaction(tx -> tx.recordApproval(approval("a2", "c1", 1, "erin", at(33)))))
                    .isInstanceOf(AlreadyExistsException.class);
            assertThatThrownBy(() -> s.inTransaction(tx -> tx.recordApproval(approval("a9", "c1", 7, "erin", at(33)))))
                    .isInstanceOf(RecordNotFoundException.class);
            assertThatThrownBy(() -> s.inTransaction(tx -> tx.recordApproval(StoredApproval.of("a9", "c1", 1, "other-hash",
                    "e", "p", "erin", List.of(), StoredApproval.Decision.APPROVE, "", at(33)))))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("content hash");

            // a re-check voids them; the person may then decide again
            int invalidated = s.inTransaction(tx -> tx.invalidateApprovals("c1", "estate changed"));
            assertThat(invalidated).isEqualTo(2);
            assertThat(s.approvalsOfChange("c1")).allSatisfy(x -> {
                assertThat(x.valid()).isFalse();
                assertThat(x.invalidatedReason()).isEqualTo("estate changed");
            });
            s.inTransaction(tx -> tx.recordApproval(approval("a4", "c1", 1, "carol", at(40))));
            assertThat(s.approvals("c1", 1)).filteredOn(StoredApproval::valid).extracting(StoredApproval::id).containsExactly("a4");
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Backend.class)
    void aFailureMidTransactionLeavesNothingHalfWritten(Backend b) {
        StoreConfig cfg = b.fresh();
        try (var s = b.open(cfg)) {
            assertThatThrownBy(() -> s.inTransaction(tx -> {
                tx.insertChange(change("c1", at(0)), revision("c1", 1, at(0)));
                tx.appendLedger("agent:copilot", "change.proposed", "c1", Map.of("title", "x"), at(0));
                tx.recordApproval(approval("a1", "c1", 1, "carol", at(1)));
                tx.createPrincipal(Fixtures.human("carol", "senior"));
                throw new IllegalStateException("the analysis crashed");
            })).isInstanceOf(IllegalStateException.class).hasMessage("the analysis crashed");
            for (String table : List.of("changes", "revisions", "approvals", "ledger", "principals")) {
                assertThat(Backend.count(cfg, table)).as(table).isZero();
            }
            // and the store is still usable afterwards
            s.inTransaction(tx -> tx.insertChange(change("c1", at(0)), revision("c1", 1, at(0))));
            assertThat(Backend.count(cfg, "changes")).isEqualTo(1);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Backend.class)
    void principalsAndTokens(Backend b) {
        try (var s = b.open(b.fresh())) {
            Principal alice = Fixtures.human("alice", "engineer");
            Principal agent = new Principal("agent:copilot", Provenance.AuthorKind.AGENT, "Copilot", List.of(), "alice",
                    "model-x", false, at(0));
            ApiToken tok = new ApiToken("t1", "agent:copilot", "ci", "sha256:abc", at(0), at(3600), null, null);
            s.inTransaction(tx -> {
                tx.createPrincipal(alice);
                tx.createPrincipal(agent);
                return tx.createToken(tok);
            });
            assertThat(s.findPrincipal("agent:copilot")).contains(agent);
            assertThat(s.listPrincipals()).containsExactly(agent, alice);
            Principal promoted = new Principal("alice", alice.kind(), "Alice", List.of("engineer", "senior"), "", "", true, at(99));
            Principal updated = s.inTransaction(tx -> tx.updatePrincipal(promoted));
            assertThat(updated).isEqualTo(new Principal("alice", alice.kind(), "Alice", List.of("engineer", "senior"), "", "", true, alice.createdAt()));
            assertThatThrownBy(() -> s.inTransaction(tx -> tx.createPrincipal(alice))).isInstanceOf(AlreadyExistsException.class);

            assertThat(s.findTokenByHash("sha256:abc")).contains(tok);
            assertThat(s.findTokenByHash("sha256:other")).isEmpty();
            assertThat(tok.usableAt(at(10))).isTrue();
            assertThat(tok.usableAt(at(3600))).isFalse();
            assertThat(tok.toString()).doesNotContain("sha256:abc");

            s.inTransaction(tx -> {
                tx.touchToken("t1", at(20));
                return null;
            });
            assertThat(s.findToken("t1").orElseThrow().lastUsedAt()).isEqualTo(at(20));
            ApiToken expired = s.inTransaction(tx -> tx.expireToken("t1", at(30)));
            assertThat(expired.expiresAt()).isEqualTo(at(30));
            assertThat(s.findTokenByHash("sha256:abc").orElseThrow().usableAt(at(31))).isFalse();

            s.inTransaction(tx -> tx.createToken(new ApiToken("t2", "alice", "laptop", "sha256:def", at(1), null, null, null)));
            assertThat(s.inTransaction(tx -> tx.revokeToken("t2", at(40))).revokedAt()).isEqualTo(at(40));
            assertThat(s.inTransaction(tx -> tx.revokeToken("t2", at(50))).revokedAt()).isEqualTo(at(40));
            assertThat(s.findTokenByHash("sha256:def").orElseThrow().usableAt(at(41))).isFalse();

            assertThat(s.listTokens(null)).extracting(ApiToken::id).containsExactly("t1", "t2");
            assertThat(s.listTokens("alice")).extracting(ApiToken::id).containsExactly("t2");
            assertThatThrownBy(() -> s.inTransaction(tx -> tx.createToken(
                    new ApiToken("t3", "alice", "dup", "sha256:def", at(1), null, null, null))))
                    .isInstanceOf(AlreadyExistsException.class).message().doesNotContain("sha256:def");
            assertThatThrownBy(() -> s.inTransaction(tx -> tx.createToken(
                    new ApiToken("t4", "nobody", "x", "sha256:xyz", at(1), null, null, null))))
                    .isInstanceOf(RecordNotFoundException.class).hasMessageContaining("nobody");
            assertThatThrownBy(() -> s.inTransaction(tx -> tx.revokeToken("t9", at(1)))).isInstanceOf(RecordNotFoundException.class);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Backend.class)
    void theLedgerChainsVerifiesAfterTheRoundTripAndReportsTampering(Backend b) {
        StoreConfig cfg = b.fresh();
        try (var s = b.open(cfg)) {
            List<Map<String, Object>> payloads = new ArrayList<>();
            for (int t = 0; t < 20; t++) {
                int batch = t;
                s.inTransaction(tx -> {
                    for (int i = 0; i < 10; i++) {
                        Map<String, Object> p = payload(batch * 10 + i);
                        payloads.add(p);
                        tx.appendLedger("alice", "change.transition", "c" + (i % 3), p, at(batch * 10L + i));
                    }
                    return null;
                });
            }
            assertThat(s.verifyLedger()).isEqualTo(new LedgerChain.Verification.Intact(200, s.ledgerHead().orElseThrow().hash()));
            List<LedgerEntry> range = s.ledgerRange(50, 5);
            assertThat(range).extracting(LedgerEntry::sequence).containsExactly(50L, 51L, 52L, 53L, 54L);
            assertThat(range.getFirst().payload().get("double")).isEqualTo(49 + 0.25);
            assertThat(range.getFirst().payload().get("count")).isEqualTo(49L);
            assertThat(range.getFirst().time()).isEqualTo(at(49));
            assertThat(s.ledgerFeed(50, 5)).isEqualTo(range); // the feed's payloads, parsed on use, are the same
            assertThat(s.ledgerOfChange("c1")).hasSize(60).allSatisfy(e -> assertThat(e.changeId()).isEqualTo("c1"));
            assertThat(s.ledgerHead().orElseThrow().sequence()).isEqualTo(200);

            Backend.sql(cfg, "UPDATE ledger SET actor = 'mallory' WHERE seq = 57");
            assertThat(s.verifyLedger()).isInstanceOfSatisfying(LedgerChain.Verification.Broken.class,
                    br -> assertThat(br.sequence()).isEqualTo(57));
            Backend.sql(cfg, "UPDATE ledger SET actor = 'alice' WHERE seq = 57");
            assertThat(s.verifyLedger()).isInstanceOf(LedgerChain.Verification.Intact.class);
            Backend.sql(cfg, "UPDATE ledger SET payload = '{\"count\":1}' WHERE seq = 90");
            assertThat(s.verifyLedger()).isInstanceOfSatisfying(LedgerChain.Verification.Broken.class,
                    br -> assertThat(br.sequence()).isEqualTo(90));
            Backend.sql(cfg, "DELETE FROM ledger WHERE seq = 12");
            assertThat(s.verifyLedger()).isInstanceOfSatisfying(LedgerChain.Verification.Broken.class,
                    br -> assertThat(br.sequence()).isEqualTo(12));
        }
    }

    private static Map<String, Object> payload(int i) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("count", i);
        p.put("double", i + 0.25);
        p.put("ratio", 1.0 / (i + 3));
        p.put("big", BigInteger.TEN.pow(25).add(BigInteger.valueOf(i)));
        p.put("nested", Map.of("list", List.of(i, "x" + i, i % 2 == 0, Map.of("deep", -i * 1.5e-9)), "none", ""));
        p.put("text", "line\nwith \"quotes\" and ünïcødé ✓");
        return p;
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Backend.class)
    void aClosedStoreIsUnavailable(Backend b) {
        var s = b.open(b.fresh());
        s.close();
        s.close();
        assertThatThrownBy(() -> s.findChange("c1")).isInstanceOf(StoreUnavailableException.class).hasMessageContaining("closed");
        assertThatThrownBy(() -> s.inTransaction(tx -> tx.appendLedger("a", "b", "", Map.of(), at(0))))
                .isInstanceOf(StoreUnavailableException.class);
    }

    private static StaleStateException catchStale(Runnable r) {
        try {
            r.run();
        } catch (StaleStateException e) {
            return e;
        }
        throw new AssertionError("expected a StaleStateException");
    }

    private static List<String> ids(List<StoredChange> changes) {
        return changes.stream().map(StoredChange::id).toList();
    }
}
