package io.blastwall.formats.changefile;

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
import io.blastwall.formats.kubernetes.Scoping;
import io.blastwall.formats.terraform.TerraformAddress;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Reads Blastwall's own change file ({@code apiVersion: blastwall.io/v1}, {@code kind: Change}, YAML or JSON) into a
 * {@link Change}: a title and labels, the author (validated through {@link Provenance}), the scope it lands on at once,
 * and actions on estate components, Terraform addresses or Kubernetes objects. The format is specified in
 * docs/formats/change-file.md. Unknown fields are refused so that a typo never silently drops a restriction.
 *
 * <p>The content hash covers the whole document except the {@code author} block: who proposes a change does not
 * make it a different change. Stateless and thread-safe.
 */
public final class ChangeFileReader {

    /** {@link Change#source()} of changes read here. */
    public static final String SOURCE = "blastwall-change";
    public static final String API_VERSION = "blastwall.io/v1";
    public static final String KIND = "Change";

    private static final List<String> TOP = List.of("apiVersion", "kind", "metadata", "author", "scope", "actions");
    private static final List<String> METADATA = List.of("title", "labels");
    private static final List<String> AUTHOR = List.of("kind", "id", "model", "onBehalfOf", "sessionId", "promptHash");
    private static final List<String> SCOPE = List.of("everywhere", "regions", "zones", "cells");
    private static final List<String> TARGETS = List.of("component", "terraform", "kubernetes");
    private static final List<String> K8S_REF = List.of("apiVersion", "kind", "namespace", "name", "labels");
    private static final List<String> ORDERS = List.of("delete-then-create", "create-then-delete");

    private ChangeFileReader() {
    }

    /** True when a parsed document declares itself a Blastwall change file (any {@code blastwall.io/} version). */
    public static boolean looksLikeChangeFile(Object root) {
        return root instanceof Map<?, ?> m && KIND.equals(m.get("kind"))
                && m.get("apiVersion") instanceof String v && v.startsWith("blastwall.io/");
    }

    /** Reads a change file (up to {@code maxBytes}). */
    public static Change read(Path file, long maxBytes) {
        return single(Documents.read(file, maxBytes), file.toString());
    }

    /** Parses change-file text held in memory; {@code name} is used in messages and picks the syntax by extension. */
    public static Change parse(String name, String text) {
        return single(Documents.parse(name, text), name);
    }

    private static Change single(List<LocatedDocument> docs, String name) {
        if (docs.size() != 1) {
            throw new BadInputException(SourceLocation.of(name), "expected one change document, found " + docs.size());
        }
        return read(docs.getFirst());
    }

    /** Reads one parsed change document. */
    public static Change read(LocatedDocument doc) {
        Fields f = new Fields(doc);
        Map<String, Object> root = f.object(doc.root(), "$");
        known(f, root, TOP, "$", "the change file");
        String apiVersion = f.string(root, "apiVersion", "$");
        if (!apiVersion.equals(API_VERSION)) throw f.error("$.apiVersion", "expected " + API_VERSION + ", found '" + apiVersion + "'");
        String kind = f.string(root, "kind", "$");
        if (!kind.equals(KIND)) throw f.error("$.kind", "expected " + KIND + ", found '" + kind + "'");

        List<BadInputException.Problem> problems = new ArrayList<>();
        String title = "";
        Map<String, String> labels = Map.of();
        try {
            if (root.get("metadata") != null) {
                Map<String, Object> meta = f.object(root.get("metadata"), "$.metadata");
                known(f, meta, METADATA, "$.metadata", "metadata");
                title = f.optString(meta, "title", "$.metadata").orElse("");
                labels = labels(f, meta);
            }
        } catch (BadInputException e) {
            problems.addAll(e.problems());
        }
        Provenance author = Provenance.UNKNOWN;
        try {
            if (root.get("author") != null) author = author(f, f.object(root.get("author"), "$.author"));
        } catch (BadInputException e) {
            problems.addAll(e.problems());
        }
        Scope scope = Scope.UNSPECIFIED;
        try {
            if (root.get("scope") != null) scope = scope(f, f.object(root.get("scope"), "$.scope"));
        } catch (BadInputException e) {
            problems.addAll(e.problems());
        }
        List<Action> actions = new ArrayList<>();
        Object list = root.get("actions");
        if (list == null) {
            problems.add(new BadInputException.Problem(doc.at("$"), "missing required field 'actions' (a list of at least one action)"));
        } else {
            try {
                List<Object> items = f.list(list, "$.actions");
                if (items.isEmpty()) throw f.error("$.actions", "expected at least one action");
                for (int i = 0; i < items.size(); i++) {
                    try {
                        actions.add(action(f, items.get(i), "$.actions[" + i + "]"));
                    } catch (BadInputException e) {
                        problems.addAll(e.problems());
                    }
                }
            } catch (BadInputException e) {
                problems.addAll(e.problems());
            }
        }
        if (!problems.isEmpty()) throw new BadInputException(problems);

        Map<String, Object> content = new LinkedHashMap<>(root);
        content.remove("author");
        return new Change(SOURCE, title, author, actions, scope, Change.contentHash(SOURCE, content), List.of(), labels);
    }

