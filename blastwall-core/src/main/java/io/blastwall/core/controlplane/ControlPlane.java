package io.blastwall.core.controlplane;

import io.blastwall.core.BadInputException;
import io.blastwall.core.SourceLocation;
import io.blastwall.core.approval.ApprovalRules;
import io.blastwall.core.approval.ApprovalStatus;
import io.blastwall.core.approval.Approver;
import io.blastwall.core.approval.Vote;
import io.blastwall.core.change.Provenance;
import io.blastwall.core.ledger.LedgerPayload;
import io.blastwall.core.lifecycle.ChangeState;
import io.blastwall.core.lifecycle.IllegalTransitionException;
import io.blastwall.core.lifecycle.Lifecycle;
import io.blastwall.core.lifecycle.Trigger;
import io.blastwall.core.store.ApiToken;
import io.blastwall.core.store.ChangeQuery;
import io.blastwall.core.store.ControlPlaneStore;
import io.blastwall.core.store.DuplicateApprovalException;
import io.blastwall.core.store.Principal;
import io.blastwall.core.store.RecordNotFoundException;
import io.blastwall.core.store.StaleStateException;
import io.blastwall.core.store.StoreReader;
import io.blastwall.core.store.StoreTransaction;
import io.blastwall.core.store.StoredApproval;
import io.blastwall.core.store.StoredChange;
import io.blastwall.core.store.StoredRevision;
import io.blastwall.core.verdict.ApprovalRequirement;
import io.blastwall.core.verdict.Assessment;
import io.blastwall.core.verdict.Decision;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

import static io.blastwall.core.controlplane.Analysis.ordered;

/**
 * The control plane's application service: the change lifecycle with its rules, enforced server-side whatever the
 * client sends.
 *
 * <ul>
 *   <li>Every operation that changes state runs in <b>one</b> store transaction that also appends the ledger entries
 *       recording each step, so a change never moves without its record, and a failure leaves nothing half-written.
 *       Analyses (parsing, blast radius, policies) run before the transaction, which therefore holds the write lock
 *       only for a few statements; whatever was read before it is re-checked inside it (compare-and-set).</li>
 *   <li>Identity comes from the authenticated {@link Principal}: an agent's id, model and the human it acts for are
 *       the principal's; a request may add only a session id and a prompt hash.</li>
 *   <li>Approvals: agents never approve; neither the author nor the human an agent acts for approves; once per person
 *       and revision; bound to the current revision's number and content hash (anything else is refused as stale) and
 *       recorded with the estate and policy versions of the analysis the approver was shown. When the verdict's
 *       requirements are met the change becomes approved in the same transaction.</li>
 * </ul>
 *
 * <p>Thread-safe; several instances (replicas) may share one store.
 */
public final class ControlPlane {

    /** The role that may reload the estate and policies and withdraw anyone's change. */
    public static final String ADMIN = "admin";
    /** Ledger actor of steps Blastwall takes itself (analysis, automatic approval of changes that need none). */
    public static final String SYSTEM = "system";
    /** How often a token's last-used time is written at most (a write per request would serialise all reads). */
    static final Duration TOUCH_EVERY = Duration.ofMinutes(1);
    /** How long a token and its principal are used as read before they are read again ({@link CredentialCache}). */
    static final Duration CREDENTIALS_TTL = Duration.ofSeconds(5);

    /**
     * What the control plane needs from the outside world: a parser for submitted documents, the assessment's JSON
     * view reviewers are shown (schema {@code blastwall.io/check/v1}, with {@code requirements.approvals}), and a
     * JSON codec. All pure and thread-safe.
     */
    public record Ports(ChangeParser parser, Function<Assessment, Map<String, Object>> view, JsonCodec json) {
        public Ports {
            Objects.requireNonNull(parser, "parser");
            Objects.requireNonNull(view, "view");
            Objects.requireNonNull(json, "json");
        }
    }

    /** The outcome of a re-check: whether anything differed, what, and the change as it now is. */
    public record Recheck(boolean changed, List<String> differences, int approvalsInvalidated, ChangeView change) {
        public Recheck {
            differences = List.copyOf(differences);
        }
    }

    private final ControlPlaneStore store;
    private final Supplier<Config> config;
    private final Clock clock;
    private final Ports ports;
    private final AnalysisGate gate;
    private final CredentialCache credentials = new CredentialCache(CREDENTIALS_TTL);

    /** A control plane that runs one analysis per processor at once; requests wait up to 30 s for one. */
    public ControlPlane(ControlPlaneStore store, Supplier<Config> config, Clock clock, Ports ports) {
        this(store, config, clock, ports, AnalysisGate.of(0));
    }

