package io.blastwall.formats.estate;

import io.blastwall.core.BadInputException;
import io.blastwall.core.estate.EdgeType;
import io.blastwall.core.estate.Estate;
import io.blastwall.core.estate.EstateProblem;
import io.blastwall.core.estate.NodeKind;
import io.blastwall.core.estate.ResourceSelector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EstateFileReaderTest {

    @TempDir
    Path dir;

    private final EstateFileReader reader = new EstateFileReader();

    private Path write(String name, String text) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, text);
        return f;
    }

    private static final String HEAD = """
            apiVersion: blastwall.io/v1
            kind: Estate
            metadata: {name: t}
            nodes:
            """;

    private BadInputException badInput(String name, String text) throws IOException {
        Path f = write(name, text);
        try {
            reader.load(List.of(f));
        } catch (BadInputException e) {
            return e;
        }
        throw new AssertionError("expected bad input for " + name);
    }

    @Test
    void readsEveryFieldOfTheDocumentedExample() throws IOException {
        Path f = write("full.yaml", HEAD + """
                  - id: checkout-api-eu-west-1
                    kind: service
                    tier: 0
                    owner: team-checkout
                    system: shop
                    region: eu-west-1
                    zones: [eu-west-1a, eu-west-1b, eu-west-1c]
                    cell: ""
                    group: checkout-api
                    stateful: false
                    capacity: 3000
                    peakLoad: 1800
                    replicas: 6
                    trafficWeight: 0
                    labels: {app: checkout-api, version: 2}
                    resources:
                      terraform: ["module.shop_us_east_1.aws_ecs_service.checkout_api"]
                      kubernetes:
                        - {kind: Deployment, namespace: shop, name: checkout-api}
                        - {kind: Deployment, namespace: shop, selector: {app: checkout}}
                    dependsOn:
                      - orders-db-eu-west-1
                      - {id: order-events-eu-west-1, type: async}
                  - {id: orders-db-eu-west-1, kind: datastore, zone: eu-west-1a}
                  - {id: order-events-eu-west-1, kind: queue, trafficWeight: 0.5}
                edges:
                  - {from: order-events-eu-west-1, to: orders-db-eu-west-1, type: soft}
                """);
        EstateLoad load = reader.load(List.of(f));
        assertThat(load.problems()).isEmpty();
        Estate e = load.estate();
        assertThat(e.name()).isEqualTo("t");
        assertThat(e.nodeCount()).isEqualTo(3);
        int c = e.indexOf("checkout-api-eu-west-1");
        assertThat(e.kind(c)).isEqualTo(NodeKind.SERVICE);
        assertThat(e.tier(c)).isZero();
        assertThat(e.owner(c)).isEqualTo("team-checkout");
        assertThat(e.system(c)).isEqualTo("shop");
        assertThat(e.region(c)).isEqualTo("eu-west-1");
        assertThat(e.zones(c)).containsExactly("eu-west-1a", "eu-west-1b", "eu-west-1c");
        assertThat(e.group(c)).isEqualTo("checkout-api");
        assertThat(e.stateful(c)).isFalse();
        assertThat(e.capacity(c)).isEqualTo(3000);
        assertThat(e.peakLoad(c)).isEqualTo(1800);
        assertThat(e.replicas(c)).isEqualTo(6);
        assertThat(e.labels(c)).isEqualTo(Map.of("app", "checkout-api", "version", "2"));
        assertThat(e.selectors(c)).containsExactlyInAnyOrder(
                new ResourceSelector.TerraformAddress("module.shop_us_east_1.aws_ecs_service.checkout_api"),
                new ResourceSelector.KubernetesObject("Deployment", "shop", "checkout-api"),
                new ResourceSelector.KubernetesLabels("Deployment", "shop", Map.of("app", "checkout")));
        int db = e.indexOf("orders-db-eu-west-1");
        assertThat(e.stateful(db)).as("datastores are stateful by default").isTrue();
        assertThat(e.tier(db)).as("default tier").isEqualTo(3);
        assertThat(e.zones(db)).containsExactly("eu-west-1a");
        assertThat(Double.isNaN(e.capacity(db))).isTrue();
        int q = e.indexOf("order-events-eu-west-1");
        assertThat(e.stateful(q)).isFalse();
        assertThat(e.trafficWeight(q)).isEqualTo(0.5);
        assertThat(edges(e)).containsExactlyInAnyOrder(
                "checkout-api-eu-west-1->orders-db-eu-west-1:HARD",
                "checkout-api-eu-west-1->order-events-eu-west-1:ASYNC",
                "order-events-eu-west-1->orders-db-eu-west-1:SOFT");
        assertThat(e.resources().kubernetes("Deployment", "shop", "checkout-v2", Map.of("app", "checkout")))
                .containsExactly(c);
    }

    static List<String> edges(Estate e) {
        List<String> out = new java.util.ArrayList<>();
        for (int i = 0; i < e.nodeCount(); i++) {
            for (int k = e.dependenciesStart(i); k < e.dependenciesEnd(i); k++) {
                out.add(e.id(i) + "->" + e.id(e.dependencyAt(k)) + ":" + e.dependencyTypeAt(k));
            }
        }
        return out;
    }

    @Test
    void malformedYamlNamesTheLine() throws IOException {
        BadInputException e = badInput("bad.yaml", HEAD + """
                  - id: a
                    kind: service
                    labels: {app: [unclosed
                  - id: b
                """);
        BadInputException.Problem last = e.problems().getLast();
        assertThat(last.where().file()).endsWith("bad.yaml");
        assertThat(last.where().line()).isEqualTo(8);
        assertThat(last.message()).startsWith("malformed YAML");
    }

    @Test
    void malformedJsonNamesTheLine() throws IOException {
        BadInputException e = badInput("bad.json", """
                {"apiVersion": "blastwall.io/v1", "kind": "Estate",
                 "nodes": [
                   {"id": "a", "kind": "service",}
                 ]}
                """);
        assertThat(e.problems().getFirst().where().line()).isEqualTo(3);
        assertThat(e.getMessage()).contains("malformed JSON");
    }

    @Test
    void wrongTypesAreReportedWithLineAndPath() throws IOException {
        BadInputException e = badInput("types.yaml", HEAD + """
                  - id: a
                    kind: service
                    tier: zero
                    zones: eu-west-1a
                    stateful: "yes"
                    capacity: -1
                    replicas: 2.5
                    labels: [x]
                    dependsOn: b
                """);
        assertThat(e.problems()).extracting(p -> p.where().path()).containsExactly(
                "$.nodes[0].tier", "$.nodes[0].stateful", "$.nodes[0].capacity", "$.nodes[0].replicas",
                "$.nodes[0].labels", "$.nodes[0].dependsOn");
        assertThat(e.problems()).extracting(p -> p.where().line()).containsExactly(7, 9, 10, 11, 12, 13);
        assertThat(e.problems().getFirst().message()).isEqualTo("expected a tier 0..3 (0 most critical), found a string");
        assertThat(e.problems().get(1).message()).isEqualTo("expected true or false, found a string");
    }

    @Test
    void unknownKindListsTheKnownOnes() throws IOException {
        BadInputException e = badInput("kind.yaml", HEAD + "  - {id: a, kind: servce}\n");
        assertThat(e.problems()).hasSize(1);
        assertThat(e.problems().getFirst().where().path()).isEqualTo("$.nodes[0].kind");
        assertThat(e.problems().getFirst().where().line()).isEqualTo(5);
        assertThat(e.getMessage()).contains("unknown kind 'servce'").contains(NodeKind.expected());
    }

    @Test
    void tierSevenIsOutOfRange() throws IOException {
        BadInputException e = badInput("tier.yaml", HEAD + """
                  - {id: a, kind: service}
                  - id: b
                    kind: service
                    tier: 7
                """);
        assertThat(e.problems()).hasSize(1);
        BadInputException.Problem p = e.problems().getFirst();
        assertThat(p.where().path()).isEqualTo("$.nodes[1].tier");
        assertThat(p.where().line()).isEqualTo(8);
        assertThat(p.message()).contains("0..3").contains("7");
        assertThat(e.getMessage()).startsWith(p.where().file() + ":8");
    }

    @Test
    void unknownFieldsAreRefused() throws IOException {
        BadInputException e = badInput("typo.yaml", HEAD + """
                  - id: a
                    kind: service
                    dependOn: [b]
                """);
        assertThat(e.problems()).hasSize(1);
        assertThat(e.problems().getFirst().where().path()).isEqualTo("$.nodes[0].dependOn");
        assertThat(e.getMessage()).contains("unknown field 'dependOn'").contains("dependsOn");
    }

    @Test
    void unknownTopLevelAndResourceFieldsAreRefused() throws IOException {
        BadInputException e = badInput("typo2.yaml", HEAD + """
                  - id: a
                    kind: service
                    resources: {terrafrom: [x], kubernetes: [{kind: Deployment, nmae: a}]}
                nodez: []
                """);
        assertThat(e.problems()).extracting(p -> p.where().path()).containsExactly(
                "$.nodes[0].resources.terrafrom", "$.nodes[0].resources.kubernetes[0].nmae", "$.nodez");
    }

    @Test
    void requiredFieldsAndConflicts() throws IOException {
        BadInputException e = badInput("req.yaml", HEAD + """
                  - {kind: service}
                  - {id: b}
                  - {id: c, kind: service, zone: z1, zones: [z2]}
                  - {id: null, kind: service}
                """);
        assertThat(e.problems()).extracting(BadInputException.Problem::message).containsExactly(
                "missing required field 'id'",
                "missing required field 'kind'; expected one of: " + NodeKind.expected(),
                "give either 'zones' or 'zone', not both",
                "expected a non-empty string, found null");
        assertThat(e.problems()).extracting(p -> p.where().path())
                .containsExactly("$.nodes[0]", "$.nodes[1]", "$.nodes[2]", "$.nodes[3].id");
    }

    @Test
    void allProblemsOfAFileAreReportedTogetherAndCapped() throws IOException {
        StringBuilder sb = new StringBuilder(HEAD);
        for (int i = 0; i < 80; i++) sb.append("  - {id: n").append(i).append(", kind: service, tier: 9}\n");
        BadInputException e = badInput("many.yaml", sb.toString());
        assertThat(e.problems()).hasSize(51);
        assertThat(e.problems().get(49).where().path()).isEqualTo("$.nodes[49].tier");
        assertThat(e.problems().get(50).message()).isEqualTo("... and 30 more problems not shown");
    }

    @Test
    void problemsOfSeveralFilesAreReportedTogether() throws IOException {
        Path a = write("a.yaml", HEAD + "  - {id: a, kind: servce}\n");
        Path b = write("b.json", "{\"apiVersion\": \"blastwall.io/v1\", \"kind\": \"Estate\", \"nodes\": [{\"id\": \"b\", \"kind\": \"service\", \"tier\": -1}]}");
        assertThatThrownBy(() -> reader.load(List.of(a, b)))
                .isInstanceOfSatisfying(BadInputException.class, e -> assertThat(e.problems())
                        .extracting(p -> p.where().file() + " " + p.where().path())
                        .containsExactly(a + " $.nodes[0].kind", b + " $.nodes[0].tier"));
    }

    @Test
    void wrongApiVersionAndKindAreRefusedWithAHintForBackstage() throws IOException {
        BadInputException e = badInput("bs.yaml", """
                apiVersion: backstage.io/v1alpha1
                kind: Component
                metadata: {name: a}
                spec: {type: service}
                """);
        assertThat(e.getMessage()).contains("unsupported apiVersion 'backstage.io/v1alpha1'").contains("--backstage")
                .contains("unsupported kind 'Component'").contains("unknown field 'spec'");
        BadInputException missing = badInput("missing.yaml", "metadata: {name: x}\nnodes: []\n");
        assertThat(missing.problems()).extracting(BadInputException.Problem::message)
                .anySatisfy(m -> assertThat(m).startsWith("missing required field 'apiVersion'"))
                .anySatisfy(m -> assertThat(m).startsWith("missing required field 'kind'"));
    }

    @Test
    void duplicateIdsAcrossTwoFilesAreProblemsNamingBothPlaces() throws IOException {
        Path a = write("one.yaml", HEAD + "  - {id: shared, kind: service}\n  - {id: a, kind: service, dependsOn: [shared]}\n");
        Path b = write("two.yaml", HEAD + "  - {id: b, kind: service, dependsOn: [a]}\n  - {id: shared, kind: datastore}\n");
        EstateLoad load = reader.load(List.of(a, b));
        assertThat(load.estate().nodeCount()).as("ids are merged across files").isEqualTo(3);
        assertThat(load.problems()).hasSize(1);
        EstateProblem p = load.problems().getFirst();
        assertThat(p.code()).isEqualTo("duplicate-id");
        assertThat(p.severity()).isEqualTo(EstateProblem.Severity.ERROR);
        assertThat(p.where().file()).isEqualTo(b.toString());
        assertThat(p.where().line()).isEqualTo(6);
        assertThat(p.message()).contains(a + ":5");
        assertThatThrownBy(() -> reader.loadStrict(List.of(a, b))).isInstanceOf(BadInputException.class)
                .hasMessageContaining("two.yaml:6").hasMessageContaining("[duplicate-id]");
    }

    @Test
    void danglingEdgeIsReportedAtTheLineOfTheEdge() throws IOException {
        Path f = write("dangling.yaml", HEAD + """
                  - id: a
                    kind: service
                    dependsOn:
                      - b
                      - {id: ghost, type: soft}
                  - {id: b, kind: service}
                edges:
                  - {from: b, to: phantom}
                """);
        EstateLoad load = reader.load(List.of(f));
        assertThat(load.problems()).extracting(EstateProblem::code).containsExactly("dangling-edge", "dangling-edge");
        assertThat(load.problems()).extracting(p -> p.where().line()).containsExactly(9, 12);
        assertThat(load.problems().getFirst().message()).contains("'ghost'");
        assertThat(load.estate().edgeCount()).isEqualTo(1);
    }

    @Test
    void emptyEstateIsAProblemAndEmptyFileIsBadInput() throws IOException {
        Path f = write("empty.yaml", HEAD.replace("nodes:\n", "nodes: []\n"));
        EstateLoad load = reader.load(List.of(f));
        assertThat(load.problems()).extracting(EstateProblem::code).containsExactly("empty-estate");
        assertThat(load.hasErrors()).isTrue();
        assertThatThrownBy(() -> reader.loadStrict(List.of(f))).isInstanceOf(BadInputException.class)
                .hasMessageContaining("[empty-estate]");
        BadInputException e = badInput("nothing.yaml", "# only a comment\n");
        assertThat(e.getMessage()).contains("file is empty");
    }

    @Test
    void unknownDependencyTypeAndBadEdges() throws IOException {
        BadInputException e = badInput("edges.yaml", HEAD + """
                  - id: a
                    kind: service
                    dependsOn: [{id: b, type: weak}, {type: soft}, 3]
                edges:
                  - {from: a}
                  - {from: a, to: b, kind: hard}
                """);
        assertThat(e.problems()).extracting(BadInputException.Problem::message).containsExactly(
                "unknown dependency type 'weak'; expected one of: hard, soft, async",
                "missing required field 'id' of the dependency",
                "expected a node id or {id, type}, found a number",
                "an edge needs both 'from' (the dependent node) and 'to' (the node it depends on)",
                "unknown field 'kind'; expected one of: from, to, type");
    }

    @Test
    void jsonAfterTheDocumentAndMissingFilesAreBadInput() throws IOException {
        BadInputException e = badInput("two.json", "{\"apiVersion\": \"blastwall.io/v1\", \"kind\": \"Estate\", \"nodes\": [{\"id\": \"a\", \"kind\": \"dns\"}]}\n{}");
        assertThat(e.getMessage()).contains("unexpected content after the end of the JSON document");
        assertThatThrownBy(() -> reader.load(List.of(dir.resolve("absent.yaml"))))
                .isInstanceOf(BadInputException.class).hasMessageContaining("no such file");
    }

    @Test
    void filesOverTwoGibibytesAreRefusedBeforeReading() throws IOException {
        Path big = dir.resolve("huge.json");
        try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
            f.setLength(EstateFileReader.MAX_FILE_BYTES + 1); // sparse: takes no disk space
        }
        assertThatThrownBy(() -> reader.load(List.of(big))).isInstanceOf(BadInputException.class)
                .hasMessageContaining("huge.json").hasMessageContaining("limited to 2048 MiB");
    }

    @Test
    void severalYamlDocumentsInOneFileMerge() throws IOException {
        Path f = write("multi.yaml", HEAD + "  - {id: a, kind: service, dependsOn: [b]}\n---\n" + HEAD
                + "  - {id: b, kind: datastore}\n");
        EstateLoad load = reader.load(List.of(f));
        assertThat(load.problems()).isEmpty();
        assertThat(edges(load.estate())).containsExactly("a->b:HARD");
    }

    @Test
    void detectsTheFormatFromTheFirstDocument() throws IOException {
        assertThat(EstateFormat.detect(write("x.yaml", HEAD + "  - {id: a, kind: dns}\n"))).isEqualTo(EstateFormat.BLASTWALL);
        assertThat(EstateFormat.detect(write("y.json", "{\"nodes\": [], \"kind\": \"Estate\", \"apiVersion\": \"blastwall.io/v1\"}")))
                .isEqualTo(EstateFormat.BLASTWALL);
        assertThat(EstateFormat.detect(write("c.yaml", "---\napiVersion: backstage.io/v1alpha1\nkind: Location\n")))
                .isEqualTo(EstateFormat.BACKSTAGE);
        assertThatThrownBy(() -> EstateFormat.detect(write("k.yaml", "apiVersion: v1\nkind: ConfigMap\n")))
                .isInstanceOf(BadInputException.class).hasMessageContaining("not an estate source");
    }

    @Test
    void edgeTypeOfARepeatedDependencyIsTheStrongest() throws IOException {
        Path f = write("rep.yaml", HEAD + """
                  - {id: a, kind: service, dependsOn: [{id: b, type: soft}]}
                  - {id: b, kind: service}
                edges: [{from: a, to: b}]
                """);
        EstateLoad load = reader.load(List.of(f));
        assertThat(edges(load.estate())).containsExactly("a->b:" + EdgeType.HARD);
    }
}
