package io.blastwall.cli.render;

import io.blastwall.core.change.Action;
import io.blastwall.core.policy.Effect;
import io.blastwall.core.policy.Finding;
import io.blastwall.core.policy.PolicySpec;
import io.blastwall.core.verdict.Assessment;
import io.blastwall.formats.output.AssessmentJson;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * SARIF 2.1.0 for code-scanning views (GitHub code scanning and other SARIF consumers), valid against the OASIS
 * schema (SarifSchemaTest checks it).
 *
 * <p>One rule per policy that fired, with its description as short/full description and help that says what the
 * policy asks for; one result per finding, always with at least one location (code scanning drops results without
 * one): the file and line of the action when the reader knew them, else the first change file. Denials are errors,
 * approval and rollout requirements warnings, warnings notes. Each result carries a {@code partialFingerprints}
 * entry built from the policy, the action's address and the file only — not the plan's content hash — so that the
 * same finding on the next push of the same pull request is recognised as the same alert instead of a new one.
 *
 * <p>Stateless and thread-safe; the returned tree is a fresh mutable map owned by the caller.
 */
public final class SarifRenderer {

    /** Where the schema the output follows is published; code scanning reads {@code version}, not this. */
    public static final String SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";
    /** The {@code partialFingerprints} key; see {@link #fingerprint}. */
    public static final String FINGERPRINT = "blastwallFinding/v1";
    static final String HELP_URI = "https://github.com/blastwall/blastwall/blob/main/docs/policies.md";

    private SarifRenderer() {
    }

    /**
     * The SARIF log of one check.
     *
     * @param a                the assessment
     * @param policies         the policies in force (for rule descriptions; a policy missing here gets its id)
     * @param version          Blastwall's version, for the tool driver
     * @param workingDirectory paths under it are written relative to it (code scanning resolves them from the
     *                         repository root, where CI runs the check)
     * @param changeFiles      the change's files as given, the location of findings whose action has none
     * @param exitCode         the check's exit code, recorded in the run's invocation
     */
    public static Map<String, Object> tree(Assessment a, List<PolicySpec> policies, String version, Path workingDirectory,
                                           List<Path> changeFiles, int exitCode) {
        Map<String, PolicySpec> specs = new LinkedHashMap<>();
        for (PolicySpec p : policies) specs.putIfAbsent(p.id(), p);
        Map<String, Map<String, Object>> rules = new LinkedHashMap<>();
        List<String> ruleIds = new ArrayList<>();
        List<Object> results = new ArrayList<>();
        String fallbackFile = firstFile(a, changeFiles);
        for (Finding f : a.findings()) {
            if (!rules.containsKey(f.policyId())) {
                rules.put(f.policyId(), rule(f, specs.get(f.policyId())));
                ruleIds.add(f.policyId());
            }
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("ruleId", f.policyId());
            result.put("ruleIndex", ruleIds.indexOf(f.policyId()));
            result.put("level", level(f.effect()));
            result.put("message", AssessmentJson.ordered("text", f.message().isBlank() ? f.policyId() : f.message()));
            Action act = f.actionAddress().isEmpty() ? null : a.change().actions().stream()
                    .filter(x -> x.address().equals(f.actionAddress())).findFirst().orElse(null);
            String file = act != null && !act.where().file().isEmpty() ? act.where().file() : fallbackFile;
            String uri = uri(file, workingDirectory);
            Map<String, Object> physical = new LinkedHashMap<>();
            physical.put("artifactLocation", AssessmentJson.ordered("uri", uri));
            // code scanning shows the alert on this line; line 1 when the reader did not know it
            int line = act != null && act.where().line() > 0 ? act.where().line() : 1;
            physical.put("region", AssessmentJson.ordered("startLine", line));
            Map<String, Object> loc = new LinkedHashMap<>();
            loc.put("physicalLocation", physical);
            if (!f.actionAddress().isEmpty()) {
                loc.put("logicalLocations", List.of(AssessmentJson.ordered("fullyQualifiedName", f.actionAddress(), "kind", "resource")));
            }
            result.put("locations", List.of(loc));
            result.put("partialFingerprints", AssessmentJson.ordered(FINGERPRINT, fingerprint(f.policyId(), f.actionAddress(), uri)));
            result.put("properties", AssessmentJson.ordered("effect", AssessmentJson.effectName(f.effect()),
                    "verdict", a.decision().externalName(), "risk", a.risk().score(), "changeHash", a.change().hash()));
            results.add(result);
        }
        Map<String, Object> driver = new LinkedHashMap<>();
        driver.put("name", "Blastwall");
        driver.put("version", version);
        driver.put("informationUri", "https://github.com/blastwall/blastwall");
        driver.put("rules", new ArrayList<>(rules.values()));
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("tool", AssessmentJson.ordered("driver", driver));
        run.put("invocations", List.of(AssessmentJson.ordered("executionSuccessful", true, "exitCode", exitCode)));
        run.put("results", results);
        run.put("properties", AssessmentJson.ordered("verdict", a.decision().externalName(), "risk", a.risk().score(),
                "changeHash", a.change().hash()));
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("$schema", SCHEMA);
        root.put("version", "2.1.0");
        root.put("runs", List.of(run));
        return root;
    }