    /** A control plane whose submissions, amendments and re-checks are analysed through {@code gate}. */
    public ControlPlane(ControlPlaneStore store, Supplier<Config> config, Clock clock, Ports ports, AnalysisGate gate) {
        this.store = Objects.requireNonNull(store, "store");
        this.config = Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.ports = Objects.requireNonNull(ports, "ports");
        this.gate = Objects.requireNonNull(gate, "gate");
    }

    /** The bound on concurrent analyses (for metrics). */
    public AnalysisGate analysisGate() {
        return gate;
    }

    /** The estate and policies in force. */
    public Config config() {
        return config.get();
    }

    public ControlPlaneStore store() {
        return store;
    }

    // ---------------------------------------------------------------- submit and amend

    /**
     * Submits a change: stores it with revision 1, analyses it, and moves it to awaiting-approval, approved (the
     * policies require nothing) or rejected (the policies deny it), recording each step in the ledger.
     *
     * @throws BadInputException when the documents cannot be read, or a human sends agent session fields
     */
    public ChangeView submit(Principal actor, Submission submission) {
        Provenance author = provenance(actor, submission);
        Analysis an = gate.run(() -> Analysis.of(ports, config.get(), clock, submission, author, ""));
        return store.inTransaction(submission(actor.id(), author, an));
    }

    /**
     * The write transaction of a submission. Everything that does not need the write lock is done here, before it: the
     * revision row's text and the canonical text of the ledger entry that carries the analysis.
     */
    private Function<StoreTransaction, ChangeView> submission(String actorId, Provenance author, Analysis an) {
        String id = Tokens.randomId("ch_");
        Instant now = clock.instant();
        StoredRevision rev = an.revision(id, 1, now);
        StoredChange proposed = StoredChange.proposed(id, an.change().title(), "api", author, now);
        LedgerPayload proposal = LedgerPayload.of(ordered(
                "revision", 1L, "title", proposed.title(), "source", proposed.source(), "author", author(author),
                "contentHash", rev.contentHash(), "sourceFormat", rev.sourceFormat(), "documents", an.documentNames()));
        LedgerPayload analysedPayload = analysedPayload(1, an);
        ParsedAnalyses p = analyses().with(an);
        return tx -> {
            StoredChange c = tx.insertChange(proposed, rev);
            tx.appendLedger(actorId, "change.proposed", id, proposal, now);
            settle(tx, analysed(tx, c, analysedPayload, now), rev, an, now, p);
            return view(tx, id, rev, p);
        };
    }

    /**
     * Does everything {@link #submit} does — reads the documents, analyses them, writes the change, its revision and
     * its ledger entries and reads it back — in a transaction that is then rolled back, so nothing is stored; outside
     * the {@link AnalysisGate}. For warming a server before it takes requests: the JIT compiler, the database driver
     * and the database's own caches, so that the first real submissions are not the slow ones (on a small machine a
     * cold start at tens of submissions a second builds a backlog that takes a minute to drain).
     *
     * @return the change as the rolled-back transaction read it back (for rendering; it does not exist)
     * @throws BadInputException when the documents cannot be read
     */
    public ChangeView rehearse(Submission submission) {
        Provenance author = Provenance.human("warm-up");
        Analysis an = Analysis.of(ports, config.get(), clock, submission, author, "warm-up");
        Function<StoreTransaction, ChangeView> writes = submission(SYSTEM, author, an);
        ChangeView[] seen = new ChangeView[1];
        try {
            store.inTransaction(tx -> {
                seen[0] = writes.apply(tx);
                throw new RolledBack();
            });
        } catch (RolledBack expected) {
            // the store rolls back a transaction whose work throws: nothing of the rehearsal is kept
        }
        return seen[0];
    }

    /** Thrown to end a rehearsal's transaction with a rollback. */
    private static final class RolledBack extends RuntimeException {
        RolledBack() {
            super("rehearsal rolled back", null, false, false);
        }
    }

