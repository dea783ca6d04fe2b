package io.blastwall.adapters.kubernetes;

import io.blastwall.core.controlplane.SubmittedDocument;
import io.blastwall.core.estate.Estate;
import io.blastwall.core.rollout.ExecutionStep;
import io.blastwall.core.rollout.RolloutTarget;
import io.blastwall.core.rollout.StepOutcome;
import io.blastwall.formats.ChangeReaders;
import io.blastwall.formats.estate.EstateFileReader;
import io.blastwall.formats.estate.EstateSources;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Against fabric8's mock API server in CRUD mode: no real API server can run where the tests run. The mock stores
 * objects and serves watches but runs no controllers, so {@link ControllerStandIn} writes the status a Deployment or
 * StatefulSet controller would.
 */
@EnableKubernetesMockClient(crud = true)
class KubernetesExecutorTest {

    // one mock server for the class (it takes seconds to start); each test starts from an empty namespace
    static KubernetesMockServer server;
    static KubernetesClient client;

    @TempDir
    Path dir;

    private ControllerStandIn controller;
    private Estate estate;
    private final Map<String, List<SubmittedDocument>> manifests = new java.util.HashMap<>();

    private static final String ZONE = "topology.kubernetes.io/zone";

    @BeforeEach
    void setUp() throws IOException {
        controller = new ControllerStandIn(client, "shop");
        Path estateFile = Files.writeString(dir.resolve("estate.yaml"), """
                apiVersion: blastwall.io/v1
                kind: Estate
                metadata: {name: k8s-test}
                nodes:
                  - id: checkout-api
                    kind: service
                    region: eu-west-1
                    zones: [eu-west-1a, eu-west-1b]
                    resources:
                      kubernetes:
                        - {kind: Deployment, namespace: shop, name: checkout-api}
                  - id: catalog-api
                    kind: service
                    region: eu-west-1
                    zones: [eu-west-1a, eu-west-1b]
                    resources:
                      kubernetes:
                        - {kind: Deployment, namespace: shop, selector: {app: catalog-api}}
                  - id: orders-db
                    kind: datastore
                    region: eu-west-1
                    zone: eu-west-1a
                  - id: search-api
                    kind: service
                    region: eu-west-1
                    zones: [eu-west-1a, eu-west-1b]
                """);
        estate = EstateSources.loadStrict(List.of(estateFile), p -> new EstateFileReader());
        create(deployment("checkout-api", Map.of("app", "checkout-api"), "checkout:1.0", 3));
        create(deployment("catalog-api-a", Map.of("app", "catalog-api", ZONE, "eu-west-1a"), "catalog:1.0", 2));
        create(deployment("catalog-api-b", Map.of("app", "catalog-api", ZONE, "eu-west-1b"), "catalog:1.0", 2));
        create(deployment("search-api-a", Map.of("app", "search-api"), "search:1.0", 2));
        create(deployment("search-api-b", Map.of("app", "search-api"), "search:1.0", 2));
        create(statefulSet("orders-db", "postgres:16"));
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        controller.close();
        client.apps().deployments().inNamespace("shop").delete();
        client.apps().statefulSets().inNamespace("shop").delete();
    }

    // ---- fixtures -------------------------------------------------------------------------------------------------

    private static String deployment(String name, Map<String, String> labels, String image, int replicas) {
        StringBuilder l = new StringBuilder();
        labels.forEach((k, v) -> l.append("\n    ").append(k).append(": ").append(v));
        return """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: %s
                  namespace: shop
                  labels:%s
                spec:
                  replicas: %d
                  selector: {matchLabels: {app: %s}}
                  template:
                    metadata: {labels: {app: %s}}
                    spec:
                      containers:
                        - name: app
                          image: %s
                """.formatted(name, l, replicas, name, name, image);
    }

