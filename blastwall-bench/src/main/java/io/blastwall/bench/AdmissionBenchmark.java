package io.blastwall.bench;

import io.blastwall.core.change.Change;
import io.blastwall.core.change.Provenance;
import io.blastwall.core.estate.Estate;
import io.blastwall.core.policy.PolicySet;
import io.blastwall.core.verdict.Assessor;
import io.blastwall.formats.kubernetes.admission.AdmissionChanges;
import io.blastwall.formats.kubernetes.admission.AdmissionConfig;
import io.blastwall.formats.kubernetes.admission.AdmissionRequest;
import io.blastwall.formats.kubernetes.admission.AdmissionReviews;
import io.blastwall.formats.estate.EstateSources;
import io.blastwall.formats.policy.PolicyPacks;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Where an admission request's CPU time goes, step by step, without HTTP or TLS: reading the AdmissionReview (JSON
 * with line tracking), turning it into the one-object change (normalisation and digest of object and old object), and
 * assessing that change against the shop estate with the default policies (the human path). Run from the repository
 * root ({@code bin/bench Admission}); it reads examples/.
 */
@State(org.openjdk.jmh.annotations.Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class AdmissionBenchmark {

    private String review;
    private AdmissionRequest request;
    private Change change;
    private Assessor assessor;

    @Setup
    public void setUp() throws Exception {
        review = Files.readString(Path.of("examples/kubernetes/admission-reviews/deployment-update-human.json"));
        request = ((AdmissionReviews.Parsed.Valid) AdmissionReviews.read("r", review, AdmissionConfig.DEFAULT_MAX_REVIEW_CHARS)).request();
        change = AdmissionChanges.of(request, Provenance.human("jane")).orElseThrow();
        Estate estate = EstateSources.loadDetected(List.of(Path.of("examples/estate/shop.yaml")), false).requireNoErrors();
        PolicySet policies = PolicyPacks.defaultPolicySet();
        assessor = new Assessor(estate, policies, Clock.systemUTC());
    }

    @Benchmark
    public Object readReview() {
        return AdmissionReviews.read("r", review, AdmissionConfig.DEFAULT_MAX_REVIEW_CHARS);
    }

    @Benchmark
    public Object toChangeWithDigest() {
        return AdmissionChanges.of(request, Provenance.human("jane"));
    }

    @Benchmark
    public Object assess() {
        return assessor.assess(change);
    }
}