    /**
     * Amends a change with new documents: a new revision with its own content hash, back to proposed, every decision
     * so far invalidated, then analysed and settled like a submission. Only the author (or the human an agent author
     * acts for) may amend.
     */
    public ChangeView amend(Principal actor, String changeId, Submission submission) {
        StoredChange c = find(store, changeId);
        if (!isAuthor(actor, c.author())) {
            throw new RefusedException(RefusedException.Kind.FORBIDDEN, "only-author-amends", actor.id()
                    + " may not amend change " + changeId + ": only its author " + c.author().id()
                    + (c.author().isAgent() ? " or the human it acts for (" + c.author().onBehalfOf() + ")" : "") + " may");
        }
        Lifecycle.next(c.state(), Trigger.AMEND);
        provenance(actor, submission); // refuses session fields from a human
        Analysis an = gate.run(() -> Analysis.of(ports, config.get(), clock, submission, c.author(), c.title()));
        int next = c.currentRevision() + 1;
        Instant now = clock.instant();
        StoredRevision rev = an.revision(changeId, next, now);
        LedgerPayload analysedPayload = analysedPayload(next, an);
        ParsedAnalyses p = analyses().with(an);
        return store.inTransaction(tx -> {
            StoredChange cur = find(tx, changeId);
            if (cur.currentRevision() != c.currentRevision()) {
                throw new StaleStateException(changeId, "revision " + c.currentRevision() + " was amended by another "
                        + "request while this amendment was analysed", cur.state(), cur.version());
            }
            StoredRevision previous = currentRevision(tx, cur);
            StoredChange withRev = tx.addRevision(rev);
            StoredChange proposed = tx.transition(changeId, Trigger.AMEND, cur.state(), ChangeState.PROPOSED, withRev.version());
            int invalidated = tx.invalidateApprovals(changeId, "revision " + next + " replaced revision " + (next - 1)
                    + " (content " + shortHash(an.change().hash()) + "); decisions apply to the content they were given for");
            tx.appendLedger(actor.id(), "change.amended", changeId, ordered(
                    "revision", (long) next, "previousRevision", (long) (next - 1),
                    "contentHash", an.change().hash(), "previousContentHash", previous.contentHash(),
                    "from", cur.state().externalName(), "to", ChangeState.PROPOSED.externalName(),
                    "trigger", Trigger.AMEND.externalName(), "approvalsInvalidated", (long) invalidated,
                    "sessionId", submission.sessionId(), "promptHash", submission.promptHash(),
                    "documents", an.documentNames()), now);
            settle(tx, analysed(tx, proposed, analysedPayload, now), rev, an, now, p);
            return view(tx, changeId, rev, p);
        });
    }

    // ---------------------------------------------------------------- decisions

    /**
     * Approves revision {@code revision} with content hash {@code contentHash}; when the verdict's requirements are
     * then met, the change becomes approved in the same transaction.
     *
     * @throws RefusedException            FORBIDDEN by the approval rules, STALE for an old revision or hash
     * @throws DuplicateApprovalException  when this person already decided on this revision
     * @throws IllegalTransitionException  when the change is not awaiting approval
     */
    public ChangeView approve(Principal actor, String changeId, int revision, String contentHash, String comment) {
        Instant now = clock.instant();
        ParsedAnalyses p = beforeDecision(changeId);
        return store.inTransaction(tx -> {
            StoredChange c = find(tx, changeId);
            StoredRevision rev = checkDecision(tx, actor, c, revision, contentHash, Trigger.APPROVE);
            List<ApprovalRequirement> reqs = Analysis.requirements(p.tree(rev));
            checkQualifies(actor, c, reqs);
            StoredApproval a = tx.recordApproval(StoredApproval.of(Tokens.randomId("ap_"), changeId, rev.revision(),
                    rev.contentHash(), rev.estateVersion(), rev.policyVersion(), actor.id(), actor.roles(),
                    StoredApproval.Decision.APPROVE, comment, now));
            ApprovalStatus status = status(c, rev, tx.approvals(changeId, rev.revision()), p);
            tx.appendLedger(actor.id(), "approval.given", changeId, ordered(
                    "approvalId", a.id(), "revision", (long) rev.revision(), "contentHash", rev.contentHash(),
                    "estateVersion", rev.estateVersion(), "policyVersion", rev.policyVersion(),
                    "roles", List.copyOf(actor.roles()), "comment", a.comment(),
                    "shown", Analysis.summary(p.tree(rev), p.hash(rev)),
                    "requirementsMet", status.satisfied(), "progress", progress(status)), now);
            if (status.satisfied()) {
                transition(tx, c, Trigger.APPROVE, ChangeState.APPROVED, SYSTEM, rev, now,
                        "every approval the verdict requires is in: " + String.join("; ", progress(status)), p);
            }
            return view(tx, changeId, rev, p);
        });
    }

