package io.blastwall.core.controlplane;

import io.blastwall.core.BadInputException;
import io.blastwall.core.SourceLocation;
import io.blastwall.core.canonical.CanonicalJson;
import io.blastwall.core.canonical.Sha256;
import io.blastwall.core.change.Change;
import io.blastwall.core.change.ChangeCodec;
import io.blastwall.core.change.Provenance;
import io.blastwall.core.store.StoredRevision;
import io.blastwall.core.verdict.ApprovalRequirement;
import io.blastwall.core.verdict.Assessment;
import io.blastwall.core.verdict.Assessor;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One analysis of submitted documents under one {@link Config}, prepared outside any store transaction (it is pure
 * CPU work), plus the helpers that read a stored analysis back. The analysis tree is the assessment's JSON view
 * (schema {@code blastwall.io/check/v1}); approval requirements are read back from its
 * {@code requirements.approvals} list, so every replica evaluates approvals against exactly what reviewers were shown.
 *
 * <p>Immutable.
 */
record Analysis(Change change, Assessment assessment, Map<String, Object> tree, String json, String canonical,
                String analysisHash, String content, Config config, List<String> documentNames) {

    /** Parses, assesses and renders; throws {@link BadInputException} for documents that cannot be read. */
    static Analysis of(ControlPlane.Ports ports, Config cfg, Clock clock, Submission s, Provenance author, String fallbackTitle) {
        if (s.documents().isEmpty()) {
            throw new BadInputException(SourceLocation.of("request", 0, "$.documents"),
                    "no documents given; send at least one {name, content}: a plan JSON, manifests or a change file");
        }
        Change parsed = ports.parser().parse(s.documents(), s.format());
        String title = !s.title().isEmpty() ? s.title() : !parsed.title().isEmpty() ? parsed.title() : fallbackTitle;
        Change change = new Change(parsed.source(), title, author, parsed.actions(), parsed.scope(), parsed.hash(),
                parsed.notes(), parsed.labels());
        // the revision keeps the change as read (no sensitive values: the readers never keep them) and each document's
        // name, size and digest — not the documents' text, which for plans and Secrets holds secrets
        List<Object> files = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (SubmittedDocument d : s.documents()) {
            byte[] bytes = d.content().getBytes(StandardCharsets.UTF_8);
            files.add(ordered("name", d.name(), "bytes", (long) bytes.length, "sha256", Sha256.hex(bytes)));
            names.add(d.name());
        }
        String content = ports.json().write(ordered("format", s.format(), "documents", files,
                "change", ChangeCodec.encode(change)));
        return assess(ports, cfg, clock, change, content, names);
    }

    /** Analyses a stored revision's change again under {@code cfg} (re-check before execution); same content. */
    static Analysis again(ControlPlane.Ports ports, Config cfg, Clock clock, StoredRevision rev, Provenance author, String title) {
        Map<String, Object> content = object(ports.json().read(rev.content()));
        Change stored = ChangeCodec.decode(object(content.get("change")), author);
        Change change = new Change(stored.source(), title.isEmpty() ? stored.title() : title, author, stored.actions(),
                stored.scope(), stored.hash(), stored.notes(), stored.labels());
        return assess(ports, cfg, clock, change, rev.content(), documentNames(ports.json(), rev));
    }

    private static Analysis assess(ControlPlane.Ports ports, Config cfg, Clock clock, Change change, String content,
                                   List<String> names) {
        Assessment a = new Assessor(cfg.estate(), cfg.policies(), clock).assess(change);
        Map<String, Object> view = ports.view().apply(a);
        String json = ports.json().write(view);
        // the tree must be the document the stored text holds; a plain view is that already, anything else
        // (a type the JSON writer renders its own way, a NaN) is read back from the text
        Map<String, Object> tree = CanonicalJson.isPlain(view) ? view : object(ports.json().read(json));
        // the canonical text is rendered once: hashed here, and spliced into the ledger entry that carries the analysis
        String canonical = CanonicalJson.write(tree);
        return new Analysis(change, a, tree, json, canonical, Sha256.hex(canonical.getBytes(StandardCharsets.UTF_8)),
                content, cfg, List.copyOf(names));
    }

    StoredRevision revision(String changeId, int number, Instant at) {
        return new StoredRevision(changeId, number, change.hash(), change.source(), content, json,
                assessment.decision().externalName(), assessment.risk().score(), config.estateVersion(),
                config.policyVersion(), at);
    }

    List<ApprovalRequirement> requirements() {
        return requirements(tree);
    }

    /** What the ledger keeps next to every transition: enough to see why, without the whole analysis. */
    Map<String, Object> summary() {
        return summary(tree, analysisHash);
    }

    /** The names of the documents a revision was read from. */
    static List<String> documentNames(JsonCodec json, StoredRevision rev) {
        List<String> out = new ArrayList<>();
        Object files = object(json.read(rev.content())).get("documents");
        if (files instanceof List<?> list) {
            for (Object f : list) out.add(String.valueOf(object(f).get("name")));
        }
        return out;
    }

    static List<ApprovalRequirement> requirements(Map<String, Object> tree) {
        List<ApprovalRequirement> out = new ArrayList<>();
        Object reqs = object(tree.get("requirements")).get("approvals");
        if (!(reqs instanceof List<?> list)) return out;
        for (Object o : list) {
            Map<String, Object> r = object(o);
            out.add(new ApprovalRequirement(((Number) r.get("count")).intValue(), strings(r.get("roles")),
                    Boolean.TRUE.equals(r.get("independentOfAuthor")), strings(r.get("excluded")), strings(r.get("policies"))));
        }
        return out;
    }

    static Map<String, Object> summary(Map<String, Object> tree, String analysisHash) {
        Map<String, Object> blast = object(object(tree.get("blast")).get("summary"));
        List<Object> reqs = new ArrayList<>();
        for (ApprovalRequirement r : requirements(tree)) reqs.add(r.describe());
        Object rollout = object(tree.get("requirements")).get("rollout");
        List<Object> explanation = tree.get("explanation") instanceof List<?> l ? new ArrayList<>(l) : List.of();
        return ordered("verdict", tree.get("verdict"), "risk", object(tree.get("risk")).get("score"),
                "maxSeverity", blast.get("maxSeverity"), "impactedCount", blast.get("impactedCount"),
                "approvalsRequired", reqs,
                "rolloutRequired", rollout instanceof Map<?, ?> m ? m.get("description") : null,
                "headline", explanation.isEmpty() ? "" : explanation.getFirst(),
                "analysisHash", analysisHash);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> object(Object o) {
        return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    static List<String> strings(Object o) {
        List<String> out = new ArrayList<>();
        if (o instanceof List<?> l) for (Object x : l) out.add(String.valueOf(x));
        return out;
    }

    static Map<String, Object> ordered(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }
}
