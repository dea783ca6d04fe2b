package io.blastwall.formats.backstage;

import io.blastwall.core.BadInputException;
import io.blastwall.core.SourceLocation;
import io.blastwall.core.estate.EdgeType;
import io.blastwall.core.estate.EstateProblem;
import io.blastwall.core.estate.NodeKind;
import io.blastwall.core.estate.NodeSpec;
import io.blastwall.core.estate.ResourceSelector;
import io.blastwall.formats.doc.Fields;
import io.blastwall.formats.estate.BadInputCollector;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Maps one Component, Resource or (depended-on) System entity to a node and its edges. Every annotation problem of
 * the entity is collected and thrown together. Not thread-safe: one per entity.
 */
final class EntityMapper {

    private static final String ANNOTATIONS = "$.metadata.annotations";

    private final BackstageCatalogReader.Catalog catalog;
    private final BackstageCatalogReader.Entity entity;
    private final List<EstateProblem> problems;
    private final Fields f;
    private final BadInputCollector bad = new BadInputCollector();
    private final String ns;

    /** One resolved dependency: the target node id, the reference that led to it, and where it was written. */
    private record Dep(String to, String origin, EdgeType type, SourceLocation where) { }

    EntityMapper(BackstageCatalogReader.Catalog catalog, BackstageCatalogReader.Entity entity, List<EstateProblem> problems) {
        this.catalog = catalog;
        this.entity = entity;
        this.problems = problems;
        this.f = entity.fields();
        this.ns = entity.ref().namespace();
    }

    BackstageCatalogReader.NodeDraft map() {
        Map<String, String> ann = annotations();
        Map<String, Object> spec = entity.spec();
        String type = guard(() -> f.optString(spec, "type", "$.spec").orElse(""), "");
        NodeKind kind = ann.containsKey(BackstageAnnotations.KIND)
                ? annotation(ann, BackstageAnnotations.KIND, BackstageAnnotations::kind, NodeKind.OTHER)
                : defaultKind(entity.kind(), type);
        int tier = annotation(ann, BackstageAnnotations.TIER, BackstageAnnotations::tier, 3);
        String region = ann.getOrDefault(BackstageAnnotations.REGION, "").trim();
        List<String> zones = List.of();
        if (ann.containsKey(BackstageAnnotations.ZONES) && ann.containsKey(BackstageAnnotations.ZONE)) {
            bad.add(where(ANNOTATIONS + "." + BackstageAnnotations.ZONE), "give either " + BackstageAnnotations.ZONES
                    + " or " + BackstageAnnotations.ZONE + ", not both");
        } else if (ann.containsKey(BackstageAnnotations.ZONES)) {
            zones = annotation(ann, BackstageAnnotations.ZONES, v -> BackstageAnnotations.list(v, "zones"), List.of());
        } else if (ann.containsKey(BackstageAnnotations.ZONE)) {
            zones = annotation(ann, BackstageAnnotations.ZONE, v -> BackstageAnnotations.list(v, "zones"), List.of());
            if (zones.size() > 1) bad.add(where(ANNOTATIONS + "." + BackstageAnnotations.ZONE), "expected one zone; use "
                    + BackstageAnnotations.ZONES + " for several");
        }
        String cell = ann.getOrDefault(BackstageAnnotations.CELL, "").trim();
        String group = ann.getOrDefault(BackstageAnnotations.GROUP, "").trim();
        boolean stateful = annotation(ann, BackstageAnnotations.STATEFUL, BackstageAnnotations::bool, kind == NodeKind.DATASTORE);
        double capacity = annotation(ann, BackstageAnnotations.CAPACITY, BackstageAnnotations::nonNegative, Double.NaN);
        double peak = annotation(ann, BackstageAnnotations.PEAK_LOAD, BackstageAnnotations::nonNegative, Double.NaN);
        int replicas = annotation(ann, BackstageAnnotations.REPLICAS, BackstageAnnotations::wholeNonNegative, 0);
        double traffic = annotation(ann, BackstageAnnotations.TRAFFIC_WEIGHT, BackstageAnnotations::nonNegative, 0.0);
        List<ResourceSelector> selectors = new ArrayList<>();
        selectors.addAll(annotation(ann, BackstageAnnotations.TERRAFORM, BackstageAnnotations::terraform, List.of()));
        selectors.addAll(annotation(ann, BackstageAnnotations.KUBERNETES, BackstageAnnotations::kubernetes, List.of()));
        kubernetesPluginSelectors(ann, selectors);
        String owner = guard(() -> f.optString(spec, "owner", "$.spec")
                .map(o -> BackstageCatalogReader.parseRef(f, o, "group", ns, "$.spec.owner").humanize("group")).orElse(""), "");
        String system = entity.kind().equals("system") ? entity.ref().humanize("system")
                : guard(() -> f.optString(spec, "system", "$.spec").filter(s -> !s.isBlank())
                .map(s -> BackstageCatalogReader.parseRef(f, s, "system", ns, "$.spec.system").humanize("system")).orElse(""), "");
        Map<String, String> labels = labels();

        List<Dep> deps = entity.kind().equals("system") ? systemDependencies() : dependencies();
        List<BackstageCatalogReader.NodeDraft.Edge> edges = applyEdgeTypes(ann, deps);
        bad.throwIfAny();
        NodeSpec node = new NodeSpec(entity.ref().id(), kind, tier, owner, system, region, zones, cell, group, stateful,
                capacity, peak, replicas, traffic, labels, selectors);
        return new BackstageCatalogReader.NodeDraft(node, lineOnly("$"), edges);
    }

