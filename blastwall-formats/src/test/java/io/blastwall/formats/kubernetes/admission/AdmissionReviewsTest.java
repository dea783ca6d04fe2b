package io.blastwall.formats.kubernetes.admission;

import io.blastwall.core.BadInputException;
import io.blastwall.core.change.Action;
import io.blastwall.core.change.ActionKind;
import io.blastwall.core.change.Change;
import io.blastwall.core.change.Provenance;
import io.blastwall.formats.ChangeReaders;
import io.blastwall.formats.kubernetes.ObjectDigest;
import io.blastwall.formats.kubernetes.admission.AdmissionRequest.Operation;
import io.blastwall.formats.kubernetes.admission.AdmissionReviews.Parsed;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Real AdmissionReview documents (examples/kubernetes/admission-reviews) read into requests and changes. */
class AdmissionReviewsTest {

    static final Path EXAMPLES = Path.of("..", "examples", "kubernetes");

    static String review(String name) throws IOException {
        return Files.readString(EXAMPLES.resolve("admission-reviews").resolve(name));
    }

    static AdmissionRequest valid(String text) {
        Parsed p = AdmissionReviews.read("AdmissionReview", text, AdmissionConfig.DEFAULT_MAX_REVIEW_CHARS);
        if (p instanceof Parsed.Invalid i) throw i.error();
        return ((Parsed.Valid) p).request();
    }

    static Parsed.Invalid invalid(String text) {
        Parsed p = AdmissionReviews.read("AdmissionReview", text, 64 * 1024);
        assertThat(p).isInstanceOf(Parsed.Invalid.class);
        return (Parsed.Invalid) p;
    }

    static Change change(AdmissionRequest r) {
        return AdmissionChanges.of(r, Provenance.human(r.user().username())).orElseThrow();
    }

    @Test
    void deploymentUpdateByAnAgentIsAScaleAndAConfigChangeOfTheApprovedObject() throws IOException {
        AdmissionRequest r = valid(review("deployment-update-agent.json"));
        assertThat(r.apiVersion()).isEqualTo("admission.k8s.io/v1");
        assertThat(r.uid()).isEqualTo("0c9d2f0a-7f7e-4a53-9a4b-2b8f3f1d6e01");
        assertThat(r.operation()).isEqualTo(Operation.UPDATE);
        assertThat(r.kind().apiVersion()).isEqualTo("apps/v1");
        assertThat(r.user().username()).isEqualTo("system:serviceaccount:agents:deploy-bot");
        assertThat(r.user().groups()).contains("system:serviceaccounts:agents");
        assertThat(r.address()).isEqualTo("Deployment/shop/checkout");

        Change c = change(r);
        assertThat(c.actions()).extracting(Action::kind).containsExactly(new ActionKind.Scale(2, 3, "spec.replicas"),
                new ActionKind.Config(List.of("spec.template.spec.containers[0].image")));
        assertThat(c.actions()).allSatisfy(a -> assertThat(a.address()).isEqualTo("Deployment/shop/checkout"));

        // the object as the API server defaulted it hashes like the manifest the agent submitted
        Change submitted = ChangeReaders.read(EXAMPLES.resolve("approved/checkout-deployment.yaml"));
        assertThat(digest(c.actions().getFirst())).isEqualTo(digest(submitted.actions().getFirst()));
        Change written = AdmissionChanges.written(r).orElseThrow();
        assertThat(written.actions()).singleElement().satisfies(a -> {
            assertThat(a.kind()).isEqualTo(new ActionKind.Create());
            assertThat(digest(a)).isEqualTo(digest(submitted.actions().getFirst()));
        });
    }

    @Test
    void aChangedFieldChangesTheDigest() throws IOException {
        String text = review("deployment-update-agent.json");
        String before = digest(change(valid(text)).actions().getFirst());
        String more = text.replaceFirst("\"replicas\": 3", "\"replicas\": 4");
        assertThat(digest(change(valid(more)).actions().getFirst())).isNotEqualTo(before);
        // a default written out explicitly is the same object; a non-default is not
        String explicit = text.replace("\"terminationGracePeriodSeconds\": 30", "\"terminationGracePeriodSeconds\": 31");
        assertThat(digest(change(valid(explicit)).actions().getFirst())).isNotEqualTo(before);
    }

    @Test
    void serviceAndConfigMapDigestsIgnoreAllocatedFieldsAndTheChangeIdAnnotation() throws IOException {
        Change svc = change(valid(review("service-create-agent.json")));
        assertThat(svc.actions()).extracting(Action::kind).containsExactly(new ActionKind.Create());
        assertThat(digest(svc.actions().getFirst()))
                .isEqualTo(digest(ChangeReaders.read(EXAMPLES.resolve("approved/checkout-service.yaml")).actions().getFirst()));
        Change cm = change(valid(review("configmap-update-agent.json")));
        assertThat(cm.actions()).extracting(Action::kind).containsExactly(new ActionKind.Config(List.of("data.LOG_LEVEL")));
        assertThat(digest(cm.actions().getFirst()))
                .isEqualTo(digest(ChangeReaders.read(EXAMPLES.resolve("approved/checkout-config.yaml")).actions().getFirst()));
    }