    /** A reviewer rejects revision {@code revision}: the change becomes rejected. Same rules as {@link #approve}. */
    public ChangeView reject(Principal actor, String changeId, int revision, String contentHash, String comment) {
        Instant now = clock.instant();
        ParsedAnalyses p = beforeDecision(changeId);
        return store.inTransaction(tx -> {
            StoredChange c = find(tx, changeId);
            StoredRevision rev = checkDecision(tx, actor, c, revision, contentHash, Trigger.REJECT);
            StoredApproval a = tx.recordApproval(StoredApproval.of(Tokens.randomId("ap_"), changeId, rev.revision(),
                    rev.contentHash(), rev.estateVersion(), rev.policyVersion(), actor.id(), actor.roles(),
                    StoredApproval.Decision.REJECT, comment, now));
            tx.appendLedger(actor.id(), "approval.rejected", changeId, ordered(
                    "approvalId", a.id(), "revision", (long) rev.revision(), "contentHash", rev.contentHash(),
                    "estateVersion", rev.estateVersion(), "policyVersion", rev.policyVersion(),
                    "roles", List.copyOf(actor.roles()), "comment", a.comment(),
                    "shown", Analysis.summary(p.tree(rev), p.hash(rev))), now);
            transition(tx, c, Trigger.REJECT, ChangeState.REJECTED, actor.id(), rev, now,
                    "rejected by " + actor.id() + (a.comment().isEmpty() ? "" : ": " + a.comment()), p);
            return view(tx, changeId, rev, p);
        });
    }

    /** Withdraws a change: its author, the human an agent author acts for, or an admin. */
    public ChangeView withdraw(Principal actor, String changeId, String reason) {
        Instant now = clock.instant();
        String why = reason == null ? "" : reason.strip();
        ParsedAnalyses p = analyses();
        return store.inTransaction(tx -> {
            StoredChange c = find(tx, changeId);
            if (!isAuthor(actor, c.author()) && !actor.roles().contains(ADMIN)) {
                throw new RefusedException(RefusedException.Kind.FORBIDDEN, "only-author-or-admin-withdraws", actor.id()
                        + " may not withdraw change " + changeId + ": only its author " + c.author().id()
                        + (c.author().isAgent() ? ", the human it acts for (" + c.author().onBehalfOf() + ")" : "")
                        + " or an admin may");
            }
            ChangeState to = Lifecycle.next(c.state(), Trigger.WITHDRAW);
            StoredRevision rev = currentRevision(tx, c);
            transition(tx, c, Trigger.WITHDRAW, to, actor.id(), rev, now,
                    why.isEmpty() ? "withdrawn by " + actor.id() : "withdrawn by " + actor.id() + ": " + why, p);
            return view(tx, changeId, rev, p);
        });
    }

    // ---------------------------------------------------------------- re-check

    /**
     * Re-analyses the current revision under the estate and policies now in force, before execution. When the
     * content hash, the verdict, the requirements or the estate/policy versions differ from what reviewers were shown,
     * the new analysis becomes a new revision (same content), every decision is invalidated, an approved or scheduled
     * change goes back to awaiting-approval, and it is settled again (rejected if now denied, approved if nothing is
     * required). Either way the ledger records the re-check.
     */
    public Recheck recheck(Principal actor, String changeId) {
        StoredChange c = find(store, changeId);
        if (c.state() != ChangeState.AWAITING_APPROVAL && c.state() != ChangeState.APPROVED
                && c.state() != ChangeState.SCHEDULED) {
            throw new IllegalTransitionException(c.state(), null, Trigger.INVALIDATE);
        }
        StoredRevision rev = currentRevision(store, c);
        Analysis an = gate.run(() -> Analysis.again(ports, config.get(), clock, rev, c.author(), c.title()));
        List<String> differences = differences(rev, an);
        Instant now = clock.instant();
        int next = rev.revision() + 1;
        StoredRevision newRevision = an.revision(changeId, next, now);
        ParsedAnalyses p = analyses().with(an);
        return store.inTransaction(tx -> {
            StoredChange cur = find(tx, changeId);
            if (cur.version() != c.version()) {
                throw new StaleStateException(changeId, c.state(), c.version(), cur.state(), cur.version());
            }
            if (differences.isEmpty()) {
                tx.appendLedger(actor.id(), "change.rechecked", changeId, ordered(
                        "revision", (long) rev.revision(), "outcome", "unchanged", "state", cur.state().externalName(),
                        "estateVersion", an.config().estateVersion(), "policyVersion", an.config().policyVersion(),
                        "summary", an.summary()), now);
                return new Recheck(false, List.of(), 0, view(tx, changeId, rev, p));
            }
            StoredChange withRev = tx.addRevision(newRevision);
            int invalidated = tx.invalidateApprovals(changeId, "re-check before execution found: " + String.join("; ", differences));
            StoredChange awaiting = withRev;
            if (cur.state() != ChangeState.AWAITING_APPROVAL) {
                awaiting = tx.transition(changeId, Trigger.INVALIDATE, cur.state(), ChangeState.AWAITING_APPROVAL, withRev.version());
            }
            tx.appendLedger(actor.id(), "change.rechecked", changeId, ordered(
                    "revision", (long) next, "previousRevision", (long) rev.revision(), "outcome", "changed",
                    "differences", List.copyOf(differences), "from", cur.state().externalName(),
                    "to", ChangeState.AWAITING_APPROVAL.externalName(), "trigger", Trigger.INVALIDATE.externalName(),
                    "approvalsInvalidated", (long) invalidated, "contentHash", an.change().hash(),
                    "estateVersion", an.config().estateVersion(), "policyVersion", an.config().policyVersion(),
                    "analysis", an.tree(), "summary", an.summary()), now);
            StoredRevision newRev = newRevision;
            switch (an.assessment().decision()) {
                case DENY -> transition(tx, awaiting, Trigger.REJECT, ChangeState.REJECTED, SYSTEM, newRev, now,
                        "the policies now deny this change", p);
                case ALLOW, NEEDS_APPROVAL -> {
                    if (an.requirements().isEmpty()) {
                        transition(tx, awaiting, Trigger.APPROVE, ChangeState.APPROVED, SYSTEM, newRev, now,
                                "the policies now require no approval", p);
                    }
                }
            }
            return new Recheck(true, differences, invalidated, view(tx, changeId, newRevision, p));
        });
    }

