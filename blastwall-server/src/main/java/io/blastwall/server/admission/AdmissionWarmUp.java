package io.blastwall.server.admission;

import java.time.Duration;
import java.util.function.Function;

/**
 * Answers synthetic AdmissionReviews for a while before the webhook takes real ones, so that the JIT compiler has
 * compiled the review path (parsing, normalisation and digest of the objects, the one-object change, its assessment by
 * the policies, the answer's JSON) before the API server's first calls: a cold JVM answers its first few thousand
 * reviews several times slower, and at a thousand a second that backlog shows as seconds of latency.
 *
 * <p>The reviews are Deployment updates by a person ({@value #USER}) that change the image each time, so that no
 * verdict is reused; they touch nothing stored. Their answers are checked only to be non-empty: what a synthetic
 * review is allowed is of no interest, only that it runs the same code. Stateless.
 */
final class AdmissionWarmUp {

    /** The user the synthetic reviews name. */
    static final String USER = "system:blastwall:warm-up";

    private AdmissionWarmUp() {
    }

    /**
     * Answers synthetic reviews with {@code answer} for about {@code budget}.
     *
     * @return how many were answered
     */
    static int run(Function<String, byte[]> answer, Duration budget) {
        long end = System.nanoTime() + budget.toNanos();
        int n = 0;
        while (System.nanoTime() < end) {
            if (answer.apply(review(n)).length == 0) throw new IllegalStateException("empty answer to a warm-up review");
            n++;
        }
        return n;
    }

    /** The {@code n}th synthetic review: an UPDATE of Deployment blastwall-warm-up/web to image web:1.0.{n}. */
    static String review(int n) {
        return """
                {"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{
                 "uid":"warm-up-%1$d",
                 "kind":{"group":"apps","version":"v1","kind":"Deployment"},
                 "resource":{"group":"apps","version":"v1","resource":"deployments"},
                 "name":"web","namespace":"blastwall-warm-up","operation":"UPDATE",
                 "userInfo":{"username":"%2$s","groups":["system:authenticated"]},
                 "object":%3$s,
                 "oldObject":%4$s,
                 "dryRun":false}}
                """.formatted(n, USER, deployment("web:1.0." + n, 3), deployment("web:1.0.0", 2));
    }

    private static String deployment(String image, int replicas) {
        return """
                {"apiVersion":"apps/v1","kind":"Deployment",
                 "metadata":{"name":"web","namespace":"blastwall-warm-up","labels":{"app":"web"},
                  "annotations":{"deployment.kubernetes.io/revision":"4"}},
                 "spec":{"replicas":%2$d,"revisionHistoryLimit":10,"progressDeadlineSeconds":600,
                  "selector":{"matchLabels":{"app":"web"}},
                  "strategy":{"type":"RollingUpdate","rollingUpdate":{"maxSurge":"25%%","maxUnavailable":"25%%"}},
                  "template":{"metadata":{"labels":{"app":"web"}},
                   "spec":{"containers":[{"name":"web","image":"%1$s","imagePullPolicy":"IfNotPresent",
                    "ports":[{"containerPort":8080,"protocol":"TCP"}],
                    "env":[{"name":"MODE","value":"warm-up"}],
                    "resources":{"requests":{"cpu":"250m","memory":"256Mi"},"limits":{"memory":"512Mi"}}}],
                    "restartPolicy":"Always","terminationGracePeriodSeconds":30,"dnsPolicy":"ClusterFirst"}}},
                 "status":{"replicas":%2$d,"readyReplicas":%2$d}}
                """.formatted(image, replicas);
    }
}