    static NodeKind defaultKind(String entityKind, String type) {
        return switch (entityKind) {
            case "component" -> componentKind(type);
            case "resource" -> resourceKind(type);
            default -> NodeKind.OTHER;
        };
    }

    /** Component types: service and website (and anything unknown) run as services; a library does not run. */
    static NodeKind componentKind(String type) {
        String t = type.trim().toLowerCase(Locale.ROOT);
        if (t.equals("library") || t.equals("documentation") || t.equals("docs")) return NodeKind.OTHER;
        return NodeKind.parse(t).orElse(NodeKind.SERVICE);
    }

    /** Resource types: a known kind name, else a word of the type that names one (s3-bucket, kafka-topic, postgres). */
    static NodeKind resourceKind(String type) {
        String t = type.trim().toLowerCase(Locale.ROOT);
        var direct = NodeKind.parse(t);
        if (direct.isPresent()) return direct.get();
        for (String w : t.split("[-_ ./]+")) {
            NodeKind k = switch (w) {
                case "database", "db", "postgres", "postgresql", "mysql", "mariadb", "rds", "aurora", "dynamodb", "mongodb",
                     "mongo", "cassandra", "sql", "datastore", "spanner", "bigtable", "cosmosdb" -> NodeKind.DATASTORE;
                case "cache", "redis", "memcached", "elasticache", "valkey" -> NodeKind.CACHE;
                case "queue", "topic", "kafka", "sqs", "sns", "pubsub", "rabbitmq", "stream", "kinesis", "eventhub" -> NodeKind.QUEUE;
                case "bucket", "s3", "gcs", "blob", "storage", "filesystem", "efs" -> NodeKind.STORAGE;
                case "cluster", "kubernetes", "k8s", "eks", "gke", "aks" -> NodeKind.CLUSTER;
                case "vpc", "network", "subnet", "vnet" -> NodeKind.NETWORK;
                case "dns", "route53" -> NodeKind.DNS;
                case "lb", "alb", "elb", "nlb", "loadbalancer" -> NodeKind.LOAD_BALANCER;
                case "cdn", "cloudfront" -> NodeKind.CDN;
                case "secret", "secrets", "vault", "kms" -> NodeKind.SECRET;
                case "gateway", "apigateway" -> NodeKind.GATEWAY;
                case "function", "lambda" -> NodeKind.FUNCTION;
                default -> null;
            };
            if (k != null) return k;
        }
        return NodeKind.OTHER;
    }

    // ---- annotations

    private Map<String, String> annotations() {
        Map<String, String> out = new LinkedHashMap<>();
        Object raw = entity.metadata().get("annotations");
        if (raw == null) return out;
        Map<String, Object> m = guard(() -> f.object(raw, ANNOTATIONS), Map.of());
        for (Map.Entry<String, Object> e : m.entrySet()) {
            String key = e.getKey();
            Object v = e.getValue();
            if (v instanceof Map || v instanceof List || v == null) {
                if (key.startsWith(BackstageAnnotations.PREFIX)) {
                    bad.add(where(ANNOTATIONS + "." + key), "expected a string, found " + Fields.describe(v));
                }
                continue;
            }
            if (key.startsWith(BackstageAnnotations.PREFIX) && !BackstageAnnotations.KNOWN.contains(key)) {
                bad.add(where(ANNOTATIONS + "." + key), "unknown annotation '" + key + "'; expected one of: "
                        + String.join(", ", BackstageAnnotations.KNOWN));
                continue;
            }
            out.put(key, String.valueOf(v));
        }
        return out;
    }

