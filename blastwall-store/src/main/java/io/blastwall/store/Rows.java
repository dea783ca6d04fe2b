package io.blastwall.store;

import io.blastwall.core.change.Provenance;
import io.blastwall.core.change.Provenance.AuthorKind;
import io.blastwall.core.ledger.LedgerEntry;
import io.blastwall.core.lifecycle.ChangeState;
import io.blastwall.core.store.ApiToken;
import io.blastwall.core.store.Principal;
import io.blastwall.core.store.StoreException;
import io.blastwall.core.store.StoredApproval;
import io.blastwall.core.store.StoredApproval.Decision;
import io.blastwall.core.store.StoredChange;
import io.blastwall.core.store.StoredRevision;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;

/**
 * Column lists and row mappings, shared by both databases. Times are BIGINT epoch milliseconds; enums are stored by
 * their external (lower-case, hyphenated) names; role lists as canonical JSON arrays.
 *
 * <p>Stateless and thread-safe.
 */
final class Rows {

    static final String CHANGE_COLUMNS = "id, title, source, author_kind, author_id, author_model, author_on_behalf_of, "
            + "author_session_id, author_prompt_hash, state, current_revision, version, created_at, updated_at";
    static final String REVISION_COLUMNS = "change_id, revision, content_hash, source_format, content, analysis_json, "
            + "verdict, risk, estate_version, policy_version, created_at";
    static final String APPROVAL_COLUMNS = "id, change_id, revision, content_hash, estate_version, policy_version, "
            + "approver_id, approver_roles, decision, comment_text, decided_at, valid, invalidated_reason";
    static final String PRINCIPAL_COLUMNS = "id, kind, display_name, roles, on_behalf_of, model, disabled, created_at";
    static final String TOKEN_COLUMNS = "id, principal_id, name, token_hash, created_at, expires_at, revoked_at, last_used_at";
    static final String LEDGER_COLUMNS = "seq, recorded_at, actor, action, change_id, payload, previous_hash, hash";

    private Rows() {
    }

    static StoredChange change(ResultSet rs) throws SQLException {
        AuthorKind kind = AuthorKind.parse(rs.getString("author_kind"))
                .orElseThrow(() -> corrupt("author kind", "changes"));
        Provenance author = new Provenance(kind, rs.getString("author_id"), rs.getString("author_model"),
                rs.getString("author_on_behalf_of"), rs.getString("author_session_id"), rs.getString("author_prompt_hash"));
        ChangeState state = ChangeState.parse(rs.getString("state")).orElseThrow(() -> corrupt("state", "changes"));
        return new StoredChange(rs.getString("id"), rs.getString("title"), rs.getString("source"), author, state,
                rs.getInt("current_revision"), rs.getLong("version"), time(rs, "created_at"), time(rs, "updated_at"));
    }

    static StoredRevision revision(ResultSet rs) throws SQLException {
        return new StoredRevision(rs.getString("change_id"), rs.getInt("revision"), rs.getString("content_hash"),
                rs.getString("source_format"), rs.getString("content"), rs.getString("analysis_json"),
                rs.getString("verdict"), rs.getInt("risk"), rs.getString("estate_version"), rs.getString("policy_version"),
                time(rs, "created_at"));
    }

    static StoredApproval approval(ResultSet rs) throws SQLException {
        Decision d = switch (rs.getString("decision")) {
            case "approve" -> Decision.APPROVE;
            case "reject" -> Decision.REJECT;
            default -> throw corrupt("decision", "approvals");
        };
        return new StoredApproval(rs.getString("id"), rs.getString("change_id"), rs.getInt("revision"),
                rs.getString("content_hash"), rs.getString("estate_version"), rs.getString("policy_version"),
                rs.getString("approver_id"), StoredJson.readStrings(rs.getString("approver_roles")), d,
                rs.getString("comment_text"), time(rs, "decided_at"), rs.getBoolean("valid"),
                rs.getString("invalidated_reason"));
    }

    static Principal principal(ResultSet rs) throws SQLException {
        AuthorKind kind = AuthorKind.parse(rs.getString("kind")).orElseThrow(() -> corrupt("kind", "principals"));
        return new Principal(rs.getString("id"), kind, rs.getString("display_name"),
                StoredJson.readStrings(rs.getString("roles")), rs.getString("on_behalf_of"), rs.getString("model"),
                rs.getBoolean("disabled"), time(rs, "created_at"));
    }

    static ApiToken token(ResultSet rs) throws SQLException {
        return new ApiToken(rs.getString("id"), rs.getString("principal_id"), rs.getString("name"),
                rs.getString("token_hash"), time(rs, "created_at"), time(rs, "expires_at"), time(rs, "revoked_at"),
                time(rs, "last_used_at"));
    }

    static LedgerEntry ledger(ResultSet rs) throws SQLException {
        return ledger(rs, StoredJson.readObject(rs.getString("payload")));
    }

    /** As {@link #ledger}, the payload parsed on first use. */
    static LedgerEntry ledgerOnDemand(ResultSet rs) throws SQLException {
        return ledger(rs, new LazyJsonObject(rs.getString("payload")));
    }

    private static LedgerEntry ledger(ResultSet rs, Map<String, Object> payload) throws SQLException {
        return new LedgerEntry(rs.getLong("seq"), time(rs, "recorded_at"), rs.getString("actor"), rs.getString("action"),
                rs.getString("change_id"), payload, rs.getString("previous_hash"), rs.getString("hash"));
    }

    static String decision(Decision d) {
        return d.name().toLowerCase(Locale.ROOT);
    }

    static Instant time(ResultSet rs, String column) throws SQLException {
        long ms = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(ms);
    }

    static void setTime(PreparedStatement ps, int index, Instant t) throws SQLException {
        if (t == null) ps.setNull(index, Types.BIGINT);
        else ps.setLong(index, t.toEpochMilli());
    }

    /** A null BIGINT parameter (a time not set): PostgreSQL refuses an untyped null for a BIGINT column. */
    static final Object NULL_BIGINT = new Object();

    /** Binds parameters in order: String, Integer, Long, Boolean, Instant (as epoch millis) or null (as text). */
    static void bind(PreparedStatement ps, Object... values) throws SQLException {
        for (int i = 0; i < values.length; i++) {
            int idx = i + 1;
            switch (values[i]) {
                case null -> ps.setNull(idx, Types.VARCHAR);
                case String s -> ps.setString(idx, s);
                case Integer n -> ps.setInt(idx, n);
                case Long n -> ps.setLong(idx, n);
                case Boolean b -> ps.setBoolean(idx, b);
                case Instant t -> setTime(ps, idx, t);
                case Object o when o == NULL_BIGINT -> ps.setNull(idx, Types.BIGINT);
                default -> throw new IllegalArgumentException("cannot bind " + values[i].getClass());
            }
        }
    }

    private static StoreException corrupt(String what, String table) {
        return new StoreException("the database holds an unknown " + what + " in table " + table
                + ": it was written by a newer Blastwall or edited by hand");
    }
}