    // ---------------------------------------------------------------- configuration

    /**
     * Replaces the estate and policies (admin only). {@code loader} builds the new set completely; if it throws
     * (bad input, policies that do not compile) the set in force stays and nothing is recorded. The reload is
     * recorded in the ledger before the new set is installed.
     */
    public Config reload(Principal actor, Supplier<Config> loader) {
        requireAdmin(actor, "reload the estate and policies");
        if (!(config instanceof ConfigHolder holder)) {
            throw new IllegalStateException("this control plane was built with a fixed configuration; give it a ConfigHolder");
        }
        Config next = loader.get();
        Config old = holder.get();
        Instant now = clock.instant();
        store.inTransaction(tx -> tx.appendLedger(actor.id(), "config.reloaded", null, ordered(
                "estateVersion", next.estateVersion(), "previousEstateVersion", old.estateVersion(),
                "policyVersion", next.policyVersion(), "previousPolicyVersion", old.policyVersion(),
                "estateSources", next.estateSources(), "policySources", next.policySources(),
                "estateNodes", (long) next.estate().nodeCount(), "estateEdges", (long) next.estate().edgeCount(),
                "policies", (long) next.policies().size()), now));
        holder.replace(next);
        return next;
    }

    // ---------------------------------------------------------------- identities

    /**
     * The principal a bearer token secret belongs to. Only the secret's hash is looked up.
     *
     * @throws AuthenticationException when the token is unknown, expired or revoked, or its principal is disabled
     */
    public Principal authenticate(String secret) {
        if (secret == null || secret.isBlank()) throw new AuthenticationException("no bearer token given");
        String hash = Tokens.hash(secret.strip());
        Instant now = clock.instant();
        CredentialCache.Entry known = credentials.get(hash, now).orElse(null);
        ApiToken t = known != null ? known.token() : store.findTokenByHash(hash).orElseThrow(() -> new AuthenticationException(
                "the bearer token is not known: check it was copied whole, or create one with `blastwall token create`"));
        if (t.revokedAt() != null) {
            throw new AuthenticationException("token " + t.id() + " (" + t.name() + ") was revoked at " + t.revokedAt()
                    + "; create a new one");
        }
        if (t.expiresAt() != null && !now.isBefore(t.expiresAt())) {
            throw new AuthenticationException("token " + t.id() + " (" + t.name() + ") expired at " + t.expiresAt()
                    + "; create a new one");
        }
        Principal p = known != null ? known.principal() : store.findPrincipal(t.principalId()).orElseThrow(() -> new AuthenticationException(
                "token " + t.id() + " belongs to principal " + t.principalId() + ", which no longer exists"));
        if (p.disabled()) throw new AuthenticationException("principal " + p.id() + " is disabled");
        Instant touched = known != null ? known.touched() : t.lastUsedAt();
        if (touched == null || touched.plus(TOUCH_EVERY).isBefore(now)) {
            store.inTransaction(tx -> {
                tx.touchToken(t.id(), now);
                return null;
            });
            touched = now;
        }
        if (known == null) credentials.remember(hash, t, p, now, touched);
        else if (touched != known.touched()) credentials.touched(hash, known, touched);
        return p;
    }

    /**
     * Forgets the tokens and principals kept for authentication, so the next request reads them again: call it when a
     * token or principal changed (a {@code token.*} or {@code principal.*} ledger entry).
     */
    public void forgetCredentials() {
        credentials.clear();
    }