    private static Map<String, String> labels(Fields f, Map<String, Object> meta) {
        if (meta.get("labels") == null) return Map.of();
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : f.object(meta.get("labels"), "$.metadata.labels").entrySet()) {
            Object v = e.getValue();
            if (!(v instanceof String || v instanceof Number || v instanceof Boolean)) {
                throw f.error("$.metadata.labels." + e.getKey(), "expected a string label value, found " + Fields.describe(v));
            }
            out.put(e.getKey(), String.valueOf(v));
        }
        return out;
    }

    private static Provenance author(Fields f, Map<String, Object> a) {
        known(f, a, AUTHOR, "$.author", "author");
        String kindText = f.string(a, "kind", "$.author");
        Provenance.AuthorKind kind = Provenance.AuthorKind.parse(kindText)
                .orElseThrow(() -> f.error("$.author.kind", "expected human or agent, found '" + kindText + "'"));
        String id = f.string(a, "id", "$.author");
        try {
            return new Provenance(kind, id,
                    f.optString(a, "model", "$.author").orElse(""),
                    f.optString(a, "onBehalfOf", "$.author").orElse(""),
                    f.optString(a, "sessionId", "$.author").orElse(""),
                    f.optString(a, "promptHash", "$.author").orElse(""));
        } catch (IllegalArgumentException e) {
            throw f.error("$.author", e.getMessage());
        }
    }

    private static Scope scope(Fields f, Map<String, Object> s) {
        known(f, s, SCOPE, "$.scope", "scope");
        boolean everywhere = f.optBoolean(s, "everywhere", "$.scope").orElse(false);
        List<String> regions = f.stringList(s, "regions", "$.scope");
        List<String> zones = f.stringList(s, "zones", "$.scope");
        List<String> cells = f.stringList(s, "cells", "$.scope");
        if (everywhere && !(regions.isEmpty() && zones.isEmpty() && cells.isEmpty())) {
            throw f.error("$.scope", "everywhere: true contradicts the regions, zones or cells given; say one or the other");
        }
        return new Scope(regions, zones, cells, everywhere);
    }

    private static Action action(Fields f, Object node, String at) {
        Map<String, Object> a = f.object(node, at);
        String name = f.string(a, "action", at);
        if (!ActionKind.names().contains(name)) {
            throw f.error(at + ".action", "unknown action '" + name + "'; expected one of " + String.join(", ", ActionKind.names()));
        }
        List<String> allowed = new ArrayList<>(List.of("action", "component", "terraform", "kubernetes", "description", "reason"));
        switch (name) {
            case "update", "config" -> allowed.add("paths");
            case "scale" -> allowed.addAll(List.of("from", "to"));
            case "replace" -> allowed.add("order");
            default -> { }
        }
        known(f, a, allowed, at, "a " + name + " action");

        List<String> given = TARGETS.stream().filter(a::containsKey).toList();
        if (given.size() != 1) {
            throw f.error(at, "expected exactly one of component, terraform or kubernetes, found "
                    + (given.isEmpty() ? "none" : String.join(" and ", given)));
        }
        String address;
        String type;
        ResourceRef target;
        switch (given.getFirst()) {
            case "component" -> {
                address = f.string(a, "component", at).trim();
                type = "component";
                target = new ResourceRef.Component(address);
            }
            case "terraform" -> {
                String text = f.string(a, "terraform", at).trim();
                TerraformAddress t = TerraformAddress.parse(text).orElseThrow(() -> f.error(at + ".terraform",
                        "expected a Terraform resource address such as module.shop_eu_west_1.aws_db_instance.orders"));
                address = t.address();
                type = t.type();
                target = new ResourceRef.Terraform(t.address(), t.type(), t.moduleAddress());
            }
            default -> {
                ResourceRef.Kubernetes k = kubernetes(f, f.object(a.get("kubernetes"), at + ".kubernetes"), at + ".kubernetes");
                address = k.namespace().isEmpty() ? k.kind() + "/" + k.name() : k.kind() + "/" + k.namespace() + "/" + k.name();
                type = k.kind();
                target = k;
            }
        }
        ActionKind kind = switch (name) {
            case "create" -> new ActionKind.Create();
            case "update" -> new ActionKind.Update(f.stringList(a, "paths", at));
            case "delete" -> new ActionKind.Delete();
            case "replace" -> new ActionKind.Replace(order(f, a, at), List.of());
            case "scale" -> new ActionKind.Scale(count(f, a, "from", at), count(f, a, "to", at), "replicas");
            case "config" -> new ActionKind.Config(f.stringList(a, "paths", at));
            case "restart" -> new ActionKind.Restart();
            case "read" -> new ActionKind.Read();
            case "no-op" -> new ActionKind.NoOp();
            default -> throw new IllegalStateException("names() and this switch disagree on " + name);
        };
        Map<String, Object> attrs = new LinkedHashMap<>();
        f.optString(a, "description", at).ifPresent(d -> attrs.put("description", d));
        String reason = f.optString(a, "reason", at).orElse("");
        return new Action(address, type, target, kind, reason, List.of(), attrs, f.document().at(at));
    }

    private static ResourceRef.Kubernetes kubernetes(Fields f, Map<String, Object> k, String at) {
        known(f, k, K8S_REF, at, "a kubernetes reference");
        String kind = f.string(k, "kind", at);
        String name = f.string(k, "name", at);
        String ns = Scoping.effectiveNamespace(kind, f.optString(k, "namespace", at).orElse(""));
        Map<String, String> labels = new LinkedHashMap<>();
        if (k.get("labels") != null) {
            Map<String, Object> given = f.object(k.get("labels"), at + ".labels");
            for (String key : given.keySet()) labels.put(key, f.optString(given, key, at + ".labels").orElse(""));
        }
        return new ResourceRef.Kubernetes(f.optString(k, "apiVersion", at).orElse(""), kind, ns, name, labels);
    }

    private static ActionKind.ReplaceOrder order(Fields f, Map<String, Object> a, String at) {
        Optional<String> o = f.optString(a, "order", at);
        if (o.isEmpty() || o.get().equals("delete-then-create")) return ActionKind.ReplaceOrder.DELETE_THEN_CREATE;
        if (o.get().equals("create-then-delete")) return ActionKind.ReplaceOrder.CREATE_THEN_DELETE;
        throw f.error(at + ".order", "expected one of " + String.join(", ", ORDERS) + ", found '" + o.get() + "'");
    }

    /** A replica count: a whole number written as a number (not a string), at least 0. */
    private static long count(Fields f, Map<String, Object> a, String key, String at) {
        Object v = a.get(key);
        if (v == null) throw f.error(at, "a scale action needs '" + key + "' (a whole number >= 0)");
        OptionalLong n = v instanceof Number ? io.blastwall.formats.terraform.ValuePaths.wholeNumber(v) : OptionalLong.empty();
        if (n.isEmpty() || n.getAsLong() < 0) {
            throw f.error(at + "." + key, "expected a whole number >= 0, found " + (v instanceof Number ? "'" + v + "'" : Fields.describe(v)));
        }
        return n.getAsLong();
    }

    /** Refuses fields outside {@code allowed}, naming the first unknown one and the accepted names. */
    private static void known(Fields f, Map<String, Object> obj, List<String> allowed, String at, String what) {
        Set<String> ok = Set.copyOf(allowed);
        for (String key : obj.keySet()) {
            if (!ok.contains(key)) {
                throw f.error(at + "." + key, "unknown field '" + key + "' in " + what + "; expected one of " + String.join(", ", allowed));
            }
        }
    }
}
