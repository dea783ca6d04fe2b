package io.blastwall.formats.kubernetes;

import io.blastwall.core.BadInputException;
import io.blastwall.core.change.Action;
import io.blastwall.core.change.Change;
import io.blastwall.core.change.Provenance;
import io.blastwall.core.change.ResourceRef;
import io.blastwall.formats.TestSupport;
import io.blastwall.formats.doc.Documents;
import io.blastwall.formats.doc.LocatedDocument;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.blastwall.formats.TestSupport.lines;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KubernetesManifestReaderTest {

    private static List<LocatedDocument> docs(String resource) {
        return Documents.read(TestSupport.resource("kubernetes/" + resource));
    }

    private static List<LocatedDocument> yaml(String text) {
        return Documents.parse("inline.yaml", text);
    }

    private static Change apply(boolean prune) {
        return KubernetesManifestReader.read(docs("desired.yaml"), Optional.of(docs("current.yaml")), prune);
    }

    @Test
    void comparesDesiredWithLiveObjects() {
        assertThat(lines(apply(false))).containsExactly(
                "Namespace/shop no-op",
                "Deployment/shop/checkout-api scale spec.replicas 6->2",
                "Deployment/shop/checkout-api config spec.template.spec.containers[0].env[0].value,spec.template.spec.containers[0].image",
                "ConfigMap/shop/feature-flags config data.legacy-cart,data.new-checkout",
                "Service/shop/checkout-api no-op",
                "Secret/shop/orders-db config data.password",
                "Deployment/shop/recommendations create",
                "Ingress/shop/shop update metadata.annotations[\"nginx.ingress.kubernetes.io/proxy-read-timeout\"]",
                "ClusterRole/shop-reader no-op");
    }

    @Test
    void pruneDeletesLiveObjectsNoManifestNames() {
        Change c = apply(true);
        Action last = c.actions().getLast();
        assertThat(TestSupport.line(last)).isEqualTo("Deployment/shop/legacy-cart delete");
        assertThat(last.where().file()).endsWith("current.yaml");
        assertThat(last.where().path()).isEqualTo("$.items[7]");
        assertThat(c.hash()).isNotEqualTo(apply(false).hash());
    }

    @Test
    void targetsAreKubernetesReferencesWithLabelsAndNoNodes() {
        Change c = apply(false);
        assertThat(c.source()).isEqualTo("kubernetes");
        assertThat(c.author()).isEqualTo(Provenance.UNKNOWN);
        Action scale = c.actions().get(1);
        assertThat(scale.target()).isEqualTo(new ResourceRef.Kubernetes("apps/v1", "Deployment", "shop", "checkout-api", Map.of("app", "checkout-api")));
        assertThat(scale.type()).isEqualTo("Deployment");
        assertThat(scale.where().line()).isEqualTo(7);
        assertThat(c.actions().getLast().target()).isEqualTo(new ResourceRef.Kubernetes(
                "rbac.authorization.k8s.io/v1", "ClusterRole", "", "shop-reader", Map.of()));
        assertThat(c.actions()).allSatisfy(a -> assertThat(a.nodes()).isEmpty());
    }

    @Test
    void secretValuesAreNeverKept() {
        Change c = apply(true);
        Action secret = c.actions().get(5);
        assertThat(secret.attributes()).containsEntry("sensitivePaths", List.of("data.password"));
        String all = TestSupport.serialise(c) + c;
        assertThat(all).doesNotContain("s3cr3t-NEW-value").doesNotContain("old-secret-value")
                .doesNotContain("b2xkLXNlY3JldC12YWx1ZQ==").doesNotContain("czNjcjN0LU5FVy12YWx1ZQ==");
    }

    @Test
    void withoutCurrentObjectsEveryObjectIsAnUpdateOfUnknownExtent() {
        Change c = KubernetesManifestReader.read(docs("desired.yaml"), Optional.empty(), false);
        assertThat(c.actions()).hasSize(8).allSatisfy(a -> {
            assertThat(TestSupport.line(a)).endsWith(" update *");
            assertThat(a.attributes()).containsEntry("currentState", "unknown");
        });
        assertThat(c.notes()).singleElement().asString().contains("no current objects");
        assertThat(c.hash()).isEqualTo(apply(false).hash());
    }

    @Test
    void missingReplicasCountAsOne() {
        Change c = KubernetesManifestReader.read(yaml("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: w, namespace: shop}
                spec: {template: {spec: {containers: [{name: a, image: x}]}}}
                """), Optional.of(yaml("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: w, namespace: shop}
                spec: {replicas: 3, template: {spec: {containers: [{name: a, image: x}]}}}
                """)), false);
        assertThat(lines(c)).containsExactly("Deployment/shop/w scale spec.replicas 3->1");
    }

    @Test
    void otherSpecChangesAreUpdates() {
        Change c = KubernetesManifestReader.read(yaml("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: w, labels: {app: w, tier: "2"}}
                spec: {replicas: 3, strategy: {type: Recreate}}
                """), Optional.of(yaml("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: w, namespace: default, labels: {app: w}}
                spec: {replicas: 3, strategy: {type: RollingUpdate}}
                """)), false);
        assertThat(lines(c)).containsExactly("Deployment/default/w update metadata.labels.tier,spec.strategy.type");
    }

    @Test
    void deleteAnnotationMakesADelete() {
        Change c = KubernetesManifestReader.read(yaml("""
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: old-flags
                  namespace: shop
                  annotations: {blastwall.io/action: delete}
                """), Optional.empty(), false);
        assertThat(lines(c)).containsExactly("ConfigMap/shop/old-flags delete");
        assertThat(c.actions().getFirst().reason()).contains("blastwall.io/action");
        assertThatThrownBy(() -> KubernetesManifestReader.read(yaml("""
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: x, annotations: {blastwall.io/action: destroy}}
                """), Optional.empty(), false)).hasMessageContaining("'delete'");
    }

    @Test
    void listsAndJsonAreRead() {
        Change c = KubernetesManifestReader.read(Documents.parse("list.json", """
                {"apiVersion": "v1", "kind": "List", "items": [
                  {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "a"}},
                  {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "shop"}}]}
                """), Optional.of(List.of()), false);
        assertThat(lines(c)).containsExactly("ConfigMap/default/a create", "Namespace/shop create");
        assertThat(c.actions().get(1).where().path()).isEqualTo("$.items[1]");
    }

    @Test
    void missingIdentityIsRefusedWithDocumentLineAndPath() {
        assertThatThrownBy(() -> KubernetesManifestReader.read(yaml("""
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: ok}
                ---
                apiVersion: v1
                metadata:
                  name: no-kind
                """), Optional.empty(), false))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("document 2").hasMessageContaining("inline.yaml:5").hasMessageContaining("'kind'");
        assertThatThrownBy(() -> KubernetesManifestReader.read(yaml("""
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  namespace: shop
                """), Optional.empty(), false))
                .hasMessageContaining("document 1").hasMessageContaining("$.metadata").hasMessageContaining("'name'");
        assertThatThrownBy(() -> KubernetesManifestReader.read(yaml("""
                kind: ConfigMap
                metadata: {name: x}
                """), Optional.empty(), false)).hasMessageContaining("'apiVersion'");
        assertThatThrownBy(() -> KubernetesManifestReader.read(yaml("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: x}
                spec: {replicas: many}
                """), Optional.empty(), false)).hasMessageContaining("$.spec.replicas").hasMessageContaining("whole number");
    }

    @Test
    void anObjectNamedTwiceIsRefused() {
        assertThatThrownBy(() -> KubernetesManifestReader.read(yaml("""
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: a}
                ---
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: a, namespace: default}
                """), Optional.empty(), false)).hasMessageContaining("ConfigMap/default/a appears twice");
    }

    @Test
    void pruneWithoutCurrentIsRefused() {
        assertThatThrownBy(() -> KubernetesManifestReader.read(docs("desired.yaml"), Optional.empty(), true))
                .hasMessageContaining("prune needs the current objects");
    }

    @Test
    void hashIgnoresDocumentOrderStatusAndVolatileMetadataButNotContent() throws Exception {
        String text = Files.readString(TestSupport.resource("kubernetes/desired.yaml"));
        String h = KubernetesManifestReader.read(Documents.parse("a.yaml", text), Optional.empty(), false).hash();
        List<String> parts = new ArrayList<>(List.of(text.split("\n---\n")));
        Collections.reverse(parts);
        String reordered = String.join("\n---\n", parts);
        assertThat(KubernetesManifestReader.read(Documents.parse("b.yaml", reordered), Optional.empty(), false).hash()).isEqualTo(h);
        String withStatus = text.replace("value: \"45s\"\n", "value: \"45s\"\nstatus:\n  readyReplicas: 1\n")
                .replace("  name: checkout-api\n  namespace: shop\n  labels:", "  name: checkout-api\n  namespace: shop\n  resourceVersion: \"9\"\n  labels:");
        assertThat(withStatus).isNotEqualTo(text);
        assertThat(KubernetesManifestReader.read(Documents.parse("c.yaml", withStatus), Optional.empty(), false).hash()).isEqualTo(h);
        String edited = text.replace("checkout-api:2.4.0", "checkout-api:2.4.1");
        assertThat(KubernetesManifestReader.read(Documents.parse("d.yaml", edited), Optional.empty(), false).hash()).isNotEqualTo(h);
    }
}
