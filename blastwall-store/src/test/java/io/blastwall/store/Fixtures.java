package io.blastwall.store;

import io.blastwall.core.change.Provenance;
import io.blastwall.core.change.Provenance.AuthorKind;
import io.blastwall.core.lifecycle.ChangeState;
import io.blastwall.core.lifecycle.Trigger;
import io.blastwall.core.store.ControlPlaneStore;
import io.blastwall.core.store.Principal;
import io.blastwall.core.store.StoredApproval;
import io.blastwall.core.store.StoredChange;
import io.blastwall.core.store.StoredRevision;

import java.time.Instant;
import java.util.List;

/** Builders for stored records used across the store tests. */
final class Fixtures {

    static final Provenance AGENT = Provenance.agent("agent:copilot", "model-x", "alice", "s-1", "ph");

    private Fixtures() {
    }

    static StoredChange change(String id, Instant at) {
        return StoredChange.proposed(id, "Resize " + id, "api", AGENT, at);
    }

    static StoredRevision revision(String changeId, int n, Instant at) {
        return new StoredRevision(changeId, n, "hash-" + changeId + "-" + n, "terraform-plan",
                "{\"files\":[{\"name\":\"plan.json\",\"text\":\"{\\\"resource_changes\\\":[]}\"}]}",
                "{\"verdict\":\"require-approval\",\"risk\":42}", "require-approval", 42, "estate-1", "policy-1", at);
    }

    static StoredApproval approval(String id, String changeId, int rev, String approver, Instant at) {
        return StoredApproval.of(id, changeId, rev, "hash-" + changeId + "-" + rev, "estate-1", "policy-1", approver,
                List.of("senior"), StoredApproval.Decision.APPROVE, "looks fine", at);
    }

    static Principal human(String id, String... roles) {
        return new Principal(id, AuthorKind.HUMAN, id.toUpperCase(), List.of(roles), "", "", false, TestClock.T0);
    }

    /** Inserts a change and moves it to awaiting-approval; returns it as stored. */
    static StoredChange awaitingApproval(ControlPlaneStore store, String id) {
        return store.inTransaction(tx -> {
            StoredChange c = tx.insertChange(change(id, TestClock.T0), revision(id, 1, TestClock.T0));
            c = tx.transition(id, Trigger.ANALYSE, ChangeState.PROPOSED, ChangeState.ANALYSED, c.version());
            return tx.transition(id, Trigger.REQUIRE_APPROVAL, ChangeState.ANALYSED, ChangeState.AWAITING_APPROVAL, c.version());
        });
    }
}