    /**
     * On a store without any principal, creates the human {@code principalId} with the admin role and a token for it,
     * and returns the token's secret (to be shown once). Returns empty when a principal exists already, also when
     * another replica bootstrapped first.
     */
    public Optional<String> bootstrapAdmin(String principalId) {
        if (!store.listPrincipals().isEmpty()) return Optional.empty();
        String secret = Tokens.generate();
        Instant now = clock.instant();
        boolean created = store.inTransaction(tx -> {
            if (!tx.listPrincipals().isEmpty()) return false;
            tx.createPrincipal(new Principal(principalId, Provenance.AuthorKind.HUMAN, "Administrator (created at first start)",
                    List.of(ADMIN), "", "", false, now));
            String tokenId = Tokens.randomId("tk_");
            tx.createToken(new ApiToken(tokenId, principalId, "bootstrap", Tokens.hash(secret), now, null, null, null));
            tx.appendLedger(SYSTEM, "principal.created", null, ordered("principal", principalId, "kind", "human",
                    "roles", List.of(ADMIN), "reason", "first start with an empty store"), now);
            tx.appendLedger(SYSTEM, "token.created", null, ordered("tokenId", tokenId, "principal", principalId,
                    "name", "bootstrap"), now);
            return true;
        });
        return created ? Optional.of(secret) : Optional.empty();
    }

    // ---------------------------------------------------------------- reads

    public ChangeView change(String changeId) {
        return view(store, changeId);
    }

    public List<StoredChange> list(ChangeQuery query) {
        return store.listChanges(query);
    }

    public StoredRevision revision(String changeId, int revision) {
        find(store, changeId);
        return store.findRevision(changeId, revision).orElseThrow(() -> new RefusedException(RefusedException.Kind.NOT_FOUND,
                "no-such-revision", "change " + changeId + " has no revision " + revision));
    }

    /** The analysis of a stored revision as a tree. */
    public Map<String, Object> analysisOf(StoredRevision rev) {
        return analyses().tree(rev);
    }

    /** Who proposed what, what was shown, who decided, and every step with its time. */
    public Attribution attribution(String changeId) {
        StoredChange c = find(store, changeId);
        List<StoredRevision> revs = store.revisions(changeId);
        List<Attribution.RevisionRecord> revisions = new ArrayList<>();
        ParsedAnalyses p = analyses();
        for (StoredRevision r : revs) {
            revisions.add(Attribution.RevisionRecord.of(r, Analysis.documentNames(ports.json(), r), p.tree(r), p.hash(r)));
        }
        List<Attribution.DecisionRecord> decisions = new ArrayList<>();
        for (StoredApproval a : store.approvalsOfChange(changeId)) {
            StoredRevision shown = revs.stream().filter(r -> r.revision() == a.revision()).findFirst().orElse(null);
            decisions.add(Attribution.DecisionRecord.of(a, shown == null ? "" : p.hash(shown),
                    shown == null ? "" : shown.verdict()));
        }
        List<Attribution.Step> steps = new ArrayList<>();
        store.ledgerOfChange(changeId).forEach(e -> steps.add(Attribution.Step.of(e)));
        ChangeView v = view(store, changeId, null, p);
        return new Attribution(c, revisions, decisions, steps, v.status(), clock.instant());
    }

    // ---------------------------------------------------------------- internals

    /** The ledger payload of PROPOSED → ANALYSED, with the whole analysis: rendered before the transaction. */
    private static LedgerPayload analysedPayload(int revision, Analysis an) {
        return LedgerPayload.withFirst("analysis", an.tree(), an.canonical(), ordered(
                "from", ChangeState.PROPOSED.externalName(), "to", ChangeState.ANALYSED.externalName(),
                "trigger", Trigger.ANALYSE.externalName(), "revision", (long) revision,
                "contentHash", an.change().hash(), "estateVersion", an.config().estateVersion(),
                "policyVersion", an.config().policyVersion(), "summary", an.summary()));
    }

    /** PROPOSED → ANALYSED with the analysis in the ledger ({@link #analysedPayload}). */
    private static StoredChange analysed(StoreTransaction tx, StoredChange c, LedgerPayload payload, Instant now) {
        StoredChange next = tx.transition(c.id(), Trigger.ANALYSE, ChangeState.PROPOSED, ChangeState.ANALYSED, c.version());
        tx.appendLedger(SYSTEM, "change.analysed", c.id(), payload, now);
        return next;
    }

    /** A fresh memo of parsed analyses for one operation. */
    private ParsedAnalyses analyses() {
        return new ParsedAnalyses(ports.json()::read);
    }

    /**
     * A memo holding the current revision's analysis parsed and hashed, read before a decision's transaction: parsing
     * tens of kilobytes then happens outside the write lock. The transaction still reads and checks the revision
     * itself; if another writer added one meanwhile, its (different) text is parsed there instead.
     */
    private ParsedAnalyses beforeDecision(String changeId) {
        ParsedAnalyses p = analyses();
        store.findChange(changeId).flatMap(c -> store.findRevision(c.id(), c.currentRevision())).ifPresent(p::hash);
        return p;
    }