    private static String statefulSet(String name, String image) {
        return """
                apiVersion: apps/v1
                kind: StatefulSet
                metadata: {name: %s, namespace: shop}
                spec:
                  replicas: 2
                  serviceName: %s
                  selector: {matchLabels: {app: %s}}
                  template:
                    metadata: {labels: {app: %s}}
                    spec:
                      containers:
                        - name: db
                          image: %s
                """.formatted(name, name, name, name, image);
    }

    private void create(String yaml) {
        client.resource(yaml).create();
    }

    /** Registers the manifests of change {@code id} revision 1 and returns their content hash, as the control plane computes it. */
    private String change(String id, String... docs) {
        List<SubmittedDocument> list = new java.util.ArrayList<>();
        for (int i = 0; i < docs.length; i++) list.add(new SubmittedDocument("m" + i + ".yaml", docs[i]));
        manifests.put(id, list);
        return ChangeReaders.parse(list.stream().map(d -> new ChangeReaders.Text(d.name(), d.content())).toList(),
                Optional.empty()).hash();
    }

    private KubernetesExecutor executor(KubernetesExecutorConfig config) {
        return new KubernetesExecutor(client, Optional.of(estate), (id, rev) -> Optional.ofNullable(manifests.get(id)), config);
    }

    private KubernetesExecutor executor() {
        return executor(KubernetesExecutorConfig.estateOnly());
    }

    private static ExecutionStep step(String change, String hash, int wave, String key, Duration timeout, RolloutTarget... targets) {
        return new ExecutionStep(change, 1, hash, wave, List.of(targets), key, timeout);
    }

    private static RolloutTarget t(String node, String zone) {
        return new RolloutTarget(node, "eu-west-1", zone);
    }

    private String image(String kind, String name) {
        HasMetadata h = kind.equals("Deployment") ? client.apps().deployments().inNamespace("shop").withName(name).get()
                : client.apps().statefulSets().inNamespace("shop").withName(name).get();
        return Workloads.template(h).getSpec().getContainers().getFirst().getImage();
    }

    private Deployment deployment(String name) {
        return client.apps().deployments().inNamespace("shop").withName(name).get();
    }

    private static final Duration LONG = Duration.ofSeconds(20);

    // ---- tests ----------------------------------------------------------------------------------------------------

    @Test
    void appliesTheApprovedTemplateWatchesTheRolloutAndRecordsWhatToGoBackTo() {
        String hash = change("chg-1", deployment("checkout-api", Map.of("app", "checkout-api"), "checkout:2.0", 3));
        StepOutcome o = executor().apply(step("chg-1", hash, 1, "chg-1/r1/w1/apply/1", LONG,
                t("checkout-api", "eu-west-1a"), t("checkout-api", "eu-west-1b")));

        assertThat(o.succeeded()).as(o.detail()).isTrue();
        assertThat(o.replayed()).isFalse();
        assertThat(o.detail()).contains("updated 1 of 1 workload(s)", "rollout complete");
        assertThat(o.output()).contains("Deployment shop/checkout-api: 3 of 3 replicas updated and available");
        assertThat(image("Deployment", "checkout-api")).isEqualTo("checkout:2.0");
        Map<String, String> ann = deployment("checkout-api").getMetadata().getAnnotations();
        assertThat(ann).containsEntry(KubernetesExecutor.CHANGE, "chg-1").containsEntry(KubernetesExecutor.CONTENT_HASH, hash);
        assertThat(ann.get(KubernetesExecutor.PREVIOUS_TEMPLATE)).contains("checkout:1.0");
        assertThat(ann.get(KubernetesExecutor.STEPS)).contains("chg-1/r1/w1/apply/1");
    }

