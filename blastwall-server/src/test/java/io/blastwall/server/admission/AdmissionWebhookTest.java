package io.blastwall.server.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.blastwall.core.change.Provenance.AuthorKind;
import io.blastwall.core.controlplane.ChangeView;
import io.blastwall.core.controlplane.ConfigHolder;
import io.blastwall.core.controlplane.ControlPlane;
import io.blastwall.core.controlplane.Submission;
import io.blastwall.core.controlplane.SubmittedDocument;
import io.blastwall.core.lifecycle.ChangeState;
import io.blastwall.core.store.Principal;
import io.blastwall.formats.kubernetes.admission.AdmissionConfig;
import io.blastwall.formats.kubernetes.admission.AdmissionConfigReader;
import io.blastwall.server.BlastwallServer;
import io.blastwall.server.ConfigLoader;
import io.blastwall.server.ControlPlanes;
import io.blastwall.server.ServerSettings;
import io.blastwall.store.JdbcControlPlaneStore;
import io.blastwall.store.StoreConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The webhook over real TLS against a real SQLite store, with real AdmissionReview documents
 * (examples/kubernetes/admission-reviews) and changes submitted and approved through the control plane.
 */
class AdmissionWebhookTest {

    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final Path EXAMPLES = ROOT.resolve("examples/kubernetes");
    static final ObjectMapper JSON = new ObjectMapper();

    static final Principal AGENT = new Principal("agent:deploy-bot", AuthorKind.AGENT, "deploy bot", List.of(), "alice", "m-1", false, Instant.EPOCH);
    static final Principal ALICE = new Principal("alice", AuthorKind.HUMAN, "alice", List.of("engineer"), "", "", false, Instant.EPOCH);
    static final Principal DAVE = new Principal("dave", AuthorKind.HUMAN, "dave", List.of("senior"), "", "", false, Instant.EPOCH);

    @TempDir
    static Path dir;
    static BlastwallServer server;
    static AdmissionWebhook webhook;
    static ControlPlane cp;
    static HttpClient https;
    static String approvedId, pendingId;

    @BeforeAll
    static void start() throws Exception {
        SelfSignedCert cert = SelfSignedCert.create(dir);
        JdbcControlPlaneStore store = JdbcControlPlaneStore.open(StoreConfig.sqlite(dir.resolve("blastwall.db")));
        store.inTransaction(tx -> {
            for (Principal p : List.of(AGENT, ALICE, DAVE)) tx.createPrincipal(p);
            return null;
        });
        Path policies = Path.of(AdmissionWebhookTest.class.getResource("/admission").toURI());
        ConfigHolder config = new ConfigHolder(ConfigLoader.load(List.of(ROOT.resolve("examples/estate/shop.yaml")),
                List.of(policies), Clock.systemUTC()));
        cp = ControlPlanes.create(store, config, Clock.systemUTC());
        AdmissionConfig example = AdmissionConfigReader.read(EXAMPLES.resolve("admission-config.yaml"));
        // no caching here, so that each answer shows the store's state at that moment
        AdmissionConfig cfg = new AdmissionConfig(example.agents(), example.exempt(), example.agentsOnError(),
                example.humansOnError(), Duration.ZERO, example.maxReviewChars());
        // with a short warm-up, so that every test below also shows that warming up leaves nothing behind
        webhook = new AdmissionWebhook(cfg, Optional.of(new AdmissionWebhook.Tls(cert.cert(), cert.key(), "127.0.0.1", 0)),
                Clock.systemUTC(), Duration.ofMillis(300));
        server = BlastwallServer.start(cp, config::get, ServerSettings.loopback(0), List.of(webhook));
        https = HttpClient.newBuilder().sslContext(cert.trustingContext()).connectTimeout(Duration.ofSeconds(5)).build();

        ChangeView approved = cp.submit(AGENT, new Submission("checkout 1.8.0", "kubernetes", List.of(
                doc("approved/checkout-deployment.yaml"), doc("approved/checkout-service.yaml"),
                doc("approved/checkout-config.yaml")), "s-1", ""));
        assertThat(approved.change().state()).isEqualTo(ChangeState.AWAITING_APPROVAL);
        approvedId = approved.change().id();
        ChangeView done = cp.approve(DAVE, approvedId, approved.revision().revision(), approved.revision().contentHash(), "ok");
        assertThat(done.change().state()).isEqualTo(ChangeState.APPROVED);
        pendingId = cp.submit(AGENT, new Submission("not yet", "kubernetes", List.of(doc("approved/checkout-deployment.yaml")), "s-2", ""))
                .change().id();
    }

    @AfterAll
    static void stop() {
        if (server != null) server.stop();
    }

    static SubmittedDocument doc(String name) throws Exception {
        return new SubmittedDocument(name, Files.readString(EXAMPLES.resolve(name)));
    }

    static String review(String name) throws Exception {
        return Files.readString(EXAMPLES.resolve("admission-reviews").resolve(name));
    }