    /** ANALYSED → rejected (denied), approved (nothing to approve) or awaiting-approval; {@code rev} is the current one. */
    private void settle(StoreTransaction tx, StoredChange c, StoredRevision rev, Analysis an, Instant now, ParsedAnalyses p) {
        Decision d = an.assessment().decision();
        switch (d) {
            case DENY -> transition(tx, c, Trigger.REJECT, ChangeState.REJECTED, SYSTEM, rev, now, "the policies deny this change", p);
            case ALLOW, NEEDS_APPROVAL -> {
                if (an.requirements().isEmpty()) {
                    transition(tx, c, Trigger.APPROVE, ChangeState.APPROVED, SYSTEM, rev, now,
                            "the policies require no approval", p);
                } else {
                    List<String> descr = an.requirements().stream().map(ApprovalRequirement::describe).toList();
                    transition(tx, c, Trigger.REQUIRE_APPROVAL, ChangeState.AWAITING_APPROVAL, SYSTEM, rev, now,
                            "needs " + String.join("; ", descr), p);
                }
            }
        }
    }

    private StoredChange transition(StoreTransaction tx, StoredChange c, Trigger trigger, ChangeState to, String actor,
                                    StoredRevision rev, Instant now, String reason, ParsedAnalyses p) {
        StoredChange next = tx.transition(c.id(), trigger, c.state(), to, c.version());
        tx.appendLedger(actor, "change.transition", c.id(), ordered(
                "from", c.state().externalName(), "to", to.externalName(), "trigger", trigger.externalName(),
                "revision", (long) rev.revision(), "contentHash", rev.contentHash(), "reason", reason,
                "summary", Analysis.summary(p.tree(rev), p.hash(rev))), now);
        return next;
    }

    private StoredRevision checkDecision(StoreTransaction tx, Principal actor, StoredChange c, int revision,
                                         String contentHash, Trigger trigger) {
        Approver approver = new Approver(actor.id(), actor.isAgent(), actor.roles());
        Optional<String> refusal = ApprovalRules.refusal(approver, c.author());
        if (refusal.isPresent()) {
            String rule = actor.isAgent() ? "agents-never-approve" : actor.id().equals(c.author().id())
                    ? "author-cannot-approve" : "agent-human-cannot-approve";
            throw new RefusedException(RefusedException.Kind.FORBIDDEN, rule, refusal.get());
        }
        StoredRevision rev = currentRevision(tx, c);
        if (revision != rev.revision()) {
            throw new RefusedException(RefusedException.Kind.STALE, "stale-revision", "this decision names revision "
                    + revision + ", but change " + c.id() + " is at revision " + rev.revision() + " (content "
                    + shortHash(rev.contentHash()) + "); decisions count only for the content they were given for: "
                    + "review revision " + rev.revision() + " and send its revision number and content hash");
        }
        if (contentHash == null || !contentHash.equals(rev.contentHash())) {
            throw new RefusedException(RefusedException.Kind.STALE, "stale-content-hash", "this decision names content "
                    + (contentHash == null || contentHash.isEmpty() ? "(none)" : shortHash(contentHash))
                    + ", but revision " + rev.revision() + " of change " + c.id() + " has content " + rev.contentHash()
                    + "; review what is there now and send its content hash");
        }
        if (c.state() != ChangeState.AWAITING_APPROVAL) {
            for (StoredApproval a : tx.approvals(c.id(), rev.revision())) {
                if (a.valid() && a.approverId().equals(actor.id())) {
                    throw new DuplicateApprovalException(c.id(), rev.revision(), actor.id());
                }
            }
            throw new IllegalTransitionException(c.state(), null, trigger);
        }
        return rev;
    }

    /** A decision that could not count towards any requirement is refused rather than silently recorded. */
    private static void checkQualifies(Principal actor, StoredChange c, List<ApprovalRequirement> reqs) {
        if (reqs.isEmpty()) return;
        for (ApprovalRequirement r : reqs) {
            boolean excluded = r.independentOfAuthor() && r.excluded().contains(actor.id());
            boolean hasRole = r.roles().isEmpty() || actor.roles().stream().anyMatch(r.roles()::contains);
            if (!excluded && hasRole) return;
        }
        List<String> needed = reqs.stream().map(ApprovalRequirement::describe).toList();
        throw new RefusedException(RefusedException.Kind.FORBIDDEN, "approver-lacks-role", actor.id()
                + " (roles: " + (actor.roles().isEmpty() ? "none" : String.join(", ", actor.roles()))
                + ") cannot count towards any approval change " + c.id() + " needs: " + String.join("; ", needed));
    }

