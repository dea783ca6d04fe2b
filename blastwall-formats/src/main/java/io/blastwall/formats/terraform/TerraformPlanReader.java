package io.blastwall.formats.terraform;

import io.blastwall.core.BadInputException;
import io.blastwall.core.SourceLocation;
import io.blastwall.core.change.Action;
import io.blastwall.core.change.ActionKind;
import io.blastwall.core.change.Change;
import io.blastwall.core.change.Provenance;
import io.blastwall.core.change.ResourceRef;
import io.blastwall.core.change.Scope;
import io.blastwall.formats.doc.Documents;
import io.blastwall.formats.doc.Fields;
import io.blastwall.formats.doc.LocatedDocument;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads a Terraform/OpenTofu plan in its JSON form ({@code terraform show -json PLAN}, {@code tofu show -json PLAN})
 * into a {@link Change}: one {@link Action} per entry of {@code resource_changes}, in plan order, each with an
 * unmapped {@link ResourceRef.Terraform} target and the author {@link Provenance#UNKNOWN} (a plan does not say who
 * made it). The format and every classification rule are described in docs/formats/terraform-plan.md.
 *
 * <p>Attribute values are never copied into the change, except the whole-number counts of a {@code Scale};
 * sensitive attributes are named in the {@code sensitivePaths} attribute and nothing more.
 *
 * <p>Stateless and thread-safe.
 */
public final class TerraformPlanReader {

    /** {@link Change#source()} of changes read here. */
    public static final String SOURCE = "terraform-plan";

    /** The plan format major version this reader understands. */
    public static final int SUPPORTED_MAJOR = 1;

    /** Top-level keys of which a plan has at least one; a state file ({@code values}) has none of them. */
    public static final List<String> PLAN_KEYS = List.of("planned_values", "resource_changes", "prior_state");

    /** Top-level fields that differ between two exports of the same plan and so stay out of the content hash. */
    public static final Set<String> VOLATILE_FIELDS = Set.of("timestamp");

    private static final List<String> ACCEPTED_FORMS = List.of(
            "[\"create\"]", "[\"delete\"]", "[\"update\"]", "[\"delete\",\"create\"]", "[\"create\",\"delete\"]",
            "[\"read\"]", "[\"no-op\"]", "[\"forget\"]");

    private TerraformPlanReader() {
    }

    /** Reads a plan file (up to {@code maxBytes}). */
    public static Change read(Path file, long maxBytes) {
        List<LocatedDocument> docs = Documents.read(file, maxBytes);
        if (docs.size() != 1) {
            throw new BadInputException(SourceLocation.of(file.toString()), "expected one plan JSON document, found " + docs.size());
        }
        return read(docs.getFirst());
    }

    /** Parses plan text held in memory; {@code name} is used in messages. */
    public static Change parse(String name, String text) {
        List<LocatedDocument> docs = Documents.parse(name, text);
        if (docs.size() != 1) {
            throw new BadInputException(SourceLocation.of(name), "expected one plan JSON document, found " + docs.size());
        }
        return read(docs.getFirst());
    }

    /** True when the tree looks like {@code show -json} output (has {@code format_version}); it may still be refused. */
    public static boolean looksLikeTerraform(Object root) {
        return root instanceof Map<?, ?> m && m.containsKey("format_version");
    }