    private static Map<String, Object> rule(Finding f, PolicySpec spec) {
        String description = spec == null || spec.description().isBlank() ? f.policyId() : spec.description().strip();
        String effect = AssessmentJson.effectName(f.effect());
        String asks = asks(f.effect());
        String defined = f.policyLocation().file().isEmpty() ? "" : " Defined in " + f.policyLocation().file()
                + (f.policyLocation().line() > 0 ? ":" + f.policyLocation().line() : "") + ".";
        Map<String, Object> rule = new LinkedHashMap<>();
        rule.put("id", f.policyId());
        rule.put("name", f.policyId());
        rule.put("shortDescription", AssessmentJson.ordered("text", firstSentence(description)));
        rule.put("fullDescription", AssessmentJson.ordered("text", description));
        rule.put("helpUri", HELP_URI);
        rule.put("help", AssessmentJson.ordered(
                "text", description + " Effect: " + effect + " — " + asks + "." + defined,
                "markdown", "**" + MarkdownRenderer.esc(description) + "**\n\nEffect: `" + effect + "` — " + asks + "."
                        + MarkdownRenderer.esc(defined)));
        rule.put("defaultConfiguration", AssessmentJson.ordered("level", level(f.effect())));
        rule.put("properties", AssessmentJson.ordered("tags", List.of("blastwall", effect)));
        return rule;
    }

    private static String asks(Effect e) {
        return switch (e) {
            case Effect.Deny d -> "the change must not proceed";
            case Effect.RequireApproval r -> "the change needs approval before it may proceed (submit it with `blastwall submit`)";
            case Effect.RequireProgressiveRollout r -> "the change must be rolled out progressively";
            case Effect.Warn w -> "a warning for the reviewer; it does not hold the change";
        };
    }

    static String level(Effect e) {
        return switch (e) {
            case Effect.Deny d -> "error";
            case Effect.RequireApproval r -> "warning";
            case Effect.RequireProgressiveRollout r -> "warning";
            case Effect.Warn w -> "note";
        };
    }

    private static String firstSentence(String s) {
        int dot = s.indexOf(". ");
        String first = dot > 0 ? s.substring(0, dot + 1) : s;
        return first.length() > 200 ? first.substring(0, 199) + "…" : first;
    }

    private static String firstFile(Assessment a, List<Path> changeFiles) {
        for (Action act : a.change().actions()) if (!act.where().file().isEmpty()) return act.where().file();
        for (Path p : changeFiles) return p.toString();
        return "change";
    }

    /**
     * A URI reference for a file: relative (percent-encoded, forward slashes) when under the working directory, a
     * {@code file:} URI when it is absolute elsewhere. A path with a space or {@code #} is not a valid URI as it is.
     */
    public static String uri(String file, Path cwd) {
        Path p;
        try {
            p = Path.of(file);
        } catch (InvalidPathException e) {
            return encode(file.replace('\\', '/'));
        }
        Path base = cwd == null ? null : cwd.toAbsolutePath().normalize();
        if (p.isAbsolute()) {
            Path n = p.normalize();
            if (base != null && n.startsWith(base)) p = base.relativize(n);
            else return n.toUri().toASCIIString();
        }
        return encode(p.normalize().toString().replace('\\', '/'));
    }

    private static String encode(String relative) {
        // a first segment with a colon would read as a scheme
        int colon = relative.indexOf(':'), slash = relative.indexOf('/');
        if (colon >= 0 && (slash < 0 || colon < slash)) relative = "./" + relative;
        try {
            return new URI(null, null, relative, null).toASCIIString();
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("cannot encode " + relative + " as a URI path", e);
        }
    }

    /** Policy, resource address and file, not the content: the same finding on the next push is the same alert. */
    public static String fingerprint(String policyId, String actionAddress, String uri) {
        return sha256(policyId + "\n" + actionAddress + "\n" + uri);
    }

    static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