    private ApprovalStatus status(StoredChange c, StoredRevision rev, List<StoredApproval> decisions, ParsedAnalyses p) {
        List<Vote> votes = new ArrayList<>();
        for (StoredApproval a : decisions) {
            if (!a.valid() || a.decision() != StoredApproval.Decision.APPROVE || a.revision() != rev.revision()) continue;
            votes.add(new Vote(new Approver(a.approverId(), false, a.approverRoles()), a.contentHash(),
                    a.estateVersion(), a.policyVersion(), a.at()));
        }
        return ApprovalRules.evaluate(Analysis.requirements(p.tree(rev)), c.author(), votes, rev.contentHash(),
                rev.estateVersion(), rev.policyVersion());
    }

    private ChangeView view(StoreReader r, String changeId) {
        return view(r, changeId, null, analyses());
    }

    /**
     * The change as it now is; {@code known} is its current revision when the caller just wrote or read it
     * (revisions are never updated), which saves reading tens of kilobytes back inside the transaction.
     */
    private ChangeView view(StoreReader r, String changeId, StoredRevision known, ParsedAnalyses p) {
        StoredChange c = find(r, changeId);
        StoredRevision rev = known != null && known.revision() == c.currentRevision() ? known : currentRevision(r, c);
        List<StoredApproval> all = r.approvalsOfChange(changeId);
        return new ChangeView(c, rev, p.tree(rev), all, status(c, rev, all, p));
    }

    private static List<String> differences(StoredRevision rev, Analysis an) {
        List<String> out = new ArrayList<>();
        if (!rev.contentHash().equals(an.change().hash())) {
            out.add("content hash " + shortHash(rev.contentHash()) + " is now " + shortHash(an.change().hash()));
        }
        if (!rev.verdict().equals(an.assessment().decision().externalName())) {
            out.add("verdict " + rev.verdict() + " is now " + an.assessment().decision().externalName());
        }
        if (!rev.estateVersion().equals(an.config().estateVersion())) {
            out.add("estate version " + shortHash(rev.estateVersion()) + " is now " + shortHash(an.config().estateVersion()));
        }
        if (!rev.policyVersion().equals(an.config().policyVersion())) {
            out.add("policy version " + shortHash(rev.policyVersion()) + " is now " + shortHash(an.config().policyVersion()));
        }
        return out;
    }

    private static StoredChange find(StoreReader r, String changeId) {
        return r.findChange(changeId).orElseThrow(() -> new RecordNotFoundException("change", changeId));
    }

    private static StoredRevision currentRevision(StoreReader r, StoredChange c) {
        return r.findRevision(c.id(), c.currentRevision()).orElseThrow(() -> new RecordNotFoundException(
                "revision", c.id() + "#" + c.currentRevision()));
    }

    /** The author, or (for an agent author) the human it acts for, or the agent itself. */
    private static boolean isAuthor(Principal actor, Provenance author) {
        if (actor.id().equals(author.id())) return true;
        return !actor.isAgent() && author.isAgent() && actor.id().equals(author.onBehalfOf());
    }

    private static void requireAdmin(Principal actor, String what) {
        if (!actor.roles().contains(ADMIN)) {
            throw new RefusedException(RefusedException.Kind.FORBIDDEN, "admin-only", "only an admin may " + what
                    + "; " + actor.id() + " holds " + (actor.roles().isEmpty() ? "no roles" : String.join(", ", actor.roles())));
        }
    }

    /** The author of a submission: from the principal; the body adds only an agent's session id and prompt hash. */
    static Provenance provenance(Principal p, Submission s) {
        if (p.isAgent()) return Provenance.agent(p.id(), p.model(), p.onBehalfOf(), s.sessionId(), s.promptHash());
        if (!s.sessionId().isEmpty() || !s.promptHash().isEmpty()) {
            throw new BadInputException(SourceLocation.of("request", 0, s.sessionId().isEmpty() ? "$.promptHash" : "$.sessionId"),
                    "sessionId and promptHash describe an agent's session, and " + p.id() + " is a human; leave them out");
        }
        return Provenance.human(p.id());
    }

    private static Map<String, Object> author(Provenance a) {
        return ordered("kind", a.kind().externalName(), "id", a.id(), "model", a.model(), "onBehalfOf", a.onBehalfOf(),
                "sessionId", a.sessionId(), "promptHash", a.promptHash());
    }

    private static List<String> progress(ApprovalStatus s) {
        return s.requirements().stream().map(ApprovalStatus.Progress::describe).toList();
    }

    static String shortHash(String h) {
        return h == null ? "" : h.length() > 12 ? h.substring(0, 12) : h;
    }
}
