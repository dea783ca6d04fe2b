package io.blastwall.formats.policy;

import io.blastwall.core.BadInputException;
import io.blastwall.core.SourceLocation;
import io.blastwall.core.policy.Effect;
import io.blastwall.core.policy.PolicyScope;
import io.blastwall.core.policy.PolicySpec;
import io.blastwall.formats.doc.Documents;
import io.blastwall.formats.doc.Fields;
import io.blastwall.formats.doc.LocatedDocument;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads Blastwall policy files (YAML; JSON is accepted too) into {@link PolicySpec}s. A file holds one policy per
 * YAML document ({@code ---} separated), or one document with a {@code policies:} list. The format is described in
 * docs/policies.md:
 *
 * <pre>{@code
 * apiVersion: blastwall.io/v1
 * kind: Policy
 * id: destructive-stateful
 * scope: action                 # action | change
 * match: action.destructive     # optional precondition
 * condition: action.stateful
 * effect: deny                  # deny | warn | require-approval | require-progressive-rollout
 * message: "…"                  # or messageExpression: '"…" + action.address'
 * }</pre>
 *
 * <p>Unknown fields and effects are refused. Every problem of a file (or of a whole directory) is reported at once,
 * each naming file, line and path. The expressions are not compiled here: that is
 * {@link io.blastwall.core.policy.PolicySet#compile}, which uses the line numbers recorded here. Stateless and
 * thread-safe.
 */
public final class PolicyFileReader {

    public static final String API_VERSION = "blastwall.io/v1";
    public static final String KIND = "Policy";
    public static final String LIST_KIND = "PolicyList";

    /** Policy files are small; anything bigger is a mistake (a plan passed as a policy, say). */
    public static final long MAX_BYTES = 4L * 1024 * 1024;

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final Pattern BLOCK_SCALAR = Pattern.compile("\\s*[|>][0-9+-]*\\s*(#.*)?");

    private static final List<String> POLICY_FIELDS = List.of("apiVersion", "kind", "id", "description", "scope", "match",
            "condition", "effect", "approval", "rollout", "message", "messageExpression", "params");
    private static final List<String> LIST_FIELDS = List.of("apiVersion", "kind", "policies");
    private static final List<String> APPROVAL_FIELDS = List.of("count", "roles", "independentOfAuthor");
    private static final List<String> ROLLOUT_FIELDS = List.of("minWaves", "bakeTime", "maxShareAtOnce");

    /** Defaults for a {@code rollout:} block, and for {@code require-progressive-rollout} without one. */
    public static final int DEFAULT_MIN_WAVES = 3;
    public static final Duration DEFAULT_BAKE_TIME = Duration.ofMinutes(10);
    public static final double DEFAULT_MAX_SHARE_AT_ONCE = 0.34;

    private PolicyFileReader() {
    }

    /** Reads a policy file, or every {@code *.yaml}/{@code *.yml} file of a directory (see {@link #readDirectory}). */
    public static List<PolicySpec> read(Path fileOrDirectory) {
        if (Files.isDirectory(fileOrDirectory)) return readDirectory(fileOrDirectory);
        String text = Documents.readText(fileOrDirectory, MAX_BYTES);
        return parse(fileOrDirectory.toString(), text);
    }

    /**
     * Reads every {@code *.yaml} and {@code *.yml} file directly in a directory, in file-name order (so the order of
     * findings does not depend on the file system). Problems of all files are reported together.
     */
    public static List<PolicySpec> readDirectory(Path dir) {
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> {
                String n = p.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
                return (n.endsWith(".yaml") || n.endsWith(".yml")) && Files.isRegularFile(p);
            }).sorted((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString())).toList();
        } catch (NoSuchFileException e) {
            throw new BadInputException(SourceLocation.of(dir.toString()), "no such directory");
        } catch (IOException e) {
            throw new BadInputException(SourceLocation.of(dir.toString()), "cannot be read: " + e.getMessage());
        }
        if (files.isEmpty()) {
            throw new BadInputException(SourceLocation.of(dir.toString()), "holds no policy files (*.yaml or *.yml)");
        }
        List<PolicySpec> out = new ArrayList<>();
        List<BadInputException.Problem> problems = new ArrayList<>();
        for (Path f : files) {
            try {
                out.addAll(read(f));
            } catch (BadInputException e) {
                problems.addAll(e.problems());
            }
        }
        if (!problems.isEmpty()) throw new BadInputException(problems);
        return List.copyOf(out);
    }

    /** Parses policy text; {@code name} is used in messages and in the policies' locations. */
    public static List<PolicySpec> parse(String name, String text) {
        List<LocatedDocument> docs = Documents.parse(name, text);
        String[] lines = text.split("\r?\n", -1);
        List<PolicySpec> out = new ArrayList<>();
        List<BadInputException.Problem> problems = new ArrayList<>();
        if (docs.isEmpty()) throw new BadInputException(SourceLocation.of(name), "holds no policies");
        for (LocatedDocument doc : docs) {
            Fields f = new Fields(doc);
            try {
                Map<String, Object> root = f.object(doc.root(), "$");
                if (root.containsKey("policies")) {
                    refuseUnknown(f, root, "$", LIST_FIELDS);
                    checkHeader(f, root, "$", LIST_KIND, true);
                    List<Object> items = f.list(root.get("policies"), "$.policies");
                    if (items.isEmpty()) throw f.error("$.policies", "the policies list is empty");
                    for (int i = 0; i < items.size(); i++) {
                        String path = "$.policies[" + i + "]";
                        try {
                            out.add(policy(f, f.object(items.get(i), path), path, lines, false));
                        } catch (BadInputException e) {
                            problems.addAll(e.problems());
                        }
                    }
                } else {
                    out.add(policy(f, root, "$", lines, true));
                }
            } catch (BadInputException e) {
                problems.addAll(e.problems());
            }
        }
        if (!problems.isEmpty()) throw new BadInputException(problems);
        return List.copyOf(out);
    }

    private static void checkHeader(Fields f, Map<String, Object> obj, String path, String kind, boolean required) {
        if (required || obj.containsKey("apiVersion")) {
            String v = f.string(obj, "apiVersion", path);
            if (!API_VERSION.equals(v)) throw f.error(path + ".apiVersion", "expected apiVersion " + API_VERSION + ", found '" + v + "'");
        }
        if (required || obj.containsKey("kind")) {
            String k = f.string(obj, "kind", path);
            if (!kind.equals(k)) {
                throw f.error(path + ".kind", "expected kind " + kind + (kind.equals(KIND) ? " (or a document with a 'policies' list)" : "")
                        + ", found '" + k + "'");
            }
        }
    }

    private static PolicySpec policy(Fields f, Map<String, Object> obj, String path, String[] text, boolean topLevel) {
        List<BadInputException.Problem> problems = new ArrayList<>();
        collect(problems, () -> refuseUnknown(f, obj, path, POLICY_FIELDS));
        collect(problems, () -> checkHeader(f, obj, path, KIND, topLevel));
        String id = attempt(problems, () -> {
            String v = f.string(obj, "id", path);
            if (!ID.matcher(v).matches()) {
                throw f.error(path + ".id", "expected an id of letters, digits, '.', '_' or '-' (at most 128), found '" + v + "'");
            }
            return v;
        });
        String description = attempt(problems, () -> f.optString(obj, "description", path).orElse(""));
        PolicyScope scope = attempt(problems, () -> scope(f, obj, path));
        String match = attempt(problems, () -> f.optString(obj, "match", path).orElse(""));
        String condition = attempt(problems, () -> f.string(obj, "condition", path));
        Effect effect = attempt(problems, () -> effect(f, obj, path));
        String message = attempt(problems, () -> f.optString(obj, "message", path).orElse(""));
        String messageExpression = attempt(problems, () -> f.optString(obj, "messageExpression", path).orElse(""));
        if (message != null && messageExpression != null) {
            if (message.isBlank() && messageExpression.isBlank()) {
                problems.add(f.error(path, "missing 'message' or 'messageExpression': say what is wrong and what to do").problems().getFirst());
            } else if (!message.isBlank() && !messageExpression.isBlank()) {
                problems.add(f.error(path + ".messageExpression", "give either 'message' or 'messageExpression', not both").problems().getFirst());
            }
        }
        Map<String, Object> params = attempt(problems, () -> obj.containsKey("params") ? f.object(obj.get("params"), path + ".params") : Map.of());
        if (!problems.isEmpty()) throw new BadInputException(problems);

        Map<String, SourceLocation> where = new HashMap<>();
        LocatedDocument doc = f.document();
        for (String field : List.of(PolicySpec.MATCH, PolicySpec.CONDITION, PolicySpec.MESSAGE_EXPRESSION)) {
            if (obj.containsKey(field)) where.put(field, expressionStart(doc, path + "." + field, field, text));
        }
        return new PolicySpec(id, description, scope, match, condition, effect, message, messageExpression, params,
                doc.at(path), where);
    }

    /**
     * The place of an expression's first line. The parser gives the line of the key; for a block scalar
     * ({@code condition: |}) the expression starts on the next line, so CEL's line 1 is one further down.
     */
    static SourceLocation expressionStart(LocatedDocument doc, String path, String key, String[] text) {
        SourceLocation at = doc.at(path);
        int line = at.line();
        if (line <= 0 || line > text.length) return at;
        String src = text[line - 1];
        int k = src.indexOf(key + ":");
        if (k >= 0 && BLOCK_SCALAR.matcher(src.substring(k + key.length() + 1)).matches()) {
            return new SourceLocation(at.file(), line + 1, 0, at.path());
        }
        return at;
    }

    private static PolicyScope scope(Fields f, Map<String, Object> obj, String path) {
        String s = f.string(obj, "scope", path);
        return switch (s) {
            case "change" -> PolicyScope.CHANGE;
            case "action" -> PolicyScope.ACTION;
            default -> throw f.error(path + ".scope", "unknown scope '" + s + "'; expected action or change");
        };
    }

    private static Effect effect(Fields f, Map<String, Object> obj, String path) {
        String e = f.string(obj, "effect", path);
        Effect effect = switch (e) {
            case "deny" -> new Effect.Deny();
            case "warn" -> new Effect.Warn();
            case "require-approval" -> approval(f, obj, path);
            case "require-progressive-rollout" -> rollout(f, obj, path);
            default -> throw f.error(path + ".effect",
                    "unknown effect '" + e + "'; expected deny, warn, require-approval or require-progressive-rollout");
        };
        if (obj.containsKey("approval") && !(effect instanceof Effect.RequireApproval)) {
            throw f.error(path + ".approval", "'approval' only goes with effect require-approval");
        }
        if (obj.containsKey("rollout") && !(effect instanceof Effect.RequireProgressiveRollout)) {
            throw f.error(path + ".rollout", "'rollout' only goes with effect require-progressive-rollout");
        }
        return effect;
    }

    private static Effect.RequireApproval approval(Fields f, Map<String, Object> obj, String path) {
        if (!obj.containsKey("approval")) {
            throw f.error(path, "effect require-approval needs an 'approval' block, e.g. approval: {count: 1, roles: [senior], independentOfAuthor: true}");
        }
        String p = path + ".approval";
        Map<String, Object> a = f.object(obj.get("approval"), p);
        refuseUnknown(f, a, p, APPROVAL_FIELDS);
        long count = f.optLong(a, "count", p).orElse(1L);
        if (count < 1 || count > 100) throw f.error(p + ".count", "expected a count from 1 to 100, found " + count);
        List<String> roles = f.stringList(a, "roles", p);
        for (int i = 0; i < roles.size(); i++) {
            if (roles.get(i).isBlank()) throw f.error(p + ".roles[" + i + "]", "expected a role name, found an empty string");
        }
        boolean independent = f.optBoolean(a, "independentOfAuthor", p).orElse(true);
        return new Effect.RequireApproval((int) count, roles, independent);
    }

    private static Effect.RequireProgressiveRollout rollout(Fields f, Map<String, Object> obj, String path) {
        String p = path + ".rollout";
        Map<String, Object> r = obj.containsKey("rollout") ? f.object(obj.get("rollout"), p) : Map.of();
        refuseUnknown(f, r, p, ROLLOUT_FIELDS);
        long waves = f.optLong(r, "minWaves", p).orElse((long) DEFAULT_MIN_WAVES);
        if (waves < 1 || waves > 1000) throw f.error(p + ".minWaves", "expected from 1 to 1000 waves, found " + waves);
        Duration bake = DEFAULT_BAKE_TIME;
        Object b = r.get("bakeTime");
        if (b != null) {
            if (!(b instanceof String s)) {
                throw f.error(p + ".bakeTime", "expected a duration such as 10m, 1h30m or PT10M, found " + Fields.describe(b)
                        + " (a bare number has no unit)");
            }
            bake = Durations.parse(s).orElseThrow(() -> f.error(p + ".bakeTime",
                    "expected a duration such as 10m, 1h30m or PT10M, found '" + s + "'"));
            if (bake.isNegative()) throw f.error(p + ".bakeTime", "expected a duration of zero or more");
        }
        double share = f.optDouble(r, "maxShareAtOnce", p).orElse(DEFAULT_MAX_SHARE_AT_ONCE);
        if (!(share > 0 && share <= 1)) {
            throw f.error(p + ".maxShareAtOnce", "expected a share greater than 0 and at most 1, found " + share);
        }
        return new Effect.RequireProgressiveRollout((int) waves, bake, share);
    }

    private static void refuseUnknown(Fields f, Map<String, Object> obj, String path, List<String> known) {
        Set<String> allowed = Set.copyOf(known);
        for (String key : obj.keySet()) {
            if (!allowed.contains(key)) {
                throw f.error(path + "." + key, "unknown field '" + key + "'; expected one of " + String.join(", ", known));
            }
        }
    }

    private static void collect(List<BadInputException.Problem> problems, Runnable r) {
        try {
            r.run();
        } catch (BadInputException e) {
            problems.addAll(e.problems());
        }
    }

    private static <T> T attempt(List<BadInputException.Problem> problems, java.util.function.Supplier<T> s) {
        try {
            return s.get();
        } catch (BadInputException e) {
            problems.addAll(e.problems());
            return null;
        }
    }
}