    /** Reads one parsed plan document. */
    public static Change read(LocatedDocument doc) {
        Fields f = new Fields(doc);
        Map<String, Object> root = f.object(doc.root(), "$");
        checkFormatVersion(f, root);
        if (PLAN_KEYS.stream().noneMatch(root::containsKey)) {
            String what = root.containsKey("values")
                    ? "this is a state (show -json without a plan file), not a plan"
                    : "this is not a plan";
            throw f.error("$", what + ": a plan has at least one of " + String.join(", ", PLAN_KEYS)
                    + "; produce it with `terraform show -json PLANFILE` or `tofu show -json PLANFILE`");
        }
        if (Boolean.TRUE.equals(root.get("errored"))) {
            throw f.error("$.errored", "the plan is incomplete (errored: true): planning stopped on errors, so it does not "
                    + "show everything apply would do; fix the errors and plan again");
        }

        List<Action> actions = new ArrayList<>();
        List<BadInputException.Problem> problems = new ArrayList<>();
        Object rcs = root.get("resource_changes");
        if (rcs != null) {
            List<Object> list = f.list(rcs, "$.resource_changes");
            for (int i = 0; i < list.size(); i++) {
                try {
                    actions.addAll(resourceChange(f, list.get(i), i));
                } catch (BadInputException e) {
                    problems.addAll(e.problems());
                }
            }
        }
        if (!problems.isEmpty()) throw new BadInputException(problems);

        List<String> notes = new ArrayList<>();
        Object drift = root.get("resource_drift");
        if (drift != null) {
            List<Object> list = f.list(drift, "$.resource_drift");
            for (int i = 0; i < list.size(); i++) {
                Map<String, Object> d = f.object(list.get(i), "$.resource_drift[" + i + "]");
                notes.add("drift on " + f.string(d, "address", "$.resource_drift[" + i + "]") + " (not part of this change)");
            }
        }
        if (Boolean.FALSE.equals(root.get("complete"))) {
            notes.add("the plan is not complete (complete: false): more changes will be planned after this one is applied");
        }
        if (Boolean.FALSE.equals(root.get("applyable"))) {
            notes.add("the plan is not applyable (applyable: false)");
        }

        Map<String, Object> hashed = new LinkedHashMap<>(root);
        VOLATILE_FIELDS.forEach(hashed::remove);
        return new Change(SOURCE, title(actions), Provenance.UNKNOWN, actions, Scope.UNSPECIFIED,
                Change.contentHash(SOURCE, hashed), notes, Map.of());
    }

    private static void checkFormatVersion(Fields f, Map<String, Object> root) {
        Object v = root.get("format_version");
        String expected = "expected format_version " + SUPPORTED_MAJOR + ".x (the plan JSON of Terraform >= 0.12 and OpenTofu)";
        if (v == null) {
            throw f.error("$", "missing required field 'format_version': not `terraform show -json` / `tofu show -json` output; " + expected);
        }
        String s = v instanceof String str ? str.trim() : v instanceof Number ? String.valueOf(v) : null;
        if (s == null) throw f.error("$.format_version", "expected a version string such as \"1.2\", found " + Fields.describe(v));
        int dot = s.indexOf('.');
        String major = dot < 0 ? s : s.substring(0, dot);
        int m;
        try {
            m = Integer.parseInt(major);
        } catch (NumberFormatException e) {
            throw f.error("$.format_version", "not a version number; " + expected);
        }
        if (m != SUPPORTED_MAJOR) {
            throw f.error("$.format_version", "format_version " + s + " is not supported; " + expected);
        }
    }

    private static List<Action> resourceChange(Fields f, Object node, int i) {
        String at = "$.resource_changes[" + i + "]";
        Map<String, Object> rc = f.object(node, at);
        String address = f.string(rc, "address", at);
        String type = f.optString(rc, "type", at).orElse("");
        String mode = f.optString(rc, "mode", at).orElse("managed");
        if (!mode.equals("managed") && !mode.equals("data")) {
            throw f.error(at + ".mode", "expected managed or data, found '" + mode + "'");
        }
        String module = f.optString(rc, "module_address", at)
                .orElseGet(() -> TerraformAddress.parse(address).map(TerraformAddress::moduleAddress).orElse(""));
        String reason = f.optString(rc, "action_reason", at).orElse("");
        if (rc.get("change") == null) throw f.error(at, "missing required field 'change'");
        Map<String, Object> change = f.object(rc.get("change"), at + ".change");
        if (change.get("actions") == null) throw f.error(at + ".change", "missing required field 'actions'");
        List<String> verbs = f.stringList(change, "actions", at + ".change");

        Map<String, Object> attrs = new LinkedHashMap<>();
        f.optString(rc, "previous_address", at).ifPresent(p -> attrs.put("movedFrom", p));
        f.optString(rc, "deposed", at).ifPresent(d -> attrs.put("deposed", d));
        if (change.get("importing") != null) attrs.put("importing", true);
        f.optString(rc, "provider_name", at).ifPresent(p -> attrs.put("provider", p));
        Set<String> sensitive = new TreeSet<>();
        ValuePaths.marked(change.get("before_sensitive"), "", sensitive);
        ValuePaths.marked(change.get("after_sensitive"), "", sensitive);
        if (!sensitive.isEmpty()) attrs.put("sensitivePaths", List.copyOf(sensitive));

        ResourceRef target = new ResourceRef.Terraform(address, type, module);
        SourceLocation where = f.document().at(at);
        List<ActionKind> kinds = new ArrayList<>();
        String form = String.join(",", verbs);
        if (mode.equals("data")) {
            kinds.add(new ActionKind.Read());
        } else {
            switch (form) {
                case "create" -> kinds.add(new ActionKind.Create());
                case "delete" -> kinds.add(new ActionKind.Delete());
                case "update" -> kinds.addAll(update(change, sensitive));
                case "delete,create" -> kinds.add(new ActionKind.Replace(ActionKind.ReplaceOrder.DELETE_THEN_CREATE, replacePaths(f, change, at)));
                case "create,delete" -> kinds.add(new ActionKind.Replace(ActionKind.ReplaceOrder.CREATE_THEN_DELETE, replacePaths(f, change, at)));
                case "read" -> kinds.add(new ActionKind.Read());
                case "no-op" -> kinds.add(new ActionKind.NoOp());
                case "forget" -> {
                    // removed from state without being destroyed: nothing happens to the real resource
                    kinds.add(new ActionKind.NoOp());
                    attrs.put("forget", true);
                }
                default -> throw f.error(at + ".change.actions", "unknown actions " + verbs + "; accepted forms are "
                        + String.join(", ", ACCEPTED_FORMS));
            }
        }
        List<Action> out = new ArrayList<>(kinds.size());
        for (ActionKind k : kinds) out.add(new Action(address, type, target, k, reason, List.of(), attrs, where));
        return out;
    }

