package io.blastwall.sim;

import java.time.Duration;
import java.util.Objects;

/**
 * How a version behaves on the targets it is deployed to, relative to the version it replaced.
 *
 * <p>The effects combine: a cell running the version has its own error rate multiplied by
 * {@code errorRateMultiplier} and raised by {@code addedErrorRate}, its own service time multiplied by
 * {@code latencyMultiplier} and raised by {@code addedLatency}, its capacity reduced by {@code capacityLoss}
 * (0.25 = a quarter of its instances gone), and with {@code crashLoop} its instances keep crashing (most are down at
 * any moment, and requests that reach a crashing instance fail). None of it shows before the version has run for
 * {@code failureDelay} on a cell (a leak, a cache that expires, a cron job): zero means at once.
 *
 * <p>Immutable. {@link #GOOD} changes nothing.
 *
 * @param errorRateMultiplier multiplies the cell's own (baseline) error rate, ≥ 0
 * @param addedErrorRate      absolute error rate added, 0..1
 * @param latencyMultiplier   multiplies the cell's own service time, &gt; 0
 * @param addedLatency        added to the cell's own service time, ≥ 0
 * @param crashLoop           instances crash-loop: capacity mostly gone and requests reaching them fail
 * @param capacityLoss        share of the cell's capacity lost, 0..1
 * @param failureDelay        how long after deployment on a cell the effects start, ≥ 0
 */
public record ChangeBehaviour(double errorRateMultiplier, double addedErrorRate, double latencyMultiplier,
                              Duration addedLatency, boolean crashLoop, double capacityLoss, Duration failureDelay) {

    /** A version that behaves exactly like the one it replaces. */
    public static final ChangeBehaviour GOOD = new ChangeBehaviour(1, 0, 1, Duration.ZERO, false, 0, Duration.ZERO);

    public ChangeBehaviour {
        if (!(errorRateMultiplier >= 0) || Double.isInfinite(errorRateMultiplier)) {
            throw new IllegalArgumentException("errorRateMultiplier must be a finite number >= 0, was " + errorRateMultiplier);
        }
        if (!(addedErrorRate >= 0 && addedErrorRate <= 1)) {
            throw new IllegalArgumentException("addedErrorRate must be within 0..1, was " + addedErrorRate);
        }
        if (!(latencyMultiplier > 0) || Double.isInfinite(latencyMultiplier)) {
            throw new IllegalArgumentException("latencyMultiplier must be a finite number > 0, was " + latencyMultiplier);
        }
        Objects.requireNonNull(addedLatency, "addedLatency");
        if (addedLatency.isNegative()) throw new IllegalArgumentException("addedLatency must not be negative");
        if (!(capacityLoss >= 0 && capacityLoss <= 1)) {
            throw new IllegalArgumentException("capacityLoss must be within 0..1, was " + capacityLoss);
        }
        Objects.requireNonNull(failureDelay, "failureDelay");
        if (failureDelay.isNegative()) throw new IllegalArgumentException("failureDelay must not be negative");
    }

    /** The version multiplies the error rate by {@code factor} (2 = doubles it). */
    public static ChangeBehaviour errorRateTimes(double factor) {
        return GOOD.withErrorRateMultiplier(factor);
    }

    /** The version adds {@code rate} (0.05 = 5 % of requests) to the error rate. */
    public static ChangeBehaviour addedErrors(double rate) {
        return new ChangeBehaviour(1, rate, 1, Duration.ZERO, false, 0, Duration.ZERO);
    }

    /** The version multiplies the service time by {@code factor} (1.2 = 20 % slower). */
    public static ChangeBehaviour latencyTimes(double factor) {
        return new ChangeBehaviour(1, 0, factor, Duration.ZERO, false, 0, Duration.ZERO);
    }

    /** The version adds {@code extra} to every request's service time. */
    public static ChangeBehaviour addedLatency(Duration extra) {
        return new ChangeBehaviour(1, 0, 1, extra, false, 0, Duration.ZERO);
    }

    /** The version's instances crash-loop. */
    public static ChangeBehaviour crashLooping() {
        return new ChangeBehaviour(1, 0, 1, Duration.ZERO, true, 0, Duration.ZERO);
    }

    /** The version loses {@code share} of the capacity (0.5 = half). */
    public static ChangeBehaviour capacityLost(double share) {
        return new ChangeBehaviour(1, 0, 1, Duration.ZERO, false, share, Duration.ZERO);
    }

    public ChangeBehaviour withErrorRateMultiplier(double factor) {
        return new ChangeBehaviour(factor, addedErrorRate, latencyMultiplier, addedLatency, crashLoop, capacityLoss, failureDelay);
    }

    /** The same effects plus {@code rate} of requests failing. */
    public ChangeBehaviour withAdded(double rate) {
        return new ChangeBehaviour(errorRateMultiplier, rate, latencyMultiplier, addedLatency, crashLoop, capacityLoss, failureDelay);
    }

    /** The same effects with the service time multiplied by {@code factor}. */
    public ChangeBehaviour withLatencyTimes(double factor) {
        return new ChangeBehaviour(errorRateMultiplier, addedErrorRate, factor, addedLatency, crashLoop, capacityLoss, failureDelay);
    }

    /** The same effects, starting only {@code delay} after the version reaches a cell. */
    public ChangeBehaviour after(Duration delay) {
        return new ChangeBehaviour(errorRateMultiplier, addedErrorRate, latencyMultiplier, addedLatency, crashLoop, capacityLoss, delay);
    }

    /** True when the version changes nothing. */
    public boolean isGood() {
        return errorRateMultiplier == 1 && addedErrorRate == 0 && latencyMultiplier == 1 && addedLatency.isZero()
                && !crashLoop && capacityLoss == 0;
    }
}
