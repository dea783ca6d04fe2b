package io.blastwall.formats.backstage;

import io.blastwall.core.BadInputException;
import io.blastwall.core.SourceLocation;
import io.blastwall.core.estate.EdgeType;
import io.blastwall.core.estate.EstateBuilder;
import io.blastwall.core.estate.EstateProblem;
import io.blastwall.core.estate.NodeKind;
import io.blastwall.core.estate.NodeSpec;
import io.blastwall.core.estate.ResourceSelector;
import io.blastwall.formats.doc.Documents;
import io.blastwall.formats.doc.Fields;
import io.blastwall.formats.doc.LocatedDocument;
import io.blastwall.formats.estate.BadInputCollector;
import io.blastwall.formats.estate.EstateSourceReader;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Imports a Backstage software catalog ({@code catalog-info.yaml} files, multi-document YAML or JSON) as an estate.
 * See docs/formats/backstage.md for the mapping; in short: Component and Resource entities become nodes with the id
 * {@code kind:namespace/name} (lower case), {@code spec.dependsOn}, {@code spec.dependencyOf} and
 * {@code spec.consumesApis} become hard edges (an API consumed becomes edges to the components that provide it),
 * {@code blastwall.io/*} annotations add what Backstage does not model (tier, placement, capacity, resources, edge
 * types). System entities give the {@code system} field and become nodes only when something depends on them.
 * Location, Group, User, Domain and Template entities are skipped with a note.
 *
 * <p>References are resolved across all files of one read. Stateless and thread-safe.
 */
public final class BackstageCatalogReader implements EstateSourceReader {

    /** Catalog files larger than this (256 MiB) are refused before reading. */
    public static final long MAX_FILE_BYTES = 256L * 1024 * 1024;

    static final Set<String> SKIPPED_KINDS = Set.of("location", "group", "user", "domain", "template");

    @Override
    public Report read(List<Path> files, EstateBuilder into) {
        BadInputCollector bad = new BadInputCollector();
        List<LocatedDocument> docs = new ArrayList<>();
        for (Path f : files) {
            try {
                docs.addAll(Documents.read(f, MAX_FILE_BYTES));
            } catch (BadInputException e) {
                bad.addAll(e);
            }
        }
        bad.throwIfAny();
        return readDocuments(docs, into);
    }

    /** Reads already parsed catalog documents (tests, catalogs received over HTTP). */
    public Report readDocuments(List<LocatedDocument> documents, EstateBuilder into) {
        Catalog catalog = new Catalog();
        BadInputCollector bad = new BadInputCollector();
        for (LocatedDocument doc : documents) {
            try {
                catalog.add(doc);
            } catch (BadInputException e) {
                bad.addAll(e);
            }
        }
        bad.throwIfAny();
        List<EstateProblem> problems = new ArrayList<>(catalog.problems);
        List<NodeDraft> nodes = new ArrayList<>();
        // components and resources first: their dependencies decide which systems become nodes
        for (Entity e : catalog.entities.values()) {
            if (!e.isNodeKind()) continue;
            try {
                nodes.add(new EntityMapper(catalog, e, problems).map());
            } catch (BadInputException ex) {
                bad.addAll(ex);
            }
        }
        for (Entity e : catalog.entities.values()) {
            if (!e.kind().equals("system") || !catalog.referencedSystems.contains(e.ref().id())) continue;
            try {
                nodes.add(new EntityMapper(catalog, e, problems).map());
            } catch (BadInputException ex) {
                bad.addAll(ex);
            }
        }
        bad.throwIfAny();
        for (NodeDraft n : nodes) {
            into.addNode(n.spec(), n.where());
            for (NodeDraft.Edge edge : n.edges()) into.addEdge(n.spec().id(), edge.to(), edge.type(), edge.where());
        }
        for (NodeDraft.ReverseEdge r : catalog.reverseEdges) into.addEdge(r.from(), r.to(), EdgeType.HARD, r.where());
        return new Report(catalog.estateName, problems, catalog.notes());
    }

    /** One entity of a kind Blastwall maps (Component, Resource, System, API). */
    record Entity(EntityRef ref, String kind, LocatedDocument doc, Map<String, Object> root, Map<String, Object> spec,
                  Map<String, Object> metadata) {
        boolean isNodeKind() {
            return kind.equals("component") || kind.equals("resource");
        }

        Fields fields() {
            return new Fields(doc);
        }
    }

    /** A node ready for the builder, with its outgoing edges. */
    record NodeDraft(NodeSpec spec, SourceLocation where, List<Edge> edges) {
        record Edge(String to, EdgeType type, SourceLocation where) { }

        record ReverseEdge(String from, String to, SourceLocation where) { }
    }

    /** All entities of a read, indexed for reference resolution. */
    static final class Catalog {
        final Map<String, Entity> entities = new LinkedHashMap<>();
        final Map<String, List<String>> providers = new HashMap<>();
        final Map<String, List<String>> systemMembers = new HashMap<>();
        final Set<String> referencedSystems = new HashSet<>();
        final List<EstateProblem> problems = new ArrayList<>();
        final List<NodeDraft.ReverseEdge> reverseEdges = new ArrayList<>();
        final Map<String, Integer> skipped = new TreeMap<>();
        final List<String> locationNotes = new ArrayList<>();
        String estateName = "";

        void add(LocatedDocument doc) {
            Fields f = new Fields(doc);
            Map<String, Object> root = f.object(doc.root(), "$");
            String apiVersion = f.string(root, "apiVersion", "$");
            if (!apiVersion.equals("backstage.io/v1alpha1") && !apiVersion.equals("backstage.io/v1beta1")) {
                throw f.error("$.apiVersion", "unsupported apiVersion for a Backstage catalog; expected backstage.io/v1alpha1 or backstage.io/v1beta1");
            }
            String kindText = f.string(root, "kind", "$");
            String kind = kindText.toLowerCase(java.util.Locale.ROOT);
            Map<String, Object> metadata = f.object(root.get("metadata"), "$.metadata");
            String name = f.string(metadata, "name", "$.metadata");
            String namespace = f.optString(metadata, "namespace", "$.metadata").filter(s -> !s.isBlank())
                    .orElse(EntityRef.DEFAULT_NAMESPACE);
            if (kind.equals("location")) {
                locationNotes.add(doc.at("$").file() + ":" + doc.at("$").line() + ": Location '" + name
                        + "' skipped: only the files given are read, Location targets are not followed");
                return;
            }
            if (!Set.of("component", "resource", "system", "api").contains(kind)) {
                skipped.merge(kindText, 1, Integer::sum);
                return;
            }
            EntityRef ref;
            try {
                ref = EntityRef.parse(name, kind, namespace);
            } catch (IllegalArgumentException e) {
                throw f.error("$.metadata.name", "not a valid entity name: " + e.getMessage());
            }
            Object specValue = root.get("spec");
            Map<String, Object> spec = specValue == null ? Map.of() : f.object(specValue, "$.spec");
            Entity entity = new Entity(ref, kind, doc, root, spec, metadata);
            Entity first = entities.putIfAbsent(ref.id(), entity);
            if (first != null) {
                problems.add(new EstateProblem(EstateProblem.Severity.ERROR, "duplicate-id",
                        "duplicate entity '" + ref.id() + "' (first defined at " + first.doc().at("$")
                                + "); entity references must be unique", doc.at("$")));
                return;
            }
            String selfNs = ref.namespace();
            if (kind.equals("system") && estateName.isEmpty()) estateName = name;
            if (kind.equals("component")) {
                List<String> apis = refList(f, spec, "providesApis");
                for (int i = 0; i < apis.size(); i++) {
                    EntityRef apiRef = parseRef(f, apis.get(i), "api", selfNs, "$.spec.providesApis[" + i + "]");
                    providers.computeIfAbsent(apiRef.id(), k -> new ArrayList<>()).add(ref.id());
                }
            }
            if (entity.isNodeKind()) {
                Optional<String> system = f.optString(spec, "system", "$.spec");
                if (system.isPresent() && !system.get().isBlank()) {
                    EntityRef sys = parseRef(f, system.get(), "system", selfNs, "$.spec.system");
                    systemMembers.computeIfAbsent(sys.id(), k -> new ArrayList<>()).add(ref.id());
                }
            }
        }

        List<String> notes() {
            List<String> out = new ArrayList<>(locationNotes);
            if (!skipped.isEmpty()) {
                StringBuilder sb = new StringBuilder("skipped entities that are not runtime components: ");
                boolean first = true;
                for (Map.Entry<String, Integer> e : skipped.entrySet()) {
                    if (!first) sb.append(", ");
                    first = false;
                    sb.append(e.getValue()).append(' ').append(e.getKey());
                }
                out.add(sb.toString());
            }
            return out;
        }
    }

    /** A list of reference strings at {@code spec.<key>} (a single string is accepted as a list of one). */
    static List<String> refList(Fields f, Map<String, Object> spec, String key) {
        return f.stringList(spec, key, "$.spec");
    }

    static EntityRef parseRef(Fields f, String text, String defaultKind, String namespace, String path) {
        try {
            return EntityRef.parse(text, defaultKind, namespace);
        } catch (IllegalArgumentException e) {
            throw f.error(path, "not a valid entity reference (" + e.getMessage() + "); expected [<kind>:][<namespace>/]<name>");
        }
    }
}