    private interface Parser<T> {
        T parse(String value);
    }

    private <T> T annotation(Map<String, String> ann, String key, Parser<T> parser, T fallback) {
        String v = ann.get(key);
        if (v == null) return fallback;
        try {
            return parser.parse(v);
        } catch (IllegalArgumentException e) {
            bad.add(where(ANNOTATIONS + "." + key), "bad annotation " + key + ": " + e.getMessage());
            return fallback;
        }
    }

    private void kubernetesPluginSelectors(Map<String, String> ann, List<ResourceSelector> selectors) {
        String namespace = ann.getOrDefault(BackstageAnnotations.K8S_NAMESPACE, "").trim();
        String id = ann.get(BackstageAnnotations.K8S_ID);
        if (id != null && !id.isBlank()) {
            selectors.add(new ResourceSelector.KubernetesLabels("", namespace, Map.of(BackstageAnnotations.K8S_ID, id.trim())));
        }
        String query = ann.get(BackstageAnnotations.K8S_LABEL_SELECTOR);
        if (query != null && !query.isBlank()) {
            Map<String, String> labels;
            try {
                labels = BackstageAnnotations.equalitySelector(query);
            } catch (IllegalArgumentException e) {
                labels = null;
            }
            if (labels == null || labels.isEmpty()) {
                problems.add(new EstateProblem(EstateProblem.Severity.WARNING, "unsupported-selector",
                        BackstageAnnotations.K8S_LABEL_SELECTOR + " of " + entity.ref().id() + " is not an equality-based"
                                + " selector (key=value,...); it is ignored, so changes to its objects do not map to this node",
                        where(ANNOTATIONS + "." + BackstageAnnotations.K8S_LABEL_SELECTOR)));
            } else {
                selectors.add(new ResourceSelector.KubernetesLabels("", namespace, labels));
            }
        }
    }

