package io.blastwall.server.mcp;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Small builders for the JSON Schema (2020-12) documents of the tools' inputs and outputs. Stateless. */
final class Schemas {

    private Schemas() {
    }

    static Map<String, Object> object(Map<String, Object> properties, List<String> required) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "object");
        m.put("properties", properties);
        m.put("required", required);
        m.put("additionalProperties", false);
        return m;
    }

    /** An output object: its listed properties are always present; more may be added later (additive evolution). */
    static Map<String, Object> output(Map<String, Object> properties) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "object");
        m.put("properties", properties);
        m.put("required", List.copyOf(properties.keySet()));
        return m;
    }

    static Map<String, Object> string(String description) {
        return Map.of("type", "string", "description", description);
    }

    static Map<String, Object> nonEmptyString(String description) {
        return Map.of("type", "string", "minLength", 1, "description", description);
    }

    static Map<String, Object> integer(String description, int min, int max) {
        return Map.of("type", "integer", "minimum", min, "maximum", max, "description", description);
    }

    static Map<String, Object> enumOf(String description, List<String> values) {
        return Map.of("type", "string", "enum", values, "description", description);
    }

    static Map<String, Object> typed(String type) {
        return Map.of("type", type);
    }

    static Map<String, Object> arrayOf(Map<String, Object> items) {
        return Map.of("type", "array", "items", items);
    }

    /** The documents of a change: plan JSON, Kubernetes manifests or a Blastwall change file, as text. */
    static Map<String, Object> documents() {
        Map<String, Object> doc = object(props(
                "name", nonEmptyString("A file name for the document (shown in findings), e.g. plan.json"),
                "content", string("The document's text: Terraform/OpenTofu plan JSON (terraform show -json), Kubernetes "
                        + "manifests (YAML, several separated by ---) or a Blastwall change file")), List.of("name", "content"));
        return Map.of("type", "array", "minItems", 1, "items", doc,
                "description", "The change as one or more documents");
    }

    static Map<String, Object> format() {
        return enumOf("How to read the documents (default auto: detected from their content)",
                List.of("auto", "terraform-plan", "kubernetes", "blastwall-change"));
    }

    static Map<String, Object> props(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }
}
