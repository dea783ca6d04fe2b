package io.blastwall.formats;

import io.blastwall.core.canonical.CanonicalJson;
import io.blastwall.core.change.Action;
import io.blastwall.core.change.ActionKind;
import io.blastwall.core.change.Change;
import org.junit.jupiter.api.Assumptions;

import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Helpers shared by the reader tests: fixture folders, a one-line rendering of actions, and a full serialisation. */
public final class TestSupport {

    private TestSupport() {
    }

    /** The shared fixtures folder, or a skipped test when it is not there. */
    public static Path sharedFixtures(String sub) {
        String base = System.getProperty("blastwall.fixtures");
        Assumptions.assumeTrue(base != null, "system property blastwall.fixtures not set");
        Path dir = Path.of(base, sub);
        Assumptions.assumeTrue(Files.isDirectory(dir), "shared fixtures not present at " + dir);
        return dir;
    }

    /** The project root (for examples/), or a skipped test when unknown. */
    public static Path projectRoot() {
        String base = System.getProperty("blastwall.root");
        Assumptions.assumeTrue(base != null, "system property blastwall.root not set");
        return Path.of(base);
    }

    public static Path resource(String name) {
        try {
            return Path.of(TestSupport.class.getResource("/" + name).toURI());
        } catch (Exception e) {
            throw new IllegalStateException("test resource missing: " + name, e);
        }
    }

    /** {@code address kind details}: details are the changed paths, the replace order and paths, or from->to. */
    public static String line(Action a) {
        String details = switch (a.kind()) {
            case ActionKind.Update u -> String.join(",", u.changedPaths());
            case ActionKind.Config c -> String.join(",", c.changedPaths());
            case ActionKind.Replace r -> r.order().externalName() + " " + String.join(",", r.replacePaths());
            case ActionKind.Scale s -> s.attribute() + " " + s.from() + "->" + s.to();
            case ActionKind.Create c -> "";
            case ActionKind.Delete d -> "";
            case ActionKind.Restart r -> "";
            case ActionKind.Read r -> "";
            case ActionKind.NoOp n -> "";
        };
        return (a.address() + " " + a.kind().externalName() + " " + details).strip();
    }

    public static List<String> lines(Change c) {
        return c.actions().stream().map(TestSupport::line).toList();
    }

    /** Every field of the change, recursively, as canonical JSON (records become objects). */
    public static String serialise(Change c) {
        return CanonicalJson.write(tree(c));
    }

    private static Object tree(Object v) {
        if (v == null) return null;
        if (v instanceof Record r) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("@type", r.getClass().getSimpleName());
            for (RecordComponent rc : r.getClass().getRecordComponents()) {
                try {
                    m.put(rc.getName(), tree(rc.getAccessor().invoke(r)));
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
            }
            return m;
        }
        if (v instanceof Map<?, ?> map) {
            Map<String, Object> m = new LinkedHashMap<>();
            map.forEach((k, val) -> m.put(String.valueOf(k), tree(val)));
            return m;
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            for (Object e : l) out.add(tree(e));
            return out;
        }
        if (v instanceof Enum<?> e) return e.name();
        if (v instanceof String || v instanceof Number || v instanceof Boolean) return v;
        return v.toString();
    }
}