    @Test
    void aRepeatedKeyIsReplayedWithoutWritingAgain() {
        String hash = change("chg-2", deployment("checkout-api", Map.of("app", "checkout-api"), "checkout:2.0", 3));
        ExecutionStep s = step("chg-2", hash, 1, "chg-2/w1/apply", LONG, t("checkout-api", "eu-west-1a"), t("checkout-api", "eu-west-1b"));
        assertThat(executor().apply(s).succeeded()).isTrue();
        String version = deployment("checkout-api").getMetadata().getResourceVersion();

        StepOutcome again = executor().apply(s);
        assertThat(again.succeeded()).as(again.detail()).isTrue();
        assertThat(again.replayed()).isTrue();
        assertThat(deployment("checkout-api").getMetadata().getResourceVersion()).isEqualTo(version);
    }

    @Test
    void rollbackRestoresTheTemplateFromBeforeTheChangesFirstWaveEvenAfterAnotherAttempt() {
        String hash = change("chg-3", deployment("checkout-api", Map.of("app", "checkout-api"), "checkout:2.0", 3));
        var a = t("checkout-api", "eu-west-1a");
        var b = t("checkout-api", "eu-west-1b");
        assertThat(executor().apply(step("chg-3", hash, 1, "chg-3/w1/apply/1", LONG, a, b)).succeeded()).isTrue();
        // a second attempt with a new key must not overwrite the recorded template with the already changed one
        assertThat(executor().apply(step("chg-3", hash, 1, "chg-3/w1/apply/2", LONG, a, b)).succeeded()).isTrue();
        assertThat(deployment("checkout-api").getMetadata().getAnnotations().get(KubernetesExecutor.PREVIOUS_TEMPLATE))
                .contains("checkout:1.0");

        StepOutcome rb = executor().rollBack(step("chg-3", hash, 1, "chg-3/w1/rollback", LONG, a, b));
        assertThat(rb.succeeded()).as(rb.detail()).isTrue();
        assertThat(rb.detail()).contains("restored 1 of 1");
        assertThat(image("Deployment", "checkout-api")).isEqualTo("checkout:1.0");
        assertThat(deployment("checkout-api").getMetadata().getAnnotations())
                .doesNotContainKeys(KubernetesExecutor.PREVIOUS_TEMPLATE, KubernetesExecutor.CHANGE);

        StepOutcome again = executor().rollBack(step("chg-3", hash, 1, "chg-3/w1/rollback", LONG, a, b));
        assertThat(again.succeeded()).isTrue();
        assertThat(again.replayed()).isTrue();
    }

    @Test
    void perZoneObjectsFoundByLabelRollZoneByZone() {
        String hash = change("chg-4",
                deployment("catalog-api-a", Map.of("app", "catalog-api", ZONE, "eu-west-1a"), "catalog:2.0", 2),
                deployment("catalog-api-b", Map.of("app", "catalog-api", ZONE, "eu-west-1b"), "catalog:2.0", 2));
        KubernetesExecutor ex = executor(new KubernetesExecutorConfig(Optional.empty(), Optional.of(ZONE), Map.of()));
        StepOutcome w1 = ex.apply(step("chg-4", hash, 1, "chg-4/w1", LONG, t("catalog-api", "eu-west-1a")));
        assertThat(w1.succeeded()).as(w1.detail()).isTrue();
        assertThat(image("Deployment", "catalog-api-a")).isEqualTo("catalog:2.0");
        assertThat(image("Deployment", "catalog-api-b")).as("zone b is not in wave 1").isEqualTo("catalog:1.0");

        // rolling back wave 2 before it was applied touches nothing
        StepOutcome rbB = ex.rollBack(step("chg-4", hash, 2, "chg-4/w2/rb", LONG, t("catalog-api", "eu-west-1b")));
        assertThat(rbB.succeeded()).isTrue();
        assertThat(rbB.detail()).contains("none of 1 workload(s) had been changed");
        assertThat(image("Deployment", "catalog-api-a")).isEqualTo("catalog:2.0");
    }

