package io.blastwall.store;

import io.blastwall.core.ledger.LedgerChain;
import io.blastwall.core.ledger.LedgerEntry;
import io.blastwall.core.ledger.LedgerPayload;
import io.blastwall.core.lifecycle.ChangeState;
import io.blastwall.core.lifecycle.Lifecycle;
import io.blastwall.core.lifecycle.Trigger;
import io.blastwall.core.store.AlreadyExistsException;
import io.blastwall.core.store.ApiToken;
import io.blastwall.core.store.DuplicateApprovalException;
import io.blastwall.core.store.Principal;
import io.blastwall.core.store.RecordNotFoundException;
import io.blastwall.core.store.StaleStateException;
import io.blastwall.core.store.StoreTransaction;
import io.blastwall.core.store.StoredApproval;
import io.blastwall.core.store.StoredChange;
import io.blastwall.core.store.StoredRevision;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One write transaction on one connection that already holds the write lock ({@link Dialect#beginWrite}).
 * Every operation that fails dooms the transaction (see {@link StoreTransaction}); the store rolls it back.
 *
 * <p>Not thread-safe: used by the thread running the work function only.
 */
final class JdbcTransaction extends JdbcReader implements StoreTransaction {

    private final Connection connection;
    private final Dialect dialect;
    private final StoreConfig config;
    private final Clock clock;
    private RuntimeException doomedBy;
    private boolean finished;

    JdbcTransaction(Connection connection, Dialect dialect, StoreConfig config, Clock clock) {
        this.connection = connection;
        this.dialect = dialect;
        this.config = config;
        this.clock = clock;
    }

    /** The failure that dooms this transaction, or null. */
    RuntimeException doomedBy() {
        return doomedBy;
    }

    void finish() {
        finished = true;
    }

    @Override
    <T> T read(String what, SqlWork<T> work) {
        if (finished) throw new IllegalStateException("a transaction cannot be used after its work function returned");
        if (doomedBy != null) {
            throw new IllegalStateException("this transaction already failed and will be rolled back ("
                    + doomedBy.getMessage() + "); catch store exceptions outside inTransaction");
        }
        try {
            return work.run(connection);
        } catch (SQLException e) {
            RuntimeException r = dialect.translate(e, what, config);
            doomedBy = r;
            throw r;
        } catch (RuntimeException e) {
            doomedBy = e;
            throw e;
        }
    }

    @Override
    <T> T readStreaming(String what, SqlWork<T> work) {
        // PostgreSQL streams inside the open transaction; SQLite always streams
        return read(what, work);
    }

    @Override
    public StoredChange insertChange(StoredChange change, StoredRevision first) {
        return read("storing change " + change.id(), c -> {
            if (change.currentRevision() != 1 || first.revision() != 1 || !first.changeId().equals(change.id())) {
                throw new IllegalArgumentException("a new change is stored at revision 1 with revision 1 of itself");
            }
            var a = change.author();
            try {
                update(c, "INSERT INTO changes (" + Rows.CHANGE_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        change.id(), change.title(), change.source(), a.kind().externalName(), a.id(), a.model(),
                        a.onBehalfOf(), a.sessionId(), a.promptHash(), change.state().externalName(),
                        change.currentRevision(), change.version(), change.createdAt(), change.updatedAt());
            } catch (SQLException e) {
                if (dialect.isUniqueViolation(e)) throw new AlreadyExistsException("change", change.id());
                throw e;
            }
            insertRevision(c, first);
            return change;
        });
    }

    private static void insertRevision(Connection c, StoredRevision r) throws SQLException {
        update(c, "INSERT INTO revisions (" + Rows.REVISION_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                r.changeId(), r.revision(), r.contentHash(), r.sourceFormat(), r.content(), r.analysisJson(),
                r.verdict(), r.risk(), r.estateVersion(), r.policyVersion(), r.createdAt());
    }

    @Override
    public StoredChange addRevision(StoredRevision r) {
        return read("adding revision " + r.revision() + " to change " + r.changeId(), c -> {
            int n = update(c, "UPDATE changes SET current_revision = ?, version = version + 1, updated_at = ?"
                            + " WHERE id = ? AND current_revision = ?",
                    r.revision(), r.createdAt(), r.changeId(), r.revision() - 1);
            if (n == 0) {
                StoredChange now = current(c, r.changeId());
                throw new StaleStateException(r.changeId(), "revision " + r.revision() + " must follow the current revision, "
                        + "which is " + now.currentRevision(), now.state(), now.version());
            }
            insertRevision(c, r);
            return current(c, r.changeId());
        });
    }

    private static StoredChange current(Connection c, String changeId) throws SQLException {
        return one(c, "SELECT " + Rows.CHANGE_COLUMNS + " FROM changes WHERE id = ?", Rows::change, changeId)
                .orElseThrow(() -> new RecordNotFoundException("change", changeId));
    }

    @Override
    public StoredChange transition(String changeId, Trigger trigger, ChangeState expectedFrom, ChangeState to,
                                   long expectedVersion) {
        return read("moving change " + changeId + " to " + (to == null ? "?" : to.externalName()), c -> {
            Objects.requireNonNull(trigger, "trigger");
            Objects.requireNonNull(expectedFrom, "expectedFrom");
            Lifecycle.check(expectedFrom, trigger, to);
            // compare-and-set: only the writer that still sees the state and version it read moves the change
            int n = update(c, "UPDATE changes SET state = ?, version = version + 1, updated_at = ?"
                            + " WHERE id = ? AND state = ? AND version = ?",
                    to.externalName(), clock.instant(), changeId, expectedFrom.externalName(), expectedVersion);
            if (n == 0) {
                StoredChange now = current(c, changeId);
                throw new StaleStateException(changeId, expectedFrom, expectedVersion, now.state(), now.version());
            }
            return current(c, changeId);
        });
    }

    @Override
    public StoredApproval recordApproval(StoredApproval a) {
        return read("recording the decision of " + a.approverId() + " on change " + a.changeId(), c -> {
            if (!a.valid()) throw new IllegalArgumentException("a new decision is valid; invalidate it afterwards");
            Optional<String> hash = one(c, "SELECT content_hash FROM revisions WHERE change_id = ? AND revision = ?",
                    rs -> rs.getString(1), a.changeId(), a.revision());
            if (hash.isEmpty()) throw new RecordNotFoundException("revision", a.changeId() + "#" + a.revision());
            if (!hash.get().equals(a.contentHash())) {
                throw new IllegalArgumentException("a decision must carry the content hash of the revision it is about");
            }
            int n;
            try {
                // the partial unique index makes a replay a no-op we can see (0 rows) instead of an error that
                // would abort a PostgreSQL transaction
                n = update(c, "INSERT INTO approvals (" + Rows.APPROVAL_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                                + " ON CONFLICT (change_id, revision, approver_id) WHERE valid DO NOTHING",
                        a.id(), a.changeId(), a.revision(), a.contentHash(), a.estateVersion(), a.policyVersion(),
                        a.approverId(), StoredJson.write(a.approverRoles()), Rows.decision(a.decision()), a.comment(),
                        a.at(), true, null);
            } catch (SQLException e) {
                if (dialect.isUniqueViolation(e)) throw new AlreadyExistsException("approval", a.id());
                throw e;
            }
            if (n == 0) throw new DuplicateApprovalException(a.changeId(), a.revision(), a.approverId());
            return a;
        });
    }

    @Override
    public int invalidateApprovals(String changeId, String reason) {
        Objects.requireNonNull(reason, "reason");
        return read("invalidating the approvals of change " + changeId, c -> update(c,
                "UPDATE approvals SET valid = ?, invalidated_reason = ? WHERE change_id = ? AND valid = ?",
                false, reason, changeId, true));
    }

    @Override
    public Principal createPrincipal(Principal p) {
        return read("creating principal " + p.id(), c -> {
            try {
                update(c, "INSERT INTO principals (" + Rows.PRINCIPAL_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                        p.id(), p.kind().externalName(), p.displayName(), StoredJson.write(p.roles()), p.onBehalfOf(),
                        p.model(), p.disabled(), p.createdAt());
            } catch (SQLException e) {
                if (dialect.isUniqueViolation(e)) throw new AlreadyExistsException("principal", p.id());
                throw e;
            }
            return p;
        });
    }

    @Override
    public Principal updatePrincipal(Principal p) {
        return read("updating principal " + p.id(), c -> {
            int n = update(c, "UPDATE principals SET kind = ?, display_name = ?, roles = ?, on_behalf_of = ?, model = ?,"
                            + " disabled = ? WHERE id = ?",
                    p.kind().externalName(), p.displayName(), StoredJson.write(p.roles()), p.onBehalfOf(), p.model(),
                    p.disabled(), p.id());
            if (n == 0) throw new RecordNotFoundException("principal", p.id());
            return one(c, "SELECT " + Rows.PRINCIPAL_COLUMNS + " FROM principals WHERE id = ?", Rows::principal, p.id())
                    .orElseThrow();
        });
    }

    @Override
    public ApiToken createToken(ApiToken t) {
        return read("creating token " + t.id(), c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO api_tokens (" + Rows.TOKEN_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                Rows.bind(ps, t.id(), t.principalId(), t.name(), t.tokenHash(), t.createdAt());
                Rows.setTime(ps, 6, t.expiresAt());
                Rows.setTime(ps, 7, t.revokedAt());
                Rows.setTime(ps, 8, t.lastUsedAt());
                ps.executeUpdate();
            } catch (SQLException e) {
                if (dialect.isUniqueViolation(e)) throw new AlreadyExistsException("token", t.id());
                if (dialect.isForeignKeyViolation(e)) throw new RecordNotFoundException("principal", t.principalId());
                throw e;
            }
            return t;
        });
    }

    @Override
    public ApiToken expireToken(String tokenId, Instant at) {
        return tokenUpdate("expiring token " + tokenId, tokenId, "UPDATE api_tokens SET expires_at = ? WHERE id = ?", at);
    }

    @Override
    public ApiToken revokeToken(String tokenId, Instant at) {
        return tokenUpdate("revoking token " + tokenId, tokenId,
                "UPDATE api_tokens SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ?", at);
    }

    @Override
    public void touchToken(String tokenId, Instant at) {
        tokenUpdate("recording the use of token " + tokenId, tokenId, "UPDATE api_tokens SET last_used_at = ? WHERE id = ?", at);
    }

    private ApiToken tokenUpdate(String what, String tokenId, String sql, Instant at) {
        Objects.requireNonNull(at, "at");
        return read(what, c -> {
            if (update(c, sql, at, tokenId) == 0) throw new RecordNotFoundException("token", tokenId);
            return one(c, "SELECT " + Rows.TOKEN_COLUMNS + " FROM api_tokens WHERE id = ?", Rows::token, tokenId).orElseThrow();
        });
    }

    @Override
    public LedgerEntry appendLedger(String actor, String action, String changeId, LedgerPayload payload, Instant time) {
        Objects.requireNonNull(payload, "payload");
        return read("appending to the ledger", c -> {
            // The write lock is held since the transaction began, so no other writer can append between this read
            // of the head and the insert. Only the head's number and hash matter for chaining: its payload (possibly
            // a large analysis) is not read. The payload's canonical text was rendered before the transaction; the
            // same text is hashed and stored (StoredJson reads it back into the tree that renders to it).
            long[] seq = {0};
            String headHash = one(c, "SELECT seq, hash FROM ledger ORDER BY seq DESC LIMIT 1", rs -> {
                seq[0] = rs.getLong(1);
                return rs.getString(2);
            }).orElse(LedgerChain.GENESIS);
            LedgerEntry e = LedgerChain.next(seq[0], headHash, time, actor, action, changeId, payload);
            update(c, "INSERT INTO ledger (" + Rows.LEDGER_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    e.sequence(), e.time(), e.actor(), e.action(), e.changeId(), payload.canonical(),
                    e.previousHash(), e.hash());
            return e;
        });
    }
}