    private Map<String, String> labels() {
        Object raw = entity.metadata().get("labels");
        if (raw == null) return Map.of();
        Map<String, Object> m = guard(() -> f.object(raw, "$.metadata.labels"), Map.of());
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : m.entrySet()) {
            if (e.getValue() instanceof Map || e.getValue() instanceof List || e.getValue() == null) {
                bad.add(where("$.metadata.labels." + e.getKey()), "expected a string, found " + Fields.describe(e.getValue()));
            } else {
                out.put(e.getKey(), String.valueOf(e.getValue()));
            }
        }
        return out;
    }

    // ---- dependencies

    private List<Dep> dependencies() {
        List<Dep> out = new ArrayList<>();
        Map<String, Object> spec = entity.spec();
        List<String> dependsOn = guard(() -> BackstageCatalogReader.refList(f, spec, "dependsOn"), List.of());
        for (int i = 0; i < dependsOn.size(); i++) {
            String path = "$.spec.dependsOn[" + i + "]";
            resolve(dependsOn.get(i), null, path, out);
        }
        if (entity.kind().equals("component")) {
            List<String> consumes = guard(() -> BackstageCatalogReader.refList(f, spec, "consumesApis"), List.of());
            for (int i = 0; i < consumes.size(); i++) {
                resolve(consumes.get(i), "api", "$.spec.consumesApis[" + i + "]", out);
            }
        }
        List<String> dependencyOf = guard(() -> BackstageCatalogReader.refList(f, spec, "dependencyOf"), List.of());
        for (int i = 0; i < dependencyOf.size(); i++) {
            List<Dep> sources = new ArrayList<>();
            String path = "$.spec.dependencyOf[" + i + "]";
            resolve(dependencyOf.get(i), null, path, sources);
            for (Dep s : sources) {
                catalog.reverseEdges.add(new BackstageCatalogReader.NodeDraft.ReverseEdge(s.to(), entity.ref().id(), s.where()));
            }
        }
        return out;
    }

    /** A System that something depends on stands for all of its components and resources: it depends on each, hard. */
    private List<Dep> systemDependencies() {
        List<Dep> out = new ArrayList<>();
        for (String member : catalog.systemMembers.getOrDefault(entity.ref().id(), List.of())) {
            out.add(new Dep(member, member, EdgeType.HARD, lineOnly("$")));
        }
        return out;
    }

    /** Resolves one reference into zero or more target nodes, recording unresolvable ones as problems. */
    private void resolve(String text, String defaultKind, String path, List<Dep> out) {
        EntityRef ref;
        try {
            ref = BackstageCatalogReader.parseRef(f, text, defaultKind, ns, path);
        } catch (BadInputException e) {
            bad.addAll(e);
            return;
        }
        SourceLocation where = lineOnly(path);
        if (ref.kind() == null) {
            // Backstage requires the kind here; Blastwall accepts it missing and tries component, then resource
            for (String k : List.of("component", "resource")) {
                String id = ref.withKind(k).id();
                if (catalog.entities.containsKey(id)) {
                    out.add(new Dep(id, id, EdgeType.HARD, where));
                    return;
                }
            }
            problems.add(new EstateProblem(EstateProblem.Severity.ERROR, "dangling-edge",
                    entity.ref().id() + " depends on '" + text.trim() + "', which names no entity: tried "
                            + ref.withKind("component").id() + " and " + ref.withKind("resource").id()
                            + "; expected a component or resource of the catalog (or write the kind)", where));
            return;
        }
        switch (ref.kind()) {
            case "api" -> {
                List<String> providers = catalog.providers.getOrDefault(ref.id(), List.of());
                if (providers.isEmpty()) {
                    problems.add(new EstateProblem(EstateProblem.Severity.WARNING, "unresolved-api",
                            entity.ref().id() + " uses " + ref.id() + ", which no component of the catalog provides"
                                    + " (providesApis); no edge is made for it", where));
                }
                for (String p : providers) {
                    if (!p.equals(entity.ref().id())) out.add(new Dep(p, ref.id(), EdgeType.HARD, where));
                }
            }
            case "system" -> {
                catalog.referencedSystems.add(ref.id());
                out.add(new Dep(ref.id(), ref.id(), EdgeType.HARD, where));
            }
            default -> {
                if (BackstageCatalogReader.SKIPPED_KINDS.contains(ref.kind())) {
                    problems.add(new EstateProblem(EstateProblem.Severity.WARNING, "not-a-dependency",
                            entity.ref().id() + " depends on " + ref.id() + ", which is not a runtime component; ignored", where));
                } else {
                    out.add(new Dep(ref.id(), ref.id(), EdgeType.HARD, where));
                }
            }
        }
    }

    /** Applies {@code blastwall.io/edge-types}, merges repeated targets keeping the strongest type. */
    private List<BackstageCatalogReader.NodeDraft.Edge> applyEdgeTypes(Map<String, String> ann, List<Dep> deps) {
        Map<EntityRef, EdgeType> overrides = annotation(ann, BackstageAnnotations.EDGE_TYPES,
                v -> BackstageAnnotations.edgeTypes(v, ns), Map.of());
        Set<EntityRef> used = new HashSet<>();
        Map<String, BackstageCatalogReader.NodeDraft.Edge> merged = new LinkedHashMap<>();
        for (Dep d : deps) {
            EdgeType type = d.type();
            for (Map.Entry<EntityRef, EdgeType> o : overrides.entrySet()) {
                if (matches(o.getKey(), d.to()) || matches(o.getKey(), d.origin())) {
                    type = o.getValue();
                    used.add(o.getKey());
                }
            }
            BackstageCatalogReader.NodeDraft.Edge edge = new BackstageCatalogReader.NodeDraft.Edge(d.to(), type, d.where());
            merged.merge(d.to(), edge, (a, b) -> a.type().ordinal() <= b.type().ordinal() ? a : b);
        }
        for (EntityRef o : overrides.keySet()) {
            if (!used.contains(o)) {
                bad.add(where(ANNOTATIONS + "." + BackstageAnnotations.EDGE_TYPES), "bad annotation "
                        + BackstageAnnotations.EDGE_TYPES + ": '" + o + "' is not among the dependencies of " + entity.ref().id());
            }
        }
        return new ArrayList<>(merged.values());
    }

    private static boolean matches(EntityRef override, String id) {
        if (override.kind() != null) return override.id().equals(id);
        return id.endsWith(":" + override.namespace() + "/" + override.name());
    }

    // ---- helpers

    private SourceLocation where(String path) {
        return entity.doc().at(path);
    }

    /** The place of a path for edges and nodes: file and line only (the builder keeps no more). */
    private SourceLocation lineOnly(String path) {
        SourceLocation at = entity.doc().at(path);
        return new SourceLocation(at.file(), at.line(), 0, "");
    }

    private interface Read<T> {
        T get();
    }

    /** Runs a Fields access, turning its exception into a collected problem and a fallback value. */
    private <T> T guard(Read<T> read, T fallback) {
        try {
            return read.get();
        } catch (BadInputException e) {
            bad.addAll(e);
            return fallback;
        }
    }
}
