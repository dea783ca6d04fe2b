package io.blastwall.core.change;

import io.blastwall.core.SourceLocation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Converts a {@link Change} to and from a plain tree (maps, lists, strings, numbers, booleans) for storage, without
 * its author (stored beside it) and without the estate nodes its actions map to (mapped again against the estate in
 * force). The tree holds what the readers kept of the documents — never the values Terraform or Kubernetes mark
 * sensitive, which the readers do not keep — so storing it instead of the raw documents keeps secrets out of the
 * database while still letting the change be analysed again.
 *
 * <p>{@code decode(encode(c), c.author())} equals {@code c} with its actions' nodes cleared. Stateless.
 */
public final class ChangeCodec {

    private ChangeCodec() {
    }

    public static Map<String, Object> encode(Change c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("source", c.source());
        m.put("title", c.title());
        m.put("hash", c.hash());
        m.put("scope", map("regions", c.scope().regions(), "zones", c.scope().zones(), "cells", c.scope().cells(),
                "everywhere", c.scope().everywhere()));
        m.put("notes", c.notes());
        m.put("labels", c.labels());
        List<Object> actions = new ArrayList<>();
        for (Action a : c.actions()) {
            Map<String, Object> am = new LinkedHashMap<>();
            am.put("address", a.address());
            am.put("type", a.type());
            am.put("target", target(a.target()));
            am.put("kind", kind(a.kind()));
            am.put("reason", a.reason());
            am.put("attributes", a.attributes());
            am.put("where", map("file", a.where().file(), "line", (long) a.where().line(), "column", (long) a.where().column(),
                    "path", a.where().path()));
            actions.add(am);
        }
        m.put("actions", actions);
        return m;
    }

    public static Change decode(Map<String, Object> m, Provenance author) {
        Map<String, Object> scope = obj(m.get("scope"));
        List<Action> actions = new ArrayList<>();
        for (Object o : list(m.get("actions"))) {
            Map<String, Object> am = obj(o);
            Map<String, Object> w = obj(am.get("where"));
            actions.add(new Action(str(am.get("address")), str(am.get("type")), target(obj(am.get("target"))),
                    kind(obj(am.get("kind"))), str(am.get("reason")), List.of(), obj(am.get("attributes")),
                    new SourceLocation(str(w.get("file")), num(w.get("line")), num(w.get("column")), str(w.get("path")))));
        }
        return new Change(str(m.get("source")), str(m.get("title")), author, actions,
                new Scope(strings(scope.get("regions")), strings(scope.get("zones")), strings(scope.get("cells")),
                        Boolean.TRUE.equals(scope.get("everywhere"))),
                str(m.get("hash")), strings(m.get("notes")), stringMap(m.get("labels")));
    }

    private static Map<String, Object> target(ResourceRef r) {
        return switch (r) {
            case ResourceRef.Terraform t -> map("terraform", t.address(), "type", t.type(), "module", t.moduleAddress());
            case ResourceRef.Kubernetes k -> map("kubernetes", k.name(), "apiVersion", k.apiVersion(), "kind", k.kind(),
                    "namespace", k.namespace(), "labels", k.labels());
            case ResourceRef.Component c -> map("component", c.idOrGroup());
        };
    }

    private static ResourceRef target(Map<String, Object> m) {
        if (m.containsKey("terraform")) {
            return new ResourceRef.Terraform(str(m.get("terraform")), str(m.get("type")), str(m.get("module")));
        }
        if (m.containsKey("kubernetes")) {
            return new ResourceRef.Kubernetes(str(m.get("apiVersion")), str(m.get("kind")), str(m.get("namespace")),
                    str(m.get("kubernetes")), stringMap(m.get("labels")));
        }
        if (m.containsKey("component")) return new ResourceRef.Component(str(m.get("component")));
        throw new IllegalArgumentException("stored action target of unknown form: " + m.keySet());
    }

    private static Map<String, Object> kind(ActionKind k) {
        return switch (k) {
            case ActionKind.Scale s -> map("name", "scale", "from", s.from(), "to", s.to(), "attribute", s.attribute());
            case ActionKind.Replace r -> map("name", "replace", "order", r.order().name(), "paths", r.replacePaths());
            case ActionKind.Update u -> map("name", "update", "paths", u.changedPaths());
            case ActionKind.Config c -> map("name", "config", "paths", c.changedPaths());
            case ActionKind.Create c -> map("name", "create");
            case ActionKind.Delete d -> map("name", "delete");
            case ActionKind.Restart r -> map("name", "restart");
            case ActionKind.Read r -> map("name", "read");
            case ActionKind.NoOp n -> map("name", "no-op");
        };
    }

    private static ActionKind kind(Map<String, Object> m) {
        String name = str(m.get("name"));
        return switch (name) {
            case "scale" -> new ActionKind.Scale(((Number) m.get("from")).longValue(), ((Number) m.get("to")).longValue(),
                    str(m.get("attribute")));
            case "replace" -> new ActionKind.Replace(ActionKind.ReplaceOrder.valueOf(str(m.get("order"))), strings(m.get("paths")));
            case "update" -> new ActionKind.Update(strings(m.get("paths")));
            case "config" -> new ActionKind.Config(strings(m.get("paths")));
            case "create" -> new ActionKind.Create();
            case "delete" -> new ActionKind.Delete();
            case "restart" -> new ActionKind.Restart();
            case "read" -> new ActionKind.Read();
            case "no-op" -> new ActionKind.NoOp();
            default -> throw new IllegalArgumentException("stored action of unknown kind '" + name + "'");
        };
    }

    private static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> obj(Object o) {
        return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    private static List<?> list(Object o) {
        return o instanceof List<?> l ? l : List.of();
    }

    private static String str(Object o) {
        return o == null ? "" : String.valueOf(o);
    }

    private static int num(Object o) {
        return o instanceof Number n ? n.intValue() : 0;
    }

    private static List<String> strings(Object o) {
        List<String> out = new ArrayList<>();
        for (Object x : list(o)) out.add(String.valueOf(x));
        return out;
    }

    private static Map<String, String> stringMap(Object o) {
        Map<String, String> out = new LinkedHashMap<>();
        obj(o).forEach((k, v) -> out.put(k, String.valueOf(v)));
        return out;
    }
}
