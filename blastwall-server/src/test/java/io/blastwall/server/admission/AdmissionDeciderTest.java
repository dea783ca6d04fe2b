package io.blastwall.server.admission;

import io.blastwall.core.controlplane.Config;
import io.blastwall.formats.kubernetes.admission.AdmissionConfig;
import io.blastwall.formats.kubernetes.admission.AdmissionConfigReader;
import io.blastwall.formats.kubernetes.admission.AdmissionRequest;
import io.blastwall.formats.kubernetes.admission.AdmissionReviews;
import io.blastwall.server.ConfigLoader;
import io.blastwall.server.Json;
import io.blastwall.store.JdbcControlPlaneStore;
import io.blastwall.store.StoreConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reuse of people's verdicts: an identical write by the same person under the same estate and policies is answered
 * without assessing it again, and anything that could change the verdict (the content, the person, the policies) is
 * assessed afresh. Whether an assessment ran is seen through the clock, which the assessor reads once per assessment.
 */
class AdmissionDeciderTest {

    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final Path EXAMPLES = ROOT.resolve("examples/kubernetes");

    @TempDir
    Path dir;
    JdbcControlPlaneStore store;
    final AtomicInteger assessments = new AtomicInteger();
    final AtomicReference<Config> policies = new AtomicReference<>();
    AdmissionDecider decider;

    /** A fixed clock that counts how often it is read. */
    final Clock counting = new Clock() {
        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            assessments.incrementAndGet();
            return Instant.parse("2026-11-28T12:00:00Z");
        }
    };

    @BeforeEach
    void start() throws Exception {
        store = JdbcControlPlaneStore.open(StoreConfig.sqlite(dir.resolve("blastwall.db")));
        policies.set(load(Path.of(AdmissionDeciderTest.class.getResource("/admission").toURI())));
        AdmissionConfig example = AdmissionConfigReader.read(EXAMPLES.resolve("admission-config.yaml"));
        AdmissionConfig cfg = new AdmissionConfig(example.agents(), example.exempt(), example.agentsOnError(),
                example.humansOnError(), Duration.ofMinutes(5), example.maxReviewChars());
        decider = new AdmissionDecider(cfg, new ApprovedChanges(store, Json.INSTANCE, cfg.cacheTtl()), policies::get, counting);
    }

    @AfterEach
    void stop() {
        store.close();
    }

    @Test
    void anIdenticalWriteByTheSamePersonIsAnsweredWithoutAssessingItAgain() throws Exception {
        AdmissionDecider.Verdict first = decider.decide(request(review("deployment-update-human.json")));
        assertThat(first.allowed()).isTrue();
        assertThat(assessments.get()).isEqualTo(1);

        // another request (its own uid) for the same write: the same verdict, not assessed again
        AdmissionDecider.Verdict again = decider.decide(request(review("deployment-update-human.json")
                .replace("1a2b3c4d-0000-4000-8000-00000000a001", "another-uid")));
        assertThat(again).isEqualTo(first);
        assertThat(assessments.get()).isEqualTo(1);
    }

    @Test
    void whatCouldChangeTheVerdictIsAssessedAfresh() throws Exception {
        String update = review("deployment-update-human.json");
        assertThat(decider.decide(request(update)).allowed()).isTrue();

        // other content: scaled to zero, which the policies deny (a reused allow would be wrong)
        AdmissionDecider.Verdict scaled = decider.decide(request(review("deployment-scale-human.json")));
        assertThat(scaled.allowed()).isFalse();
        assertThat(scaled.message()).contains("no-scale-to-zero");
        assertThat(assessments.get()).isEqualTo(2);

        // the same content written by someone else
        decider.decide(request(update.replace("jane@example.com", "joe@example.com")));
        assertThat(assessments.get()).isEqualTo(3);

        // other policies in force: the update is assessed again under them
        Path stricter = Files.writeString(dir.resolve("stricter.yaml"), """
                apiVersion: blastwall.io/v1
                kind: Policy
                id: no-deployment-writes
                description: Deployments are frozen.
                scope: action
                condition: action.address.startsWith("Deployment/")
                effect: deny
                message: "deployments are frozen"
                """);
        policies.set(load(stricter));
        AdmissionDecider.Verdict frozen = decider.decide(request(update));
        assertThat(frozen.allowed()).isFalse();
        assertThat(frozen.message()).contains("deployments are frozen");
        assertThat(assessments.get()).isEqualTo(4);
    }

    @Test
    void forgottenVerdictsAreAssessedAgain() throws Exception {
        String update = review("deployment-update-human.json");
        decider.decide(request(update));
        decider.forgetVerdicts();
        decider.decide(request(update));
        assertThat(assessments.get()).isEqualTo(2);
    }

    private Config load(Path policyPath) {
        return ConfigLoader.load(List.of(ROOT.resolve("examples/estate/shop.yaml")), List.of(policyPath), Clock.systemUTC());
    }

    private static String review(String name) throws Exception {
        return Files.readString(EXAMPLES.resolve("admission-reviews").resolve(name));
    }

    private static AdmissionRequest request(String review) {
        return ((AdmissionReviews.Parsed.Valid) AdmissionReviews.read("AdmissionReview", review, 3_000_000)).request();
    }
}
