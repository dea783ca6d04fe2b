package io.blastwall.store;

import io.blastwall.core.ledger.LedgerEntry;
import io.blastwall.core.lifecycle.ChangeState;
import io.blastwall.core.store.ApiToken;
import io.blastwall.core.store.ChangeQuery;
import io.blastwall.core.store.Principal;
import io.blastwall.core.store.StoreReader;
import io.blastwall.core.store.StoredApproval;
import io.blastwall.core.store.StoredChange;
import io.blastwall.core.store.StoredRevision;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Map;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The queries of {@link StoreReader} over JDBC, common to the store (a pooled connection per call) and to a
 * transaction (its own connection), which supply the connection through {@link #read}.
 */
abstract sealed class JdbcReader implements StoreReader permits JdbcControlPlaneStore, JdbcTransaction {

    /** Work on a connection; SQL errors are translated by the caller of it. */
    @FunctionalInterface
    interface SqlWork<T> {
        T run(Connection c) throws SQLException;
    }

    /** Row mapping that may throw SQL errors. */
    @FunctionalInterface
    interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    /** Runs {@code work} with a connection, translating failures into the port's exceptions. */
    abstract <T> T read(String what, SqlWork<T> work);

    /** Like {@link #read}, with the connection set up for a streaming (cursor) read. */
    abstract <T> T readStreaming(String what, SqlWork<T> work);

    static <T> List<T> list(Connection c, String sql, RowMapper<T> mapper, Object... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            Rows.bind(ps, params);
            try (ResultSet rs = ps.executeQuery()) {
                List<T> out = new ArrayList<>();
                while (rs.next()) out.add(mapper.map(rs));
                return out;
            }
        }
    }

    static <T> Optional<T> one(Connection c, String sql, RowMapper<T> mapper, Object... params) throws SQLException {
        List<T> all = list(c, sql, mapper, params);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.getFirst());
    }

    static int update(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            Rows.bind(ps, params);
            return ps.executeUpdate();
        }
    }

    @Override
    public Optional<StoredChange> findChange(String id) {
        return read("reading change " + id, c -> one(c,
                "SELECT " + Rows.CHANGE_COLUMNS + " FROM changes WHERE id = ?", Rows::change, id));
    }

    @Override
    public Map<ChangeState, Long> countChangesByState() {
        return read("counting changes by state", c -> {
            Map<ChangeState, Long> out = new EnumMap<>(ChangeState.class);
            for (Object[] row : list(c, "SELECT state, COUNT(*) FROM changes GROUP BY state",
                    rs -> new Object[]{rs.getString(1), rs.getLong(2)})) {
                ChangeState state = ChangeState.parse((String) row[0]).orElseThrow(() -> new io.blastwall.core.store.StoreException(
                        "table changes holds an unknown state '" + row[0] + "': the schema was edited by hand or by a newer version"));
                out.put(state, (Long) row[1]);
            }
            return out;
        });
    }

    @Override
    public List<StoredChange> listChanges(ChangeQuery q) {
        StringBuilder sql = new StringBuilder("SELECT " + Rows.CHANGE_COLUMNS + " FROM changes WHERE 1 = 1");
        List<Object> params = new ArrayList<>();
        if (!q.states().isEmpty()) {
            sql.append(" AND state IN (");
            List<ChangeState> states = q.states().stream().sorted().toList();
            for (int i = 0; i < states.size(); i++) {
                sql.append(i == 0 ? "?" : ", ?");
                params.add(states.get(i).externalName());
            }
            sql.append(')');
        }
        if (q.author() != null) {
            sql.append(" AND (author_id = ? OR author_on_behalf_of = ?)");
            params.add(q.author());
            params.add(q.author());
        }
        if (q.since() != null) {
            sql.append(" AND created_at >= ?");
            params.add(q.since().toEpochMilli());
        }
        sql.append(" ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?");
        params.add(q.limit());
        params.add(q.offset());
        return read("listing changes", c -> list(c, sql.toString(), Rows::change, params.toArray()));
    }

    @Override
    public List<StoredRevision> revisions(String changeId) {
        return read("reading the revisions of change " + changeId, c -> list(c,
                "SELECT " + Rows.REVISION_COLUMNS + " FROM revisions WHERE change_id = ? ORDER BY revision",
                Rows::revision, changeId));
    }

    @Override
    public Optional<StoredRevision> findRevision(String changeId, int revision) {
        return read("reading revision " + revision + " of change " + changeId, c -> one(c,
                "SELECT " + Rows.REVISION_COLUMNS + " FROM revisions WHERE change_id = ? AND revision = ?",
                Rows::revision, changeId, revision));
    }

    @Override
    public List<StoredApproval> approvals(String changeId, int revision) {
        return read("reading the approvals of change " + changeId, c -> list(c,
                "SELECT " + Rows.APPROVAL_COLUMNS + " FROM approvals WHERE change_id = ? AND revision = ?"
                        + " ORDER BY decided_at, id", Rows::approval, changeId, revision));
    }

    @Override
    public List<StoredApproval> approvalsOfChange(String changeId) {
        return read("reading the approvals of change " + changeId, c -> list(c,
                "SELECT " + Rows.APPROVAL_COLUMNS + " FROM approvals WHERE change_id = ?"
                        + " ORDER BY revision, decided_at, id", Rows::approval, changeId));
    }

    @Override
    public Optional<Principal> findPrincipal(String id) {
        return read("reading principal " + id, c -> one(c,
                "SELECT " + Rows.PRINCIPAL_COLUMNS + " FROM principals WHERE id = ?", Rows::principal, id));
    }

    @Override
    public List<Principal> listPrincipals() {
        return read("listing principals", c -> list(c,
                "SELECT " + Rows.PRINCIPAL_COLUMNS + " FROM principals ORDER BY id", Rows::principal));
    }

    @Override
    public Optional<ApiToken> findToken(String tokenId) {
        return read("reading token " + tokenId, c -> one(c,
                "SELECT " + Rows.TOKEN_COLUMNS + " FROM api_tokens WHERE id = ?", Rows::token, tokenId));
    }

    @Override
    public Optional<ApiToken> findTokenByHash(String tokenHash) {
        return read("looking up a token", c -> one(c,
                "SELECT " + Rows.TOKEN_COLUMNS + " FROM api_tokens WHERE token_hash = ?", Rows::token, tokenHash));
    }

    @Override
    public List<ApiToken> listTokens(String principalId) {
        return read("listing tokens", c -> principalId == null
                ? list(c, "SELECT " + Rows.TOKEN_COLUMNS + " FROM api_tokens ORDER BY created_at, id", Rows::token)
                : list(c, "SELECT " + Rows.TOKEN_COLUMNS + " FROM api_tokens WHERE principal_id = ? ORDER BY created_at, id",
                        Rows::token, principalId));
    }

    @Override
    public Optional<LedgerEntry> ledgerHead() {
        return read("reading the ledger head", c -> one(c,
                "SELECT " + Rows.LEDGER_COLUMNS + " FROM ledger ORDER BY seq DESC LIMIT 1", Rows::ledger));
    }

    @Override
    public List<LedgerEntry> ledgerRange(long fromSequence, int limit) {
        return ledgerRows(fromSequence, limit, Rows::ledger);
    }

    /** Payloads are parsed on first use ({@link LazyJsonObject}). */
    @Override
    public List<LedgerEntry> ledgerFeed(long fromSequence, int limit) {
        return ledgerRows(fromSequence, limit, Rows::ledgerOnDemand);
    }

    private List<LedgerEntry> ledgerRows(long fromSequence, int limit, RowMapper<LedgerEntry> row) {
        if (limit < 1) throw new IllegalArgumentException("limit must be at least 1");
        return read("reading the ledger", c -> list(c,
                "SELECT " + Rows.LEDGER_COLUMNS + " FROM ledger WHERE seq >= ? ORDER BY seq LIMIT ?",
                row, fromSequence, limit));
    }

    @Override
    public List<LedgerEntry> ledgerOfChange(String changeId) {
        return read("reading the ledger of change " + changeId, c -> list(c,
                "SELECT " + Rows.LEDGER_COLUMNS + " FROM ledger WHERE change_id = ? ORDER BY seq",
                Rows::ledger, changeId));
    }

    @Override
    public void forEachLedgerEntry(Consumer<? super LedgerEntry> consumer) {
        readStreaming("reading the whole ledger", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + Rows.LEDGER_COLUMNS + " FROM ledger ORDER BY seq")) {
                ps.setFetchSize(500);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) consumer.accept(Rows.ledger(rs));
                }
            }
            return null;
        });
    }
}