    /**
     * An in-place update is a {@code Scale} when a scaling attribute changes from one whole number to another; the
     * other changed paths, if any, stay an {@code Update} beside it so nothing the plan does is hidden.
     */
    private static List<ActionKind> update(Map<String, Object> change, Set<String> sensitive) {
        Object before = change.get("before");
        Object after = change.get("after");
        Set<String> paths = new TreeSet<>();
        ValuePaths.changed(before, after, "", paths);
        ValuePaths.marked(change.get("after_unknown"), "", paths);
        ScalingAttributes.Found scale = ScalingAttributes.find(before, after, paths, sensitive).orElse(null);
        if (scale == null) return List.of(new ActionKind.Update(List.copyOf(paths)));
        paths.remove(scale.path());
        ActionKind s = new ActionKind.Scale(scale.from(), scale.to(), scale.path());
        return paths.isEmpty() ? List.of(s) : List.of(s, new ActionKind.Update(List.copyOf(paths)));
    }

    private static List<String> replacePaths(Fields f, Map<String, Object> change, String at) {
        Object rp = change.get("replace_paths");
        if (rp == null) return List.of();
        List<Object> outer = f.list(rp, at + ".change.replace_paths");
        List<String> out = new ArrayList<>();
        for (int k = 0; k < outer.size(); k++) {
            List<Object> steps = f.list(outer.get(k), at + ".change.replace_paths[" + k + "]");
            String p = "";
            for (Object step : steps) {
                if (step instanceof Number n) p = ValuePaths.index(p, n.intValue());
                else if (step instanceof String s) p = ValuePaths.child(p, s);
                else throw f.error(at + ".change.replace_paths[" + k + "]", "expected attribute names and list indexes, found " + Fields.describe(step));
            }
            out.add(p.isEmpty() ? ValuePaths.WHOLE : p);
        }
        return out;
    }

    /** Terraform's own one-line summary: a replacement counts as one to add and one to destroy. */
    private static String title(List<Action> actions) {
        int add = 0;
        int destroy = 0;
        Set<String> changed = new TreeSet<>();
        for (Action a : actions) {
            switch (a.kind()) {
                case ActionKind.Create c -> add++;
                case ActionKind.Delete d -> destroy++;
                case ActionKind.Replace r -> { add++; destroy++; }
                case ActionKind.Update u -> changed.add(a.address());
                case ActionKind.Scale s -> changed.add(a.address());
                case ActionKind.Config c -> changed.add(a.address());
                case ActionKind.Restart r -> changed.add(a.address());
                case ActionKind.Read r -> { }
                case ActionKind.NoOp n -> { }
            }
        }
        return "Plan: " + add + " to add, " + changed.size() + " to change, " + destroy + " to destroy";
    }
}
