package io.blastwall.sim;

import java.util.SplittableRandom;

/**
 * How the estate's clients retry, per callee node: the expected retries per first call and the failure a caller still
 * sees after them (both from the callee's current failure rate and the {@link RetryPolicy}: retries are independent
 * attempts, capped by the budget), and, with backoff, a ring of later ticks holding the retries scheduled for them.
 *
 * <p>Not thread-safe: owned by one {@link TickEngine}.
 */
final class RetryModel {

    private final RetryPolicy policy;
    private final double dt;
    private final double backoffBase;
    private final int ring;
    private final double[] due;          // [node * ring + slot]
    final double[] perCall;              // expected retries per first call to each node
    final double[] finalFailure;         // failure a caller sees after its retries
    double scheduled;                    // cumulative retries clients decided to make, delivered or still waiting

    RetryModel(RetryPolicy policy, int nodes, double dtSeconds) {
        this.policy = policy;
        this.dt = dtSeconds;
        this.backoffBase = policy.backoffBase().toNanos() / 1e9;
        double maxDelay = policy.hasBackoff() ? backoffBase * (1L << Math.max(0, policy.maxRetries() - 1)) : 0;
        this.ring = (int) Math.ceil(maxDelay / dt) + 2;
        this.due = new double[nodes * ring];
        this.perCall = new double[nodes];
        this.finalFailure = new double[nodes];
    }

    int slotOf(long tick) {
        return (int) (tick % ring);
    }

    /** Takes the retries to node {@code b} that fall due in ring slot {@code slot}. */
    double takeDue(int b, int slot) {
        double x = due[b * ring + slot];
        due[b * ring + slot] = 0;
        return x;
    }

    /**
     * The retries of {@code first} calls to node {@code b} that go out in this tick: all of them without backoff;
     * with backoff none, since they are spread over later ticks (full-jitter exponential backoff).
     */
    double retry(SplittableRandom rnd, int b, double first, double failureOfB, int slot) {
        double again = Sampling.poisson(rnd, first * perCall[b]);
        if (again <= 0) return 0;
        scheduled += again;
        if (!policy.hasBackoff()) return again;
        double share = 1, total = 0;
        for (int i = 1; i <= policy.maxRetries(); i++) total += (share *= failureOfB);
        double left = again;
        share = 1;
        for (int i = 1; i <= policy.maxRetries() && left > 0; i++) {
            share *= failureOfB;
            double count = i == policy.maxRetries() ? left : Math.min(left, Math.rint(again * share / total));
            left -= count;
            double delay = rnd.nextDouble() * backoffBase * (1L << (i - 1));
            int ahead = 1 + (int) Math.floor(delay / dt);
            due[b * ring + (slot + ahead) % ring] += count;
        }
        return 0;
    }

    /** Recomputes the per-node factors from each node's failure as callers see it. */
    void refresh(double[] failure) {
        for (int b = 0; b < perCall.length; b++) {
            double f = failure[b];
            double uncapped = 0, p = 1;
            for (int i = 1; i <= policy.maxRetries(); i++) uncapped += (p *= f);
            double s = uncapped <= 0 ? 0 : Math.min(1, policy.budget() / uncapped);
            perCall[b] = s * uncapped;
            finalFailure[b] = f * (1 - s) + s * f * p;
        }
    }

    /** Retries scheduled for later ticks and not yet delivered. */
    double pending() {
        double s = 0;
        for (double x : due) s += x;
        return s;
    }
}
