package io.blastwall.formats.estate;

import io.blastwall.core.estate.EdgeType;
import io.blastwall.core.estate.Estate;
import io.blastwall.core.estate.NodeKind;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** examples/estate/shop.yaml follows the shared naming contract and loads without problems. */
class ShopExampleTest {

    static Estate shop;

    static Path shopFile() {
        Path root = Path.of(System.getProperty("blastwall.root", ".."));
        Path f = root.resolve("examples/estate/shop.yaml");
        if (!Files.exists(f)) f = Path.of("../examples/estate/shop.yaml");
        return f;
    }

    @BeforeAll
    static void load() {
        EstateLoad load = new EstateFileReader().load(List.of(shopFile()));
        assertThat(load.problems()).isEmpty();
        shop = load.estate();
    }

    @Test
    void hasBothRegionsAndTheGlobalComponents() {
        assertThat(shop.name()).isEqualTo("shop");
        assertThat(shop.nodeCount()).isEqualTo(14 * 2 + 3);
        assertThat(shop.edgeCount()).isEqualTo(24 * 2 + 2);
        for (String r : List.of("eu-west-1", "us-east-1")) {
            for (String c : List.of("edge-lb", "web", "checkout-api", "payments-api", "catalog-api", "recommendations", "search",
                    "fulfilment-worker", "orders-db", "payments-db", "catalog-db", "session-cache", "order-events", "vpc")) {
                int i = shop.indexOf(c + "-" + r);
                assertThat(i).as(c + "-" + r).isNotNegative();
                assertThat(shop.region(i)).isEqualTo(r);
                assertThat(shop.zones(i)).containsExactly(r + "a", r + "b", r + "c");
                assertThat(shop.group(i)).isEqualTo(c);
                assertThat(shop.system(i)).isEqualTo("shop");
                assertThat(shop.owner(i)).startsWith("team-");
            }
        }
        int dns = shop.indexOf("shop-dns");
        assertThat(shop.kind(dns)).isEqualTo(NodeKind.DNS);
        assertThat(shop.trafficWeight(dns)).isEqualTo(1.0);
        assertThat(shop.totalTrafficWeight()).isEqualTo(1.0);
        assertThat(shop.kind(shop.indexOf("psp-gateway"))).isEqualTo(NodeKind.GATEWAY);
        assertThat(shop.owner(shop.indexOf("feature-flags"))).isEqualTo("team-platform");
    }

    @Test
    void capacitiesAndStatefulness() {
        int co = shop.indexOf("checkout-api-eu-west-1");
        assertThat(shop.capacity(co)).isEqualTo(3000);
        assertThat(shop.peakLoad(co)).isEqualTo(1800);
        assertThat(shop.replicas(co)).isEqualTo(6);
        assertThat(shop.peakLoad(shop.indexOf("checkout-api-us-east-1"))).isEqualTo(2160);
        assertThat(shop.capacity(shop.indexOf("orders-db-eu-west-1"))).isEqualTo(5000);
        assertThat(shop.stateful(shop.indexOf("orders-db-eu-west-1"))).isTrue();
        assertThat(shop.stateful(shop.indexOf("order-events-us-east-1"))).isTrue();
        assertThat(shop.stateful(shop.indexOf("session-cache-eu-west-1"))).isFalse();
        assertThat(shop.tier(shop.indexOf("recommendations-eu-west-1"))).isEqualTo(2);
    }

    @Test
    void dependenciesCarryTheirTypes() {
        assertThat(edgeType("checkout-api-eu-west-1", "order-events-eu-west-1")).isEqualTo(EdgeType.ASYNC);
        assertThat(edgeType("checkout-api-us-east-1", "payments-api-us-east-1")).isEqualTo(EdgeType.HARD);
        assertThat(edgeType("web-eu-west-1", "feature-flags")).isEqualTo(EdgeType.SOFT);
        assertThat(edgeType("shop-dns", "edge-lb-us-east-1")).isEqualTo(EdgeType.SOFT);
        assertThat(edgeType("payments-api-eu-west-1", "psp-gateway")).isEqualTo(EdgeType.HARD);
    }

    private static EdgeType edgeType(String from, String to) {
        int a = shop.indexOf(from), b = shop.indexOf(to);
        for (int k = shop.dependenciesStart(a); k < shop.dependenciesEnd(a); k++) {
            if (shop.dependencyAt(k) == b) return shop.dependencyTypeAt(k);
        }
        return null;
    }

    @Test
    void resourcesMapOntoNodes() {
        assertThat(ids(shop.resources().terraform("module.shop_eu_west_1.aws_db_instance.orders"))).containsExactly("orders-db-eu-west-1");
        assertThat(ids(shop.resources().terraform("module.shop_us_east_1.aws_ecs_service.checkout_api"))).containsExactly("checkout-api-us-east-1");
        assertThat(ids(shop.resources().terraform("module.shop_us_east_1.aws_rds_cluster_instance.catalog[1]"))).containsExactly("catalog-db-us-east-1");
        assertThat(ids(shop.resources().terraform("module.shop_eu_west_1.aws_subnet.private[\"a\"]"))).containsExactly("vpc-eu-west-1");
        assertThat(ids(shop.resources().terraform("aws_route53_record.shop"))).containsExactly("shop-dns");
        assertThat(ids(shop.resources().kubernetes("Deployment", "shop", "checkout-api", Map.of()))).containsExactly("checkout-api-eu-west-1");
        assertThat(ids(shop.resources().kubernetes("ConfigMap", "shop", "feature-flags", Map.of()))).containsExactly("feature-flags");
        assertThat(shop.resources().terraform("module.shop_eu_west_1.aws_s3_bucket.unknown")).isEmpty();
    }

    private static List<String> ids(int[] nodes) {
        return java.util.Arrays.stream(nodes).mapToObj(shop::id).toList();
    }
}