    static HttpResponse<String> post(String body) throws Exception {
        URI uri = URI.create("https://localhost:" + webhook.tlsPort().orElseThrow() + AdmissionWebhook.PATH);
        return https.send(HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The response of a review answered as one (HTTP 200), checking version and uid. */
    static JsonNode answer(String body) throws Exception {
        HttpResponse<String> r = post(body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode review = JSON.readTree(r.body());
        JsonNode request = JSON.readTree(body);
        assertThat(review.get("apiVersion").asText()).isEqualTo(request.get("apiVersion").asText());
        assertThat(review.get("kind").asText()).isEqualTo("AdmissionReview");
        assertThat(review.at("/response/uid").asText()).isEqualTo(request.at("/request/uid").asText());
        return review.get("response");
    }

    @Test
    void agentApplyingExactlyTheApprovedObjectsIsAllowed() throws Exception {
        for (String name : List.of("deployment-update-agent.json", "service-create-agent.json", "configmap-update-agent.json")) {
            JsonNode r = answer(review(name).replace("ch_EXAMPLE", approvedId));
            assertThat(r.get("allowed").asBoolean()).as(name + ": " + r).isTrue();
            assertThat(r.at("/status/message").asText()).contains(approvedId);
        }
    }

    @Test
    void agentWithoutAnnotationIsToldHowToGetApproval() throws Exception {
        JsonNode r = answer(review("deployment-update-agent.json").replaceFirst(",\\s*\"blastwall.io/change-id\": \"ch_EXAMPLE\"", ""));
        assertThat(r.get("allowed").asBoolean()).isFalse();
        assertThat(r.at("/status/code").asInt()).isEqualTo(403);
        assertThat(r.at("/status/message").asText()).contains("without an approved change").contains("blastwall submit")
                .contains("blastwall.io/change-id");
    }

    @Test
    void agentWithForgedUnapprovedOrChangedContentIsDenied() throws Exception {
        JsonNode forged = answer(review("deployment-update-agent.json").replace("ch_EXAMPLE", "ch_forged0000"));
        assertThat(forged.get("allowed").asBoolean()).isFalse();
        assertThat(forged.at("/status/message").asText()).contains("ch_forged0000").contains("does not exist");

        JsonNode pending = answer(review("deployment-update-agent.json").replace("ch_EXAMPLE", pendingId));
        assertThat(pending.get("allowed").asBoolean()).isFalse();
        assertThat(pending.at("/status/message").asText()).contains("awaiting-approval");

        JsonNode changed = answer(review("deployment-update-agent.json").replace("ch_EXAMPLE", approvedId)
                .replace("checkout:1.8.0", "checkout:1.9.0-rc1"));
        assertThat(changed.get("allowed").asBoolean()).isFalse();
        assertThat(changed.at("/status/message").asText()).contains("differs from what change " + approvedId);

        JsonNode delete = answer(review("deployment-delete-agent.json").replace("ch_EXAMPLE", approvedId));
        assertThat(delete.get("allowed").asBoolean()).isFalse();
        assertThat(delete.at("/status/message").asText()).contains("does not delete it");
    }

    @Test
    void humansAreCheckedAgainstThePolicies() throws Exception {
        JsonNode update = answer(review("deployment-update-human.json"));
        assertThat(update.get("allowed").asBoolean()).isTrue();
        assertThat(update.has("warnings")).isFalse();

        JsonNode scaleToZero = answer(review("deployment-scale-human.json"));
        assertThat(scaleToZero.get("allowed").asBoolean()).isFalse();
        assertThat(scaleToZero.at("/status/message").asText()).contains("no-scale-to-zero");

        JsonNode config = answer(review("configmap-update-human-v1beta1.json"));
        assertThat(config.get("allowed").asBoolean()).isTrue();
        assertThat(config.get("warnings").toString()).contains("senior");

        assertThat(answer(review("statefulset-create-human-v1beta1.json")).get("allowed").asBoolean()).isTrue();
    }

    @Test
    void warmUpReviewsAreReadAndAssessedLikeAPersonsUpdate() throws Exception {
        for (int n : new int[]{0, 1, 4711}) {
            JsonNode r = JSON.readTree(webhook.answer(AdmissionWarmUp.review(n))).get("response");
            assertThat(r.get("uid").asText()).isEqualTo("warm-up-" + n);
            // read and assessed (an unreadable review or object would be code 400): the policies answered
            assertThat(r.path("status").path("code").asInt(200)).isNotEqualTo(400);
            assertThat(r.toString()).doesNotContain("cannot read").doesNotContain("no change for Blastwall");
        }
    }

    @Test
    void exemptIdentitiesPassUnchecked() throws Exception {
        JsonNode r = answer(review("deployment-scale-human.json").replace("jane@example.com", "system:kube-controller-manager"));
        assertThat(r.get("allowed").asBoolean()).isTrue();
        assertThat(r.at("/status/message").asText()).contains("exempt");
    }

    @Test
    void malformedReviewsAreDeniedWithTheJsonPathOrRefusedAsProblems() throws Exception {
        JsonNode noObject = answer(review("service-create-agent.json").replaceFirst("\"object\": \\{", "\"object\": null, \"x\": {"));
        assertThat(noObject.get("allowed").asBoolean()).isFalse();
        assertThat(noObject.at("/status/code").asInt()).isEqualTo(400);
        assertThat(noObject.at("/status/message").asText()).contains("$.request.object");

        HttpResponse<String> garbage = post("{\"apiVersion\": \"admission.k8s.io/v1\", \"kind\": \"AdmissionReview\"}");
        assertThat(garbage.statusCode()).isEqualTo(400);
        assertThat(garbage.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).contains("problem+json"));
        assertThat(garbage.body()).contains("$.request");
    }

    @Test
    void theWebhookAnswersOnlyOverTls() throws Exception {
        HttpResponse<String> plain = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(server.baseUrl() + AdmissionWebhook.PATH))
                .POST(HttpRequest.BodyPublishers.ofString(review("deployment-update-human.json"))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(plain.statusCode()).isEqualTo(403);
        assertThat(plain.body()).contains("TLS");
    }
}