    @Test
    void anObjectServingEveryZoneIsNotUpdatedByAWaveThatCoversOnlySomeZones() {
        String hash = change("chg-5", deployment("checkout-api", Map.of("app", "checkout-api"), "checkout:2.0", 3));
        StepOutcome o = executor().apply(step("chg-5", hash, 1, "chg-5/w1", LONG, t("checkout-api", "eu-west-1a")));
        assertThat(o.succeeded()).isFalse();
        assertThat(o.detail()).contains("serve every zone", "not eu-west-1b");
        assertThat(image("Deployment", "checkout-api")).isEqualTo("checkout:1.0");
    }

    @Test
    void manifestsThatDoNotHashToTheApprovedContentAreRefused() {
        change("chg-6", deployment("checkout-api", Map.of("app", "checkout-api"), "checkout:2.0", 3));
        String approved = change("other", deployment("checkout-api", Map.of("app", "checkout-api"), "checkout:1.5", 3));
        StepOutcome o = executor().apply(step("chg-6", approved, 1, "chg-6/w1", LONG,
                t("checkout-api", "eu-west-1a"), t("checkout-api", "eu-west-1b")));
        assertThat(o.succeeded()).isFalse();
        assertThat(o.detail()).contains("not the approved");
        assertThat(image("Deployment", "checkout-api")).isEqualTo("checkout:1.0");
    }

    @Test
    void missingManifestsFailTheStep() {
        StepOutcome o = executor().apply(step("chg-none", "sha256:x", 1, "k", LONG, t("checkout-api", "eu-west-1a"), t("checkout-api", "eu-west-1b")));
        assertThat(o.succeeded()).isFalse();
        assertThat(o.detail()).contains("not available");
    }

    @Test
    void explicitMappingsTakeTheTemplateFromTheObjectTheChangeEdits() {
        String hash = change("chg-7", deployment("search-api", Map.of("app", "search-api"), "search:2.0", 2));
        KubernetesExecutorConfig config = new KubernetesExecutorConfig(Optional.empty(), Optional.empty(), Map.of(
                "search-api@eu-west-1a", List.of(new KubernetesExecutorConfig.Mapping(
                        new WorkloadRef(WorkloadRef.Kind.DEPLOYMENT, "shop", "search-api-a"),
                        Optional.of(new WorkloadRef(WorkloadRef.Kind.DEPLOYMENT, "shop", "search-api"))))));
        StepOutcome o = executor(config).apply(step("chg-7", hash, 1, "chg-7/w1", LONG, t("search-api", "eu-west-1a")));
        assertThat(o.succeeded()).as(o.detail()).isTrue();
        assertThat(image("Deployment", "search-api-a")).isEqualTo("search:2.0");
        assertThat(image("Deployment", "search-api-b")).isEqualTo("search:1.0");
    }

    @Test
    void aTargetWithNoWorkloadFails() {
        String hash = change("chg-8", deployment("checkout-api", Map.of("app", "checkout-api"), "checkout:2.0", 3));
        StepOutcome o = executor().apply(step("chg-8", hash, 1, "chg-8/w1", LONG, t("search-api", "eu-west-1a")));
        assertThat(o.succeeded()).isFalse();
        assertThat(o.detail()).contains("no Deployment or StatefulSet found for target search-api@eu-west-1a");
    }

    @Test
    void aRolloutThatMissesItsProgressDeadlineFails() {
        controller.mode(ControllerStandIn.Mode.DEADLINE_EXCEEDED);
        String hash = change("chg-9", deployment("checkout-api", Map.of("app", "checkout-api"), "checkout:bad", 3));
        StepOutcome o = executor().apply(step("chg-9", hash, 1, "chg-9/w1", LONG, t("checkout-api", "eu-west-1a"), t("checkout-api", "eu-west-1b")));
        assertThat(o.succeeded()).isFalse();
        assertThat(o.detail()).contains("progress deadline exceeded");
    }

