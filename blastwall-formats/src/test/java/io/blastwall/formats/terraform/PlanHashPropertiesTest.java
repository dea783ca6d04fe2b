package io.blastwall.formats.terraform;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The plan hash depends on content only: not on key order, whitespace or JSON-versus-YAML spelling; and every
 * edit of any scalar (except the volatile timestamp) changes it.
 */
class PlanHashPropertiesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final List<String> TRICKY = List.of("yes", "no", "null", "1.0", "0x1F", "~", "a: b", "- x", "#c",
            "\"quoted\"", "multi\nline", "ünïcødé", "", " lead", "on", "2025-01-01", "@at", "*star", "{b}");
    private static final List<List<String>> FORMS = List.of(List.of("create"), List.of("delete"), List.of("update"),
            List.of("delete", "create"), List.of("create", "delete"), List.of("read"), List.of("no-op"), List.of("forget"));
    /** Scalars whose change makes the document something other than a valid plan, or that the hash must ignore. */
    private static final Set<String> FIXED = Set.of("format_version", "timestamp", "actions", "mode");

    @Property(tries = 60)
    void hashIgnoresKeyOrderWhitespaceAndSyntax(@ForAll long seed) throws Exception {
        Map<String, Object> plan = plan(new Random(seed));
        String expected = TerraformPlanReader.parse("plan.json", JSON.writeValueAsString(plan)).hash();
        Object shuffled = shuffle(plan, new Random(seed ^ 0x5DEECE66DL));
        String pretty = JSON.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(shuffled);
        String yaml = YAML.writeValueAsString(shuffled);
        assertThat(TerraformPlanReader.parse("shuffled.json", pretty).hash()).isEqualTo(expected);
        assertThat(TerraformPlanReader.parse("shuffled.yaml", yaml).hash()).isEqualTo(expected);
        Map<String, Object> restamped = new LinkedHashMap<>(plan);
        restamped.put("timestamp", "2030-01-01T00:00:00Z");
        assertThat(TerraformPlanReader.parse("again.json", JSON.writeValueAsString(restamped)).hash()).isEqualTo(expected);
    }

    @Property(tries = 100)
    void anyScalarEditChangesTheHash(@ForAll long seed, @ForAll @IntRange(min = 0, max = 10_000) int pick) throws Exception {
        Map<String, Object> plan = plan(new Random(seed));
        String before = TerraformPlanReader.parse("plan.json", JSON.writeValueAsString(plan)).hash();
        List<Runnable> edits = new ArrayList<>();
        collectEdits(plan, null, edits);
        assertThat(edits).isNotEmpty();
        edits.get(pick % edits.size()).run();
        String after = TerraformPlanReader.parse("plan.json", JSON.writeValueAsString(plan)).hash();
        assertThat(after).isNotEqualTo(before);
    }

    private static Map<String, Object> plan(Random r) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("format_version", "1." + r.nextInt(3));
        p.put("terraform_version", "1.9." + r.nextInt(9));
        p.put("timestamp", "2025-11-20T10:00:0" + r.nextInt(10) + "Z");
        List<Object> rcs = new ArrayList<>();
        int n = 1 + r.nextInt(4);
        for (int i = 0; i < n; i++) {
            Map<String, Object> rc = new LinkedHashMap<>();
            rc.put("address", "aws_thing.r" + i);
            rc.put("mode", "managed");
            rc.put("type", "aws_thing");
            rc.put("name", "r" + i);
            Map<String, Object> change = new LinkedHashMap<>();
            change.put("actions", new ArrayList<>(FORMS.get(r.nextInt(FORMS.size()))));
            change.put("before", object(r, 2));
            change.put("after", object(r, 2));
            rc.put("change", change);
            rcs.add(rc);
        }
        p.put("resource_changes", rcs);
        Map<String, Object> planned = new LinkedHashMap<>();
        planned.put("root_module", object(r, 1));
        p.put("planned_values", planned);
        p.put("configuration", object(r, 2));
        return p;
    }

    private static Map<String, Object> object(Random r, int depth) {
        Map<String, Object> m = new LinkedHashMap<>();
        int n = 1 + r.nextInt(4);
        for (int i = 0; i < n; i++) {
            String key = r.nextInt(6) == 0 ? "k8s.io/key-" + i : "attr_" + i;
            int what = r.nextInt(depth > 0 ? 8 : 6);
            Object v = switch (what) {
                case 0 -> TRICKY.get(r.nextInt(TRICKY.size()));
                case 1 -> "s" + r.nextInt(1000);
                case 2 -> (long) r.nextInt(2000) - 1000;
                case 3 -> r.nextInt(4000) / 4.0 + 0.25;
                case 4 -> r.nextBoolean();
                case 5 -> null;
                case 6 -> object(r, depth - 1);
                default -> {
                    List<Object> l = new ArrayList<>();
                    for (int k = 0; k < 1 + r.nextInt(3); k++) l.add(r.nextBoolean() ? object(r, depth - 1) : "e" + r.nextInt(50));
                    yield l;
                }
            };
            m.put(key, v);
        }
        return m;
    }

    @SuppressWarnings("unchecked")
    private static Object shuffle(Object v, Random r) {
        if (v instanceof Map<?, ?> m) {
            List<Map.Entry<String, Object>> es = new ArrayList<>(((Map<String, Object>) m).entrySet());
            Collections.shuffle(es, r);
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<String, Object> e : es) out.put(e.getKey(), shuffle(e.getValue(), r));
            return out;
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            for (Object e : l) out.add(shuffle(e, r));
            return out;
        }
        return v;
    }

    @SuppressWarnings("unchecked")
    private static void collectEdits(Object v, String key, List<Runnable> edits) {
        if (key != null && FIXED.contains(key)) return;
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> map = (Map<String, Object>) m;
            for (String k : new ArrayList<>(map.keySet())) {
                Object child = map.get(k);
                if (child instanceof Map<?, ?> || child instanceof List<?>) collectEdits(child, k, edits);
                else if (!FIXED.contains(k)) edits.add(() -> map.put(k, edit(child)));
            }
        } else if (v instanceof List<?> l) {
            List<Object> list = (List<Object>) l;
            for (int i = 0; i < list.size(); i++) {
                Object child = list.get(i);
                int at = i;
                if (child instanceof Map<?, ?> || child instanceof List<?>) collectEdits(child, null, edits);
                else edits.add(() -> list.set(at, edit(child)));
            }
        }
    }

    private static Object edit(Object scalar) {
        return switch (scalar) {
            case null -> "was-null";
            case String s -> s + "x";
            case Long l -> l + 1;
            case Double d -> d + 0.5;
            case Boolean b -> !b;
            default -> throw new IllegalStateException("unexpected scalar " + scalar.getClass());
        };
    }
}
