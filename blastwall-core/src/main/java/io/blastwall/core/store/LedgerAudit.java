package io.blastwall.core.store;

import io.blastwall.core.ledger.CheckpointAudit;
import io.blastwall.core.ledger.LedgerChain;
import io.blastwall.core.ledger.LedgerVerifier;

import java.security.PublicKey;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The one ledger verification that {@code blastwall ledger verify} (offline, against the database) and
 * {@code GET /api/v1/ledger/verify} (the server) both run, so both report the same: one streaming pass over the stored
 * ledger in constant memory, checking
 * <ul>
 *   <li>the hash chain ({@link LedgerVerifier}): the first entry altered, deleted, inserted, or no longer readable;</li>
 *   <li>when a head hash recorded elsewhere is given, that the ledger still contains it (entries cut off the end);</li>
 *   <li>when trusted public keys are given, every stored signed checkpoint ({@link CheckpointAudit}): signed by one of
 *       the keys, signature valid, and the ledger still holding its entry with its hash.</li>
 * </ul>
 *
 * <p>Stateless and thread-safe; {@link Report} is immutable.
 */
public final class LedgerAudit {

    private LedgerAudit() {
    }

    /**
     * The outcome: the chain's verification and, when keys were given, the checkpoint audit.
     *
     * @param chain       intact with its head, or the first broken entry
     * @param checkpoints the checkpoint audit's result; empty when no keys were given (checkpoints not checked)
     */
    public record Report(LedgerChain.Verification chain, Optional<CheckpointAudit.Result> checkpoints) {
        public Report {
            Objects.requireNonNull(chain, "chain");
            checkpoints = checkpoints == null ? Optional.empty() : checkpoints;
        }

        /** True when the chain is intact and (when checked) every checkpoint holds. */
        public boolean ok() {
            return chain instanceof LedgerChain.Verification.Intact
                    && checkpoints.map(r -> r instanceof CheckpointAudit.Result.Holds).orElse(true);
        }

        /**
         * The report as JSON members (insertion-ordered): {@code intact}, then {@code entries} and {@code headHash}
         * or {@code brokenAt}, {@code reason} and {@code verifiedEntries}; then, only when keys were given,
         * {@code checkpoints}: {@code {hold:true, checked:N, latestSequence, latestTime}} or
         * {@code {hold:false, failedSequence?, failedKeyId?, failedTime?, reason}}.
         */
        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            switch (chain) {
                case LedgerChain.Verification.Intact ok -> {
                    m.put("intact", true);
                    m.put("entries", ok.entries());
                    m.put("headHash", ok.headHash());
                }
                case LedgerChain.Verification.Broken bad -> {
                    m.put("intact", false);
                    m.put("brokenAt", bad.sequence());
                    m.put("reason", bad.reason());
                    m.put("verifiedEntries", bad.sequence() - 1);
                }
            }
            if (checkpoints.isEmpty()) return m;
            Map<String, Object> j = new LinkedHashMap<>();
            switch (checkpoints.get()) {
                case CheckpointAudit.Result.Holds ok -> {
                    j.put("hold", true);
                    j.put("checked", ok.checked());
                    j.put("latestSequence", ok.latest().sequence());
                    j.put("latestTime", ok.latest().time().toString());
                }
                case CheckpointAudit.Result.Fails bad -> {
                    j.put("hold", false);
                    if (bad.checkpoint() != null) {
                        j.put("failedSequence", bad.checkpoint().sequence());
                        j.put("failedKeyId", bad.checkpoint().keyId());
                        j.put("failedTime", bad.checkpoint().time().toString());
                    }
                    j.put("reason", bad.reason());
                }
            }
            m.put("checkpoints", j);
            return m;
        }
    }

    /**
     * Verifies the stored ledger of {@code db}.
     *
     * @param recordedHead a head hash printed by an earlier verify and kept elsewhere, or null
     * @param keys         trusted checkpoint public keys; empty: checkpoints are not checked
     * @throws StoreUnavailableException when the database cannot be used (anything else unreadable breaks the ledger
     *                                   at that row)
     */
    public static Report run(ControlPlaneStore db, String recordedHead, List<PublicKey> keys) {
        Objects.requireNonNull(keys, "keys");
        CheckpointAudit audit = keys.isEmpty() ? null : new CheckpointAudit(db.checkpoints(), keys);
        LedgerVerifier v = new LedgerVerifier();
        boolean[] seen = {recordedHead == null || recordedHead.equals(LedgerChain.GENESIS)};
        try {
            db.forEachLedgerEntry(e -> {
                if (!v.accept(e)) throw new StopReading();
                if (!seen[0] && e.hash().equals(recordedHead)) seen[0] = true;
                if (audit != null) audit.accept(e);
            });
        } catch (StopReading stop) {
            // the verifier holds the break
        } catch (StoreUnavailableException e) {
            throw e;
        } catch (RuntimeException e) {
            v.unreadable("the row after entry " + v.lastVerified() + " cannot be read back (" + e.getMessage()
                    + "): the row was altered or the database is damaged");
        }
        LedgerChain.Verification chain = v.result();
        if (v.intact() && !seen[0]) {
            chain = new LedgerChain.Verification.Broken(v.lastVerified() + 1, "the ledger no longer contains the entry "
                    + "with the recorded head hash " + recordedHead + ": entries were deleted from its end (or the hash "
                    + "belongs to another ledger)");
        }
        if (audit == null) return new Report(chain, Optional.empty());
        boolean complete = chain instanceof LedgerChain.Verification.Intact;
        long last = switch (chain) {
            case LedgerChain.Verification.Intact ok -> ok.entries();
            case LedgerChain.Verification.Broken bad -> bad.sequence() - 1;
        };
        return new Report(chain, Optional.of(audit.finish(last, complete)));
    }

    /** Ends the pass at the first break (the verifier keeps it). */
    private static final class StopReading extends RuntimeException {
        StopReading() {
            super(null, null, false, false);
        }
    }
}