    @Test
    void aRolloutThatDoesNotFinishInTimeFailsAtTheStepTimeout() {
        controller.mode(ControllerStandIn.Mode.STUCK);
        String hash = change("chg-10", deployment("checkout-api", Map.of("app", "checkout-api"), "checkout:slow", 3));
        StepOutcome o = executor().apply(step("chg-10", hash, 1, "chg-10/w1", Duration.ofMillis(800),
                t("checkout-api", "eu-west-1a"), t("checkout-api", "eu-west-1b")));
        assertThat(o.succeeded()).isFalse();
        assertThat(o.detail()).contains("not done within the step's timeout", "waiting for the controller to observe generation");
    }

    @Test
    void statefulSetsRollOutAndBack() {
        String hash = change("chg-11", statefulSet("orders-db", "postgres:17"));
        KubernetesExecutorConfig config = new KubernetesExecutorConfig(Optional.empty(), Optional.empty(), Map.of(
                "orders-db@eu-west-1a", List.of(new KubernetesExecutorConfig.Mapping(
                        new WorkloadRef(WorkloadRef.Kind.STATEFULSET, "shop", "orders-db"), Optional.empty()))));
        KubernetesExecutor ex = executor(config);
        StepOutcome up = ex.apply(step("chg-11", hash, 1, "chg-11/w1", LONG, t("orders-db", "eu-west-1a")));
        assertThat(up.succeeded()).as(up.detail()).isTrue();
        assertThat(image("StatefulSet", "orders-db")).isEqualTo("postgres:17");
        StepOutcome down = ex.rollBack(step("chg-11", hash, 1, "chg-11/w1/rb", LONG, t("orders-db", "eu-west-1a")));
        assertThat(down.succeeded()).as(down.detail()).isTrue();
        assertThat(image("StatefulSet", "orders-db")).isEqualTo("postgres:16");
        StatefulSet s = client.apps().statefulSets().inNamespace("shop").withName("orders-db").get();
        assertThat(s.getMetadata().getAnnotations()).doesNotContainKey(KubernetesExecutor.PREVIOUS_TEMPLATE);
    }

    @Test
    void aWriteFromStaleStateIsAConflictNotALostUpdate() {
        Deployment stale = deployment("checkout-api");
        // the test's stand-in controller may write the object's status at the same moment: retry our own edit on a
        // conflict, so that only the executor's write from stale state is under test
        for (int attempt = 1; ; attempt++) {
            try {
                client.apps().deployments().inNamespace("shop").withName("checkout-api").edit(d -> {
                    d.getMetadata().setLabels(Map.of("app", "checkout-api", "touched", "yes"));
                    return d;
                });
                break;
            } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
                if (e.getCode() != 409 || attempt == 5) throw e;
            }
        }
        Workloads.setTemplate(stale, Workloads.template(stale));
        stale.getMetadata().setAnnotations(Map.of("x", "y"));
        assertThatThrownBy(() -> Workloads.update(client, stale))
                .isInstanceOfSatisfying(io.fabric8.kubernetes.client.KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(409));
        assertThat(deployment("checkout-api").getMetadata().getLabels()).containsEntry("touched", "yes");
    }

    @Test
    void aMappingByComponentIdCoversEveryZoneSoAPartialWaveIsRefused() {
        String hash = change("chg-12", deployment("search-api-a", Map.of("app", "search-api"), "search:2.0", 2));
        KubernetesExecutorConfig config = new KubernetesExecutorConfig(Optional.empty(), Optional.empty(), Map.of(
                "search-api", List.of(new KubernetesExecutorConfig.Mapping(
                        new WorkloadRef(WorkloadRef.Kind.DEPLOYMENT, "shop", "search-api-a"), Optional.empty()))));
        StepOutcome o = executor(config).apply(step("chg-12", hash, 1, "chg-12/w1", LONG, t("search-api", "eu-west-1a")));
        assertThat(o.succeeded()).isFalse();
        assertThat(o.detail()).contains("mapped by component id", "not eu-west-1b");
        assertThat(image("Deployment", "search-api-a")).isEqualTo("search:1.0");
    }
}
