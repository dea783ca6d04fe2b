package io.blastwall.adapters.kubernetes;

import io.blastwall.core.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KubernetesExecutorConfigTest {

    @TempDir
    Path dir;

    private Path file(String text) throws IOException {
        return Files.writeString(dir.resolve("kubernetes.yaml"), text);
    }

    @Test
    void readsMappingsZoneLabelAndContext() throws IOException {
        KubernetesExecutorConfig c = KubernetesExecutorConfig.read(file("""
                executor: kubernetes
                context: prod-eu-west-1
                zoneLabel: topology.kubernetes.io/zone
                targets:
                  checkout-api-eu-west-1@eu-west-1a:
                    - {kind: Deployment, namespace: shop, name: checkout-api-a, templateFrom: checkout-api}
                  orders-db-eu-west-1:
                    kind: statefulset
                    namespace: data
                    name: orders-db
                    templateFrom: shop/orders-db
                """));
        assertThat(c.context()).contains("prod-eu-west-1");
        assertThat(c.zoneLabel()).contains("topology.kubernetes.io/zone");
        var a = c.targets().get("checkout-api-eu-west-1@eu-west-1a").getFirst();
        assertThat(a.workload()).isEqualTo(new WorkloadRef(WorkloadRef.Kind.DEPLOYMENT, "shop", "checkout-api-a"));
        assertThat(a.templateSource()).isEqualTo(new WorkloadRef(WorkloadRef.Kind.DEPLOYMENT, "shop", "checkout-api"));
        var db = c.targets().get("orders-db-eu-west-1").getFirst();
        assertThat(db.workload().kind()).isEqualTo(WorkloadRef.Kind.STATEFULSET);
        assertThat(db.templateFrom()).isEqualTo(Optional.of(new WorkloadRef(WorkloadRef.Kind.STATEFULSET, "shop", "orders-db")));
    }

    @Test
    void anUnsupportedKindIsNamedWithItsLine() throws IOException {
        Path f = file("targets:\n  web:\n    - kind: DaemonSet\n      namespace: shop\n      name: web\n");
        assertThatThrownBy(() -> KubernetesExecutorConfig.read(f)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("kubernetes.yaml:3").hasMessageContaining("expected Deployment or StatefulSet");
    }

    @Test
    void aMissingNamespaceIsRefused() throws IOException {
        Path f = file("targets:\n  web:\n    - {kind: Deployment, name: web}\n");
        assertThatThrownBy(() -> KubernetesExecutorConfig.read(f)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("missing required field 'namespace'");
    }

    @Test
    void aTypoInAFieldIsRefused() throws IOException {
        Path f = file("zonelabel: x\n");
        assertThatThrownBy(() -> KubernetesExecutorConfig.read(f)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("kubernetes.yaml:1").hasMessageContaining("unknown field 'zonelabel'");
    }
}
