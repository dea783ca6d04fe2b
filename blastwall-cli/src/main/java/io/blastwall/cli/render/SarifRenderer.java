package io.blastwall.cli.render;

import io.blastwall.formats.output.AssessmentJson;
import io.blastwall.core.change.Action;
import io.blastwall.core.policy.Effect;
import io.blastwall.core.policy.Finding;
import io.blastwall.core.verdict.Assessment;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * SARIF 2.1.0 for code-scanning views: one rule per policy that fired, one result per finding, located at the
 * change file (and the line of the action when known). Denials are errors, approval and rollout requirements
 * warnings, warnings notes.
 */
public final class SarifRenderer {

    private SarifRenderer() {
    }

    public static Map<String, Object> tree(Assessment a, String version, Path workingDirectory) {
        Map<String, Map<String, Object>> rules = new LinkedHashMap<>();
        List<Object> results = new ArrayList<>();
        for (Finding f : a.findings()) {
            rules.computeIfAbsent(f.policyId(), id -> AssessmentJson.ordered(
                    "id", id,
                    "name", id,
                    "shortDescription", AssessmentJson.ordered("text", id),
                    "defaultConfiguration", AssessmentJson.ordered("level", level(f.effect()))));
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("ruleId", f.policyId());
            result.put("level", level(f.effect()));
            result.put("message", AssessmentJson.ordered("text", f.message()));
            Action act = f.actionAddress().isEmpty() ? null : a.change().actions().stream()
                    .filter(x -> x.address().equals(f.actionAddress())).findFirst().orElse(null);
            String file = act != null && !act.where().file().isEmpty() ? act.where().file() : firstFile(a);
            if (!file.isEmpty()) {
                Map<String, Object> physical = new LinkedHashMap<>();
                physical.put("artifactLocation", AssessmentJson.ordered("uri", uri(file, workingDirectory)));
                if (act != null && act.where().line() > 0) {
                    physical.put("region", AssessmentJson.ordered("startLine", act.where().line()));
                }
                List<Object> locations = new ArrayList<>();
                Map<String, Object> loc = new LinkedHashMap<>();
                loc.put("physicalLocation", physical);
                if (!f.actionAddress().isEmpty()) {
                    loc.put("logicalLocations", List.of(AssessmentJson.ordered("fullyQualifiedName", f.actionAddress(), "kind", "resource")));
                }
                locations.add(loc);
                result.put("locations", locations);
            }
            result.put("partialFingerprints", AssessmentJson.ordered("blastwall/v1",
                    f.policyId() + ":" + f.actionAddress() + ":" + a.change().hash()));
            result.put("properties", AssessmentJson.ordered("effect", AssessmentJson.effectName(f.effect()),
                    "verdict", a.decision().externalName(), "risk", a.risk().score()));
            results.add(result);
        }
        Map<String, Object> driver = new LinkedHashMap<>();
        driver.put("name", "Blastwall");
        driver.put("version", version);
        driver.put("informationUri", "https://github.com/blastwall/blastwall");
        driver.put("rules", new ArrayList<>(rules.values()));
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("tool", AssessmentJson.ordered("driver", driver));
        run.put("results", results);
        run.put("properties", AssessmentJson.ordered("verdict", a.decision().externalName(), "risk", a.risk().score(),
                "changeHash", a.change().hash()));
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
        root.put("version", "2.1.0");
        root.put("runs", List.of(run));
        return root;
    }

    private static String level(Effect e) {
        return switch (e) {
            case Effect.Deny d -> "error";
            case Effect.RequireApproval r -> "warning";
            case Effect.RequireProgressiveRollout r -> "warning";
            case Effect.Warn w -> "note";
        };
    }

    private static String firstFile(Assessment a) {
        for (Action act : a.change().actions()) if (!act.where().file().isEmpty()) return act.where().file();
        return "";
    }

    private static String uri(String file, Path cwd) {
        Path p = Path.of(file);
        if (p.isAbsolute() && cwd != null && p.startsWith(cwd)) p = cwd.relativize(p);
        return p.toString().replace('\\', '/');
    }
}
