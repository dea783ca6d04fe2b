package io.blastwall.core.controlplane;

import io.blastwall.core.BadInputException;
import io.blastwall.core.SourceLocation;
import io.blastwall.core.canonical.CanonicalJson;
import io.blastwall.core.change.Change;
import io.blastwall.core.change.Provenance;
import io.blastwall.core.store.StoredRevision;
import io.blastwall.core.verdict.ApprovalRequirement;
import io.blastwall.core.verdict.Assessment;
import io.blastwall.core.verdict.Assessor;

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
record Analysis(Change change, Assessment assessment, Map<String, Object> tree, String json, String analysisHash,
                String content, Config config, List<SubmittedDocument> documents, String format) {

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
        Assessment a = new Assessor(cfg.estate(), cfg.policies(), clock).assess(change);
        String json = ports.json().write(ports.view().apply(a));
        Map<String, Object> tree = object(ports.json().read(json));
        List<Object> files = new ArrayList<>();
        for (SubmittedDocument d : s.documents()) files.add(ordered("name", d.name(), "text", d.content()));
        String content = ports.json().write(ordered("files", files, "format", s.format()));
        return new Analysis(change, a, tree, json, CanonicalJson.sha256(tree), content, cfg, s.documents(), s.format());
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

    /** The documents and format stored in a revision's content. */
    static Submission submissionOf(JsonCodec json, StoredRevision rev, String title) {
        Map<String, Object> content = object(json.read(rev.content()));
        List<SubmittedDocument> docs = new ArrayList<>();
        Object files = content.get("files");
        if (files instanceof List<?> list) {
            for (Object f : list) {
                Map<String, Object> m = object(f);
                docs.add(new SubmittedDocument(String.valueOf(m.get("name")), String.valueOf(m.get("text"))));
            }
        }
        Object format = content.get("format");
        return new Submission(title, format == null ? "auto" : String.valueOf(format), docs, "", "");
    }

    static List<String> documentNames(JsonCodec json, StoredRevision rev) {
        List<String> out = new ArrayList<>();
        for (SubmittedDocument d : submissionOf(json, rev, "").documents()) out.add(d.name());
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