    @Test
    void v1beta1StatefulSetCreateAndDryRun() throws IOException {
        AdmissionRequest r = valid(review("statefulset-create-human-v1beta1.json"));
        assertThat(r.apiVersion()).isEqualTo("admission.k8s.io/v1beta1");
        assertThat(r.operation()).isEqualTo(Operation.CREATE);
        assertThat(r.user().extra()).containsKey("authentication.kubernetes.io/credential-id");
        assertThat(change(r).actions()).extracting(Action::kind, Action::address)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(new ActionKind.Create(), "StatefulSet/shop/orders-db"));
        assertThat(valid(review("configmap-update-human-v1beta1.json")).dryRun()).isTrue();
    }

    @Test
    void deleteAndScaleSubresource() throws IOException {
        AdmissionRequest del = valid(review("deployment-delete-agent.json"));
        assertThat(del.object()).isEmpty();
        assertThat(del.subject()).isPresent();
        assertThat(change(del).actions()).extracting(Action::kind).containsExactly(new ActionKind.Delete());

        Change scale = change(valid(review("deployment-scale-human.json")));
        assertThat(scale.actions()).singleElement().satisfies(a -> {
            assertThat(a.kind()).isEqualTo(new ActionKind.Scale(3, 0, "spec.replicas"));
            assertThat(a.address()).isEqualTo("Deployment/shop/checkout");
        });
    }

    @Test
    void badReviewsNameTheJsonPath() throws IOException {
        String good = review("configmap-update-agent.json");
        assertThat(invalid("{\"apiVersion\":\"admission.k8s.io/v2\",\"kind\":\"AdmissionReview\"}").error().getMessage())
                .contains("$.apiVersion").contains("admission.k8s.io/v1");
        assertThat(invalid("{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\"}").error().getMessage())
                .contains("$.request").contains("missing");
        Parsed.Invalid noUid = invalid(good.replace("\"uid\": \"4d5e6f7a-0000-4000-8000-00000000e001\",", ""));
        assertThat(noUid.error().getMessage()).contains("$.request").contains("uid");
        assertThat(noUid.apiVersion()).isEqualTo("admission.k8s.io/v1");

        Parsed.Invalid noObject = invalid(review("service-create-agent.json").replaceFirst("\"object\": \\{", "\"object\": null, \"x\": {"));
        assertThat(noObject.uid()).isEqualTo("3c4d5e6f-0000-4000-8000-00000000c001");
        assertThat(noObject.error().getMessage()).contains("$.request.object").contains("CREATE");

        Parsed.Invalid wrongKind = invalid(good.replaceFirst("\"kind\": \"ConfigMap\",(\\s+)\"metadata\"", "\"kind\": \"Secret\",$1\"metadata\""));
        assertThat(wrongKind.error().getMessage()).contains("$.request.object.kind").contains("ConfigMap");
        assertThat(invalid(good.replace("\"operation\": \"UPDATE\"", "\"operation\": \"PATCH\"")).error().getMessage())
                .contains("$.request.operation");
        Parsed.Invalid big = (Parsed.Invalid) AdmissionReviews.read("AdmissionReview", good, 1024);
        assertThat(big.error().getMessage()).contains("limit is 1024");
        assertThat(big.uid()).isEqualTo("4d5e6f7a-0000-4000-8000-00000000e001");
        assertThat(big.apiVersion()).isEqualTo("admission.k8s.io/v1");
        assertThat(invalid("{not json").error().getMessage()).contains("AdmissionReview");
    }

    @Test
    void anUnreadableObjectIsReportedAtItsPathInTheReview() throws IOException {
        String text = review("deployment-update-human.json").replaceFirst("\"replicas\": 3", "\"replicas\": \"three\"");
        AdmissionRequest r = valid(text);
        BadInputException e = org.junit.jupiter.api.Assertions.assertThrows(BadInputException.class, () -> change(r));
        assertThat(e.problems().getFirst().where().path()).isEqualTo("$.request.object.spec.replicas");
        int line = (int) text.substring(0, text.indexOf("\"three\"")).lines().count();
        assertThat(e.problems().getFirst().where().line()).isEqualTo(line);
    }

    @Test
    void responseIsInTheRequestsVersionWithItsUid() {
        Map<String, Object> review = new AdmissionResponse("admission.k8s.io/v1beta1", "u-1", false, 403, "Forbidden",
                "no", List.of("x".repeat(200))).toReview();
        assertThat(review).containsEntry("apiVersion", "admission.k8s.io/v1beta1").containsEntry("kind", "AdmissionReview");
        @SuppressWarnings("unchecked") Map<String, Object> resp = (Map<String, Object>) review.get("response");
        assertThat(resp).containsEntry("uid", "u-1").containsEntry("allowed", false);
        assertThat(resp.get("status")).isEqualTo(Map.of("code", 403L, "status", "Failure", "reason", "Forbidden", "message", "no"));
        assertThat((List<?>) resp.get("warnings")).singleElement().asString().hasSize(AdmissionResponse.MAX_WARNING);
    }

    static String digest(Action a) {
        return (String) a.attributes().get(ObjectDigest.ATTRIBUTE);
    }
}
