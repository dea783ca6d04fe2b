package io.blastwall.formats.backstage;

import io.blastwall.core.BadInputException;
import io.blastwall.core.estate.EdgeType;
import io.blastwall.core.estate.Estate;
import io.blastwall.core.estate.EstateProblem;
import io.blastwall.core.estate.NodeKind;
import io.blastwall.formats.estate.EstateLoad;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BackstageCatalogReaderTest {

    @TempDir
    Path dir;

    private final BackstageCatalogReader reader = new BackstageCatalogReader();

    private EstateLoad load(String text) throws IOException {
        Path f = dir.resolve("catalog-info.yaml");
        Files.writeString(f, text);
        return reader.load(List.of(f));
    }

    private BadInputException bad(String text) throws IOException {
        try {
            load(text);
        } catch (BadInputException e) {
            return e;
        }
        throw new AssertionError("expected bad input");
    }

    static List<String> edges(Estate e) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < e.nodeCount(); i++) {
            for (int k = e.dependenciesStart(i); k < e.dependenciesEnd(i); k++) {
                out.add(e.id(i) + " -> " + e.id(e.dependencyAt(k)) + " " + e.dependencyTypeAt(k).externalName());
            }
        }
        return out;
    }

    static Path example() {
        Path root = Path.of(System.getProperty("blastwall.root", ".."));
        Path f = root.resolve("examples/backstage/catalog-info.yaml");
        return Files.exists(f) ? f : Path.of("../examples/backstage/catalog-info.yaml");
    }

    @Test
    void theExampleCatalogImportsTheShopSlice() {
        EstateLoad load = reader.load(List.of(example()));
        assertThat(load.problems()).isEmpty();
        assertThat(load.notes()).hasSize(2);
        assertThat(load.notes().getFirst()).contains("Location 'shop-catalog' skipped");
        assertThat(load.notes().get(1)).isEqualTo("skipped entities that are not runtime components: 3 Group");
        Estate e = load.estate();
        assertThat(e.name()).isEqualTo("shop");
        assertThat(e.nodeCount()).isEqualTo(9);
        assertThat(edges(e)).containsExactlyInAnyOrder(
                "component:default/web-eu-west-1 -> resource:default/session-cache-eu-west-1 hard",
                "component:default/web-eu-west-1 -> component:default/feature-flags soft",
                "component:default/checkout-api-eu-west-1 -> component:default/payments-api-eu-west-1 hard",
                "component:default/checkout-api-eu-west-1 -> resource:default/orders-db-eu-west-1 hard",
                "component:default/checkout-api-eu-west-1 -> resource:default/order-events-eu-west-1 async",
                "component:default/checkout-api-eu-west-1 -> resource:default/session-cache-eu-west-1 soft",
                "component:default/checkout-api-eu-west-1 -> component:default/feature-flags soft",
                "component:default/payments-api-eu-west-1 -> resource:default/payments-db-eu-west-1 hard",
                "component:default/payments-api-eu-west-1 -> resource:default/psp-gateway hard");
        int co = e.indexOf("component:default/checkout-api-eu-west-1");
        assertThat(e.kind(co)).isEqualTo(NodeKind.SERVICE);
        assertThat(e.tier(co)).isZero();
        assertThat(e.owner(co)).isEqualTo("team-checkout");
        assertThat(e.system(co)).isEqualTo("shop");
        assertThat(e.region(co)).isEqualTo("eu-west-1");
        assertThat(e.zones(co)).containsExactly("eu-west-1a", "eu-west-1b", "eu-west-1c");
        assertThat(e.group(co)).isEqualTo("checkout-api");
        assertThat(e.capacity(co)).isEqualTo(3000);
        assertThat(e.peakLoad(co)).isEqualTo(1800);
        assertThat(e.replicas(co)).isEqualTo(6);
        assertThat(e.labels(co)).isEqualTo(Map.of("app", "checkout-api"));
        assertThat(e.owner(e.indexOf("component:default/payments-api-eu-west-1"))).isEqualTo("team-payments");
        int db = e.indexOf("resource:default/orders-db-eu-west-1");
        assertThat(e.kind(db)).isEqualTo(NodeKind.DATASTORE);
        assertThat(e.stateful(db)).isTrue();
        assertThat(e.kind(e.indexOf("resource:default/session-cache-eu-west-1"))).isEqualTo(NodeKind.CACHE);
        int q = e.indexOf("resource:default/order-events-eu-west-1");
        assertThat(e.kind(q)).isEqualTo(NodeKind.QUEUE);
        assertThat(e.stateful(q)).isTrue();
        assertThat(e.kind(e.indexOf("resource:default/psp-gateway"))).isEqualTo(NodeKind.GATEWAY);
        assertThat(e.resources().terraform("module.shop_eu_west_1.aws_db_instance.orders")).containsExactly(db);
        assertThat(e.resources().kubernetes("Deployment", "shop", "checkout-api", Map.of())).containsExactly(co);
        assertThat(e.resources().kubernetes("Pod", "shop", "checkout-api-7d9f", Map.of("backstage.io/kubernetes-id", "checkout-api")))
                .as("the Kubernetes plugin's label, restricted to backstage.io/kubernetes-namespace").containsExactly(co);
        assertThat(e.resources().kubernetes("Pod", "other", "x", Map.of("backstage.io/kubernetes-id", "checkout-api"))).isEmpty();
        assertThat(e.resources().kubernetes("Pod", "any", "web-1", Map.of("backstage.io/kubernetes-id", "web")))
                .containsExactly(e.indexOf("component:default/web-eu-west-1"));
    }

    private static final String HEAD = "apiVersion: backstage.io/v1alpha1\n";

    @Test
    void referencesAreNormalisedTheBackstageWay() {
        assertThat(EntityRef.parse("Checkout-API", "component", "default").id()).isEqualTo("component:default/checkout-api");
        assertThat(EntityRef.parse("Resource:Prod/Orders-DB", null, "default").id()).isEqualTo("resource:prod/orders-db");
        assertThat(EntityRef.parse("payments", "api", "shop").id()).isEqualTo("api:shop/payments");
        assertThat(EntityRef.parse("shop/x", null, "default").kind()).isNull();
        assertThat(EntityRef.parse("group:default/team-a", "group", "default").humanize("group")).isEqualTo("team-a");
        assertThat(EntityRef.parse("user:jane", "group", "default").humanize("group")).isEqualTo("user:jane");
        assertThat(EntityRef.parse("team-a", "group", "ops").humanize("group")).isEqualTo("ops/team-a");
        assertThatThrownBy(() -> EntityRef.parse(":x", null, "default")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EntityRef.parse("a/b/c", null, "default")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void namespacesDefaultToTheReferringEntitysAndKindlessDependenciesTryComponentThenResource() throws IOException {
        EstateLoad load = load(HEAD + """
                kind: Component
                metadata: {name: A, namespace: Team1}
                spec: {type: service, owner: x, dependsOn: [b, c, default/d, resource:default/d]}
                ---
                apiVersion: backstage.io/v1beta1
                kind: Resource
                metadata: {name: b, namespace: team1}
                spec: {type: postgres, owner: x}
                ---
                apiVersion: backstage.io/v1alpha1
                kind: Component
                metadata: {name: c, namespace: team1}
                spec: {type: library, owner: x}
                ---
                apiVersion: backstage.io/v1alpha1
                kind: Resource
                metadata: {name: c, namespace: team1}
                spec: {type: s3-bucket, owner: x}
                ---
                apiVersion: backstage.io/v1alpha1
                kind: Resource
                metadata: {name: d}
                spec: {type: kafka-topic, owner: x}
                """);
        assertThat(load.problems()).isEmpty();
        Estate e = load.estate();
        assertThat(edges(e)).containsExactlyInAnyOrder(
                "component:team1/a -> resource:team1/b hard",
                "component:team1/a -> component:team1/c hard",
                "component:team1/a -> resource:default/d hard");
        assertThat(e.kind(e.indexOf("resource:team1/b"))).isEqualTo(NodeKind.DATASTORE);
        assertThat(e.kind(e.indexOf("component:team1/c"))).isEqualTo(NodeKind.OTHER);
        assertThat(e.kind(e.indexOf("resource:team1/c"))).isEqualTo(NodeKind.STORAGE);
        assertThat(e.kind(e.indexOf("resource:default/d"))).isEqualTo(NodeKind.QUEUE);
    }

    @Test
    void consumedApisBecomeEdgesToTheirProvidersAndUnprovidedApisAreWarnings() throws IOException {
        EstateLoad load = load(HEAD + """
                kind: Component
                metadata: {name: web}
                spec:
                  type: website
                  owner: x
                  consumesApis: [orders, api:default/weather]
                ---
                apiVersion: backstage.io/v1alpha1
                kind: Component
                metadata: {name: orders-v1}
                spec: {type: service, owner: x, providesApis: [orders]}
                ---
                apiVersion: backstage.io/v1alpha1
                kind: Component
                metadata: {name: orders-v2}
                spec: {type: service, owner: x, providesApis: [api:orders]}
                """);
        assertThat(edges(load.estate())).containsExactlyInAnyOrder(
                "component:default/web -> component:default/orders-v1 hard",
                "component:default/web -> component:default/orders-v2 hard");
        assertThat(load.problems()).singleElement().satisfies(p -> {
            assertThat(p.code()).isEqualTo("unresolved-api");
            assertThat(p.severity()).isEqualTo(EstateProblem.Severity.WARNING);
            assertThat(p.where().line()).isEqualTo(7);
        });
    }

    @Test
    void aDependedOnSystemBecomesANodeThatNeedsItsMembers() throws IOException {
        EstateLoad load = load(HEAD + """
                kind: System
                metadata: {name: payments}
                spec: {owner: team-p}
                ---
                apiVersion: backstage.io/v1alpha1
                kind: Component
                metadata: {name: pay}
                spec: {type: service, owner: team-p, system: payments}
                ---
                apiVersion: backstage.io/v1alpha1
                kind: Resource
                metadata: {name: pay-db}
                spec: {type: database, owner: team-p, system: payments, dependencyOf: [component:pay]}
                ---
                apiVersion: backstage.io/v1alpha1
                kind: Component
                metadata: {name: shop}
                spec: {type: service, owner: team-s, dependsOn: [system:payments]}
                """);
        assertThat(load.problems()).isEmpty();
        Estate e = load.estate();
        assertThat(edges(e)).containsExactlyInAnyOrder(
                "component:default/shop -> system:default/payments hard",
                "system:default/payments -> component:default/pay hard",
                "system:default/payments -> resource:default/pay-db hard",
                "component:default/pay -> resource:default/pay-db hard");
        int sys = e.indexOf("system:default/payments");
        assertThat(e.kind(sys)).isEqualTo(NodeKind.OTHER);
        assertThat(e.owner(sys)).isEqualTo("team-p");
        assertThat(e.system(e.indexOf("component:default/pay"))).isEqualTo("payments");
    }

    @Test
    void edgeTypesAnnotationOverridesAndRefusesReferencesThatAreNoDependency() throws IOException {
        EstateLoad load = load(HEAD + """
                kind: Component
                metadata:
                  name: a
                  annotations:
                    blastwall.io/edge-types: "search=soft, resource:default/queue=async"
                spec: {type: service, owner: x, dependsOn: [component:search, resource:queue]}
                ---
                apiVersion: backstage.io/v1alpha1
                kind: Component
                metadata: {name: search}
                spec: {type: service, owner: x}
                ---
                apiVersion: backstage.io/v1alpha1
                kind: Resource
                metadata: {name: queue}
                spec: {type: queue, owner: x}
                """);
        assertThat(edges(load.estate())).containsExactlyInAnyOrder(
                "component:default/a -> component:default/search soft",
                "component:default/a -> resource:default/queue async");
        BadInputException e = bad(HEAD + """
                kind: Component
                metadata:
                  name: a
                  annotations:
                    blastwall.io/edge-types: "component:serch=soft"
                spec: {type: service, owner: x}
                """);
        assertThat(e.getMessage()).contains("'component:default/serch' is not among the dependencies of component:default/a");
        assertThat(e.problems().getFirst().where().line()).isEqualTo(6);
    }

    @Test
    void badAnnotationValuesNameFileLineAndPath() throws IOException {
        BadInputException e = bad(HEAD + """
                kind: Component
                metadata:
                  name: a
                  annotations:
                    blastwall.io/tier: "7"
                    blastwall.io/capacity: lots
                    blastwall.io/stateful: maybe
                    blastwall.io/kubernetes: Deployment
                    blastwall.io/tiers: "1"
                    blastwall.io/kind: spaceship
                spec: {type: service, owner: x}
                """);
        assertThat(e.problems()).extracting(p -> p.where().line() + " " + p.where().path()).containsExactly(
                "10 $.metadata.annotations.blastwall.io/tiers",
                "11 $.metadata.annotations.blastwall.io/kind",
                "6 $.metadata.annotations.blastwall.io/tier",
                "8 $.metadata.annotations.blastwall.io/stateful",
                "7 $.metadata.annotations.blastwall.io/capacity",
                "9 $.metadata.annotations.blastwall.io/kubernetes");
        assertThat(e.problems().get(2).where().file()).endsWith("catalog-info.yaml");
        assertThat(e.getMessage()).contains("bad annotation blastwall.io/tier: expected a tier 0..3")
                .contains("unknown annotation 'blastwall.io/tiers'");
    }

    @Test
    void danglingKindlessDependencyAndDuplicateEntitiesAreErrors() throws IOException {
        EstateLoad load = load(HEAD + """
                kind: Component
                metadata: {name: a}
                spec:
                  type: service
                  owner: x
                  dependsOn:
                    - ghost
                    - resource:phantom
                ---
                apiVersion: backstage.io/v1alpha1
                kind: Component
                metadata: {name: A}
                spec: {type: service, owner: y}
                """);
        assertThat(load.problems()).extracting(p -> p.code() + "@" + p.where().line()).containsExactlyInAnyOrder(
                "duplicate-id@11", "dangling-edge@8", "dangling-edge@9");
        assertThat(load.hasErrors()).isTrue();
        assertThat(load.estate().nodeCount()).isEqualTo(1);
    }

    @Test
    void unsupportedLabelSelectorsAreWarningsAndEqualitySelectorsMap() throws IOException {
        EstateLoad load = load(HEAD + """
                kind: Component
                metadata:
                  name: a
                  annotations:
                    backstage.io/kubernetes-label-selector: "app=a,tier==front"
                spec: {type: service, owner: x}
                ---
                apiVersion: backstage.io/v1alpha1
                kind: Component
                metadata:
                  name: b
                  annotations:
                    backstage.io/kubernetes-label-selector: "app in (b, c)"
                spec: {type: service, owner: x}
                """);
        assertThat(load.problems()).singleElement().satisfies(p -> assertThat(p.code()).isEqualTo("unsupported-selector"));
        Estate e = load.estate();
        assertThat(e.resources().kubernetes("Deployment", "ns", "x", Map.of("app", "a", "tier", "front")))
                .containsExactly(e.indexOf("component:default/a"));
    }

    @Test
    void documentsOfOtherFormatsAndMissingNamesAreRefused() throws IOException {
        BadInputException e = bad("""
                apiVersion: blastwall.io/v1
                kind: Estate
                metadata: {name: a}
                ---
                apiVersion: backstage.io/v1alpha1
                kind: Component
                metadata: {title: a}
                """);
        assertThat(e.problems()).extracting(p -> p.where().line() + " " + p.message()).containsExactly(
                "1 unsupported apiVersion for a Backstage catalog; expected backstage.io/v1alpha1 or backstage.io/v1beta1",
                "7 missing required field 'name'");
    }

    @Test
    void kindMappingFollowsTheDocumentedTable() {
        assertThat(EntityMapper.componentKind("service")).isEqualTo(NodeKind.SERVICE);
        assertThat(EntityMapper.componentKind("website")).isEqualTo(NodeKind.SERVICE);
        assertThat(EntityMapper.componentKind("batch-job")).isEqualTo(NodeKind.SERVICE);
        assertThat(EntityMapper.componentKind("function")).isEqualTo(NodeKind.FUNCTION);
        assertThat(EntityMapper.resourceKind("database")).isEqualTo(NodeKind.DATASTORE);
        assertThat(EntityMapper.resourceKind("aws-rds")).isEqualTo(NodeKind.DATASTORE);
        assertThat(EntityMapper.resourceKind("redis")).isEqualTo(NodeKind.CACHE);
        assertThat(EntityMapper.resourceKind("kafka-topic")).isEqualTo(NodeKind.QUEUE);
        assertThat(EntityMapper.resourceKind("s3-bucket")).isEqualTo(NodeKind.STORAGE);
        assertThat(EntityMapper.resourceKind("eks-cluster")).isEqualTo(NodeKind.CLUSTER);
        assertThat(EntityMapper.resourceKind("something")).isEqualTo(NodeKind.OTHER);
        assertThat(EdgeType.parse("async")).contains(EdgeType.ASYNC);
    }
}
