package io.blastwall.server;

import io.blastwall.core.controlplane.Config;
import io.blastwall.core.controlplane.ControlPlane;
import io.blastwall.core.controlplane.Submission;
import io.blastwall.core.controlplane.SubmittedDocument;
import io.blastwall.core.store.ChangeQuery;
import io.blastwall.store.JdbcControlPlaneStore;
import io.blastwall.store.StoreConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class WarmupTest {

    @TempDir
    Path dir;

    @Test
    void rehearsesSubmissionsUntilTheBudgetIsSpentAndStoresNothing() {
        Config config = TestEnv.load(TestEnv.testPolicies());
        try (JdbcControlPlaneStore store = JdbcControlPlaneStore.open(StoreConfig.sqlite(dir.resolve("blastwall.db")))) {
            ControlPlane cp = ControlPlanes.create(store, () -> config, Clock.systemUTC());
            long t0 = System.nanoTime();
            int runs = Warmup.run(cp, Duration.ofMillis(300));
            assertThat(runs).isPositive();
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
            assertThat(Warmup.run(cp, Duration.ZERO)).isZero();
            assertThat(store.ledgerHead()).isEmpty();
            assertThat(store.listChanges(ChangeQuery.all())).isEmpty();
        }
    }

    @Test
    void theSyntheticPlanNamesTheEstatesOwnTerraformAddressesAndIsReadLikeARealOne() {
        Config config = TestEnv.load(TestEnv.testPolicies());
        List<String> addresses = Warmup.addresses(config.estate(), 50);
        assertThat(addresses).hasSize(Math.min(50, config.estate().nodeCount()));
        // shop.yaml gives several nodes Terraform selectors: those addresses are used, so the plan maps onto the estate
        assertThat(addresses).contains("aws_route53_record.shop").anyMatch(a -> a.startsWith("terraform_data.blastwall_warm_up_"));
        List<String> local = Warmup.localAddresses(config.estate(), 50);
        assertThat(local).isNotEmpty().hasSizeLessThan(addresses.size()).doesNotHaveDuplicates();
        try (JdbcControlPlaneStore store = JdbcControlPlaneStore.open(StoreConfig.sqlite(dir.resolve("blastwall.db")))) {
            ControlPlane cp = ControlPlanes.create(store, () -> config, Clock.systemUTC());
            String plan = Json.INSTANCE.write(Warmup.plan(addresses, 7));
            var view = cp.rehearse(new Submission("", "terraform-plan", List.of(new SubmittedDocument("p.json", plan)), "", ""));
            assertThat(view.revision().verdict()).isIn("allow", "needs-approval", "deny");
            assertThat(view.change().id()).startsWith("ch_");
            assertThat(store.findChange(view.change().id())).isEmpty(); // rolled back
            // every kind of action a plan holds is read, so the JIT compiler has seen each branch before real plans
            Object actions = ((Map<?, ?>) view.analysis().get("change")).get("actions");
            assertThat(((List<?>) actions).stream().map(a -> String.valueOf(((Map<?, ?>) a).get("kind"))).distinct())
                    .containsExactlyInAnyOrder("update", "scale", "create", "delete", "replace", "no-op");
        }
    }
}
