package io.blastwall.server.admission;

import io.blastwall.core.BadInputException;
import io.blastwall.core.change.Action;
import io.blastwall.core.change.Change;
import io.blastwall.core.canonical.Sha256;
import io.blastwall.core.change.Provenance;
import io.blastwall.core.controlplane.Config;
import io.blastwall.core.lifecycle.ChangeState;
import io.blastwall.core.policy.Effect;
import io.blastwall.core.policy.Finding;
import io.blastwall.core.verdict.ApprovalRequirement;
import io.blastwall.core.verdict.Assessment;
import io.blastwall.core.verdict.Assessor;
import io.blastwall.formats.kubernetes.ObjectDigest;
import io.blastwall.formats.kubernetes.admission.AdmissionChanges;
import io.blastwall.formats.kubernetes.admission.AdmissionConfig;
import io.blastwall.formats.kubernetes.admission.AdmissionConfig.OnError;
import io.blastwall.formats.kubernetes.admission.AdmissionRequest;
import io.blastwall.formats.kubernetes.admission.AdmissionRequest.Operation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Decides one admission request.
 * <ul>
 *   <li>Exempt identities (cluster machinery): allowed, unchecked.</li>
 *   <li>Agent identities: allowed only when the object (the old object for a DELETE) carries
 *       {@value ObjectDigest#CHANGE_ID_ANNOTATION} naming a change that is approved, scheduled or rolling out, whose
 *       current revision holds this object with the same digest (or deletes it, for a DELETE). Everything else is
 *       denied with the reason and how to get approval. When the store cannot be read: {@code onError.agents}
 *       (deny unless configured otherwise).</li>
 *   <li>Everyone else: the policies in force assess the one-object change as {@code blastwall check} would; a denial
 *       denies, a need for approval allows with warnings. When the policies cannot be evaluated:
 *       {@code onError.humans}.</li>
 * </ul>
 * Verdicts on identical one-object changes by the same user under the same estate and policy versions are reused for
 * the configured cache time. Thread-safe.
 */
final class AdmissionDecider {

    private static final Logger LOG = LoggerFactory.getLogger(AdmissionDecider.class);
    private static final Set<ChangeState> APPLICABLE = Set.of(ChangeState.APPROVED, ChangeState.SCHEDULED, ChangeState.ROLLING_OUT);
    private static final int MAX_VERDICTS = 10_000;
    private static final int MAX_DISTINCT = 1_000;

    /** A decision before it is addressed to a request (no uid yet), so it can be reused. */
    record Verdict(boolean allowed, int code, String reason, String message, List<String> warnings) {
        static Verdict allow(String message, List<String> warnings) {
            return new Verdict(true, 200, "", message, warnings);
        }

        static Verdict deny(String message) {
            return new Verdict(false, 403, "Forbidden", message, List.of());
        }

        static Verdict invalid(String message) {
            return new Verdict(false, 400, "BadRequest", message, List.of());
        }
    }

    /** The one verdict most people's writes get, shared instead of kept once per cached write. */
    private static final Verdict ALLOWED = new Verdict(true, 200, "", "allowed by Blastwall policies", List.of());

    /**
     * What a reused verdict is found by: SHA-256 over the user, the change's content hash, the estate and policy
     * versions and each action's address and kind, held as four longs. An entry costs the same few dozen bytes however
     * long the names are, so a stream of distinct writes (each cached, none reused) adds little for the collector to
     * copy while the entries live.
     */
    private record VerdictKey(long a, long b, long c, long d) {
    }

    private record Cached(Verdict verdict, long expiresAt) {
    }

    private final AdmissionConfig config;
    private final ApprovedChanges approved;
    private final Supplier<Config> policies;
    private final Clock clock;
    private final long ttlNanos;
    private final ConcurrentHashMap<VerdictKey, Cached> verdicts = new ConcurrentHashMap<>();
    /**
     * One copy of each distinct verdict the cache holds: distinct writes mostly get equal verdicts (the same warnings
     * for the same object), and a copy per entry was most of what a cached entry kept alive.
     */
    private final ConcurrentHashMap<Verdict, Verdict> distinct = new ConcurrentHashMap<>();

    AdmissionDecider(AdmissionConfig config, ApprovedChanges approved, Supplier<Config> policies, Clock clock) {
        this.config = Objects.requireNonNull(config, "config");
        this.approved = Objects.requireNonNull(approved, "approved");
        this.policies = Objects.requireNonNull(policies, "policies");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.ttlNanos = config.cacheTtl().toNanos();
    }

    /** Drops every reused verdict (after a warm-up). */
    void forgetVerdicts() {
        verdicts.clear();
        distinct.clear();
    }

    Verdict decide(AdmissionRequest r) {
        Optional<String> exempt = config.exempt().match(r.user());
        if (exempt.isPresent()) return Verdict.allow("exempt from Blastwall (" + exempt.get() + ")", List.of());
        Optional<String> agent = config.agents().match(r.user());
        return agent.isPresent() ? agent(r, agent.get()) : human(r);
    }

    // ---------------------------------------------------------------- agents

    private Verdict agent(AdmissionRequest r, String matched) {
        String who = r.user().username() + " is an agent (" + matched + ")";
        if (r.operation() == Operation.CONNECT) {
            return Verdict.deny("Blastwall: " + who + " and may not " + r.resource().resource() + "/" + r.subResource()
                    + " into " + r.address() + "; only approved changes are applied by agents");
        }
        Change change;
        try {
            Optional<Change> c = AdmissionChanges.written(r); // not assessed: only its digest is compared
            if (c.isEmpty()) {
                return Verdict.deny("Blastwall: " + who + "; it may write the " + (r.subResource().isEmpty() ? "object"
                        : r.subResource() + " subresource") + " of " + r.address() + " only by applying an approved change's "
                        + "manifest (with annotation " + ObjectDigest.CHANGE_ID_ANNOTATION + ")");
            }
            change = c.get();
        } catch (BadInputException e) {
            return Verdict.invalid("Blastwall cannot read the object: " + e.getMessage());
        }
        Action action = change.actions().getFirst();
        String address = action.address();
        Object id = annotations(r.subject().orElse(Map.of())).get(ObjectDigest.CHANGE_ID_ANNOTATION);
        if (!(id instanceof String changeId) || changeId.isBlank()) {
            return Verdict.deny("Blastwall: " + who + " and " + verb(r) + " " + address + " without an approved change. "
                    + howTo(address));
        }
        Optional<ApprovedChanges.Known> found;
        try {
            found = approved.find(changeId.strip());
        } catch (RuntimeException e) {
            LOG.atWarn().addKeyValue("changeId", changeId).addKeyValue("error", String.valueOf(e.getMessage()))
                    .log("admission: cannot read the store");
            String why = "Blastwall cannot read its store to check change " + changeId;
            return config.agentsOnError() == OnError.ALLOW
                    ? Verdict.allow(why + "; allowed because onError.agents is allow", List.of(why + " (allowed: onError.agents)"))
                    : Verdict.deny(why + "; agents' writes are refused until it can (fail closed). Retry shortly.");
        }
        if (found.isEmpty()) {
            return Verdict.deny("Blastwall: " + address + " names change " + changeId + " (annotation "
                    + ObjectDigest.CHANGE_ID_ANNOTATION + "), which does not exist: the annotation must name a change "
                    + "submitted to this Blastwall. " + howTo(address));
        }
        ApprovedChanges.Known k = found.get();
        if (!APPLICABLE.contains(k.state())) {
            return Verdict.deny("Blastwall: change " + changeId + " is " + k.state().externalName() + ", not approved; "
                    + (k.state() == ChangeState.AWAITING_APPROVAL ? "it can be applied once its reviewers approve it ("
                    + "`blastwall status " + changeId + "`)" : "submit or amend a change and have it approved first"));
        }
        ApprovedChanges.ApprovedObject obj = k.objects().get(address);
        if (obj == null) {
            return Verdict.deny("Blastwall: change " + changeId + " (revision " + k.revision() + ") does not include "
                    + address + "; it includes " + listed(k.objects().keySet()) + ". Amend the change to include it.");
        }
        if (r.operation() == Operation.DELETE) {
            return obj.delete() ? Verdict.allow("approved by Blastwall change " + changeId + " revision " + k.revision(), List.of())
                    : Verdict.deny("Blastwall: change " + changeId + " (revision " + k.revision() + ") applies " + address
                    + " but does not delete it; amend the change to delete it (annotation blastwall.io/action: delete)");
        }
        if (obj.delete()) {
            return Verdict.deny("Blastwall: change " + changeId + " (revision " + k.revision() + ") deletes " + address
                    + "; it does not approve writing it");
        }
        Object digest = action.attributes().get(ObjectDigest.ATTRIBUTE);
        if (!obj.digest().equals(digest)) {
            return Verdict.deny("Blastwall: " + address + " differs from what change " + changeId + " (revision "
                    + k.revision() + ") approved (content " + shortHash(String.valueOf(digest)) + ", approved "
                    + shortHash(obj.digest()) + "). Apply exactly the approved manifest, or amend the change "
                    + "(`blastwall submit` a new revision) and have it approved.");
        }
        return Verdict.allow("approved by Blastwall change " + changeId + " revision " + k.revision(), List.of());
    }

    private static String howTo(String address) {
        return "Submit it for approval (`blastwall submit --server URL MANIFEST.yaml`, or POST /api/v1/changes), and once "
                + "it is approved apply the manifest with the annotation " + ObjectDigest.CHANGE_ID_ANNOTATION
                + ": <change id> on " + address + ".";
    }

    // ---------------------------------------------------------------- humans

    private Verdict human(AdmissionRequest r) {
        Optional<Change> c;
        try {
            c = AdmissionChanges.of(r, Provenance.human(r.user().username()));
        } catch (BadInputException e) {
            return Verdict.invalid("Blastwall cannot read the object: " + e.getMessage());
        }
        if (c.isEmpty()) return Verdict.allow("no change for Blastwall to assess", List.of());
        Change change = c.get();
        Config cfg = policies.get();
        VerdictKey key = ttlNanos > 0 ? cacheKey(r, change, cfg) : null;
        long now = System.nanoTime();
        if (key != null) {
            Cached hit = verdicts.get(key);
            if (hit != null && now - hit.expiresAt() < 0) return hit.verdict();
        }
        Verdict v;
        try {
            v = assess(change, cfg);
        } catch (RuntimeException e) {
            LOG.atWarn().setCause(e).log("admission: the policies could not be evaluated");
            String why = "Blastwall could not evaluate its policies on " + change.actions().getFirst().address();
            return config.humansOnError() == OnError.ALLOW
                    ? Verdict.allow(why + "; allowed because onError.humans is allow", List.of(why))
                    : Verdict.deny(why + "; refused (fail closed). Ask the Blastwall operators to check its policies.");
        }
        if (key != null) {
            if (verdicts.size() >= MAX_VERDICTS) forgetVerdicts();
            verdicts.put(key, new Cached(shared(v), now + ttlNanos));
        }
        return v;
    }

    private Verdict assess(Change change, Config cfg) {
        Assessment a = new Assessor(cfg.estate(), cfg.policies(), clock).assess(change);
        List<String> warnings = new ArrayList<>();
        List<String> denials = new ArrayList<>();
        for (Finding f : a.findings()) {
            switch (f.effect()) {
                case Effect.Deny d -> denials.add(f.policyId() + ": " + f.message());
                case Effect.Warn w -> warnings.add(f.policyId() + ": " + f.message());
                case Effect.RequireApproval ra -> { }
                case Effect.RequireProgressiveRollout p -> { }
            }
        }
        String address = change.actions().getFirst().address();
        return switch (a.decision()) {
            case DENY -> Verdict.deny("Blastwall policies deny " + change.title() + ": " + String.join("; ", denials));
            case NEEDS_APPROVAL -> {
                List<String> w = new ArrayList<>();
                List<String> needs = a.requirements().approvals().stream().map(ApprovalRequirement::describe).toList();
                w.add("Blastwall: " + address + " would need " + String.join("; ", needs) + " if submitted as a change");
                w.addAll(warnings);
                yield Verdict.allow("allowed; Blastwall policies would require approval", w);
            }
            case ALLOW -> warnings.isEmpty() ? ALLOWED : Verdict.allow(ALLOWED.message(), List.copyOf(warnings));
        };
    }

    /** The copy of {@code v} the cache already holds, if any (bounded: past its size, {@code v} itself). */
    private Verdict shared(Verdict v) {
        Verdict known = distinct.get(v);
        if (known != null) return known;
        if (distinct.size() >= MAX_DISTINCT) return v;
        known = distinct.putIfAbsent(v, v);
        return known == null ? v : known;
    }

    /** Same user, same object content and actions, same estate and policies: the same verdict. */
    private static VerdictKey cacheKey(AdmissionRequest r, Change change, Config cfg) {
        MessageDigest sha = Sha256.newDigest();
        digest(sha, r.user().username());
        digest(sha, change.hash());
        digest(sha, cfg.estateVersion());
        digest(sha, cfg.policyVersion());
        for (Action a : change.actions()) {
            digest(sha, a.address());
            digest(sha, a.kind().toString());
        }
        ByteBuffer d = ByteBuffer.wrap(sha.digest());
        return new VerdictKey(d.getLong(), d.getLong(), d.getLong(), d.getLong());
    }

    private static void digest(MessageDigest sha, String s) {
        Sha256.addPart(sha, s.getBytes(StandardCharsets.UTF_8));
    }

    // ---------------------------------------------------------------- helpers

    @SuppressWarnings("unchecked")
    private static Map<String, Object> annotations(Map<String, Object> obj) {
        if (obj.get("metadata") instanceof Map<?, ?> m && m.get("annotations") instanceof Map<?, ?> a) return (Map<String, Object>) a;
        return Map.of();
    }

    private static String verb(AdmissionRequest r) {
        return switch (r.operation()) {
            case CREATE -> "may not create";
            case UPDATE -> "may not change";
            case DELETE -> "may not delete";
            case CONNECT -> "may not connect to";
        };
    }

    private static String listed(Set<String> addresses) {
        if (addresses.isEmpty()) return "no Kubernetes objects";
        List<String> l = addresses.stream().sorted().limit(5).toList();
        return String.join(", ", l) + (addresses.size() > 5 ? " and " + (addresses.size() - 5) + " more" : "");
    }

    private static String shortHash(String h) {
        return h.length() > 12 ? h.substring(0, 12) : h;
    }
}
