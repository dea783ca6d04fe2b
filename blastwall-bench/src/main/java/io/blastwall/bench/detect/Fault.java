package io.blastwall.bench.detect;

import io.blastwall.sim.ChangeBehaviour;
import io.blastwall.sim.Simulation;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * What a simulated change does to the targets it reaches: nothing ({@link Good}) or one kind of harm of one size.
 * Each knows the {@link ChangeBehaviour} it stands for, the kind and size it is reported under, and whether the issue's
 * recall target covers it ("doubles the error rate or adds 20 % to median latency", or worse). Immutable.
 */
public sealed interface Fault {

    /** The simulator behaviour on {@code sim}; {@code nodeId} is the canary's component (to size latency changes). */
    ChangeBehaviour behaviour(Simulation sim, String nodeId);

    /** The kind of harm, a row group of the report: {@code good}, {@code error rate ×}, {@code latency} … */
    String kind();

    /** Its size within the kind: {@code ×2}, {@code +20 %} … */
    String size();

    /** At least as bad as doubling the error rate or adding 20 % to the median latency, showing within the bake. */
    boolean mustCatch();

    default String label() {
        return size().isEmpty() ? kind() : kind() + " " + size();
    }

    /** A change that behaves exactly like the version it replaces. */
    record Good() implements Fault {
        public ChangeBehaviour behaviour(Simulation sim, String nodeId) {
            return ChangeBehaviour.GOOD;
        }

        public String kind() {
            return "good";
        }

        public String size() {
            return "";
        }

        public boolean mustCatch() {
            return false;
        }
    }

    /** The component's own error rate times {@code factor}. */
    record ErrorTimes(double factor) implements Fault {
        public ChangeBehaviour behaviour(Simulation sim, String nodeId) {
            return ChangeBehaviour.errorRateTimes(factor);
        }

        public String kind() {
            return "error rate";
        }

        public String size() {
            return "×" + num(factor);
        }

        public boolean mustCatch() {
            return factor >= 2;
        }
    }

    /** {@code rate} more of its requests fail (absolute; the simulated base rate is 0.1 %). */
    record AddedErrors(double rate) implements Fault {
        public ChangeBehaviour behaviour(Simulation sim, String nodeId) {
            return ChangeBehaviour.addedErrors(rate);
        }

        public String kind() {
            return "added errors";
        }

        public String size() {
            return "+" + num(rate * 100) + " %";
        }

        public boolean mustCatch() {
            return true; // +1 % on a 0.1 % base is ×11
        }
    }

    /** The component's idle median latency plus {@code share} of itself, per request. */
    record SlowerMedian(double share) implements Fault {
        public ChangeBehaviour behaviour(Simulation sim, String nodeId) {
            long nanos = Math.round(sim.nominalLatency(nodeId).toNanos() * share);
            return ChangeBehaviour.addedLatency(Duration.ofNanos(Math.max(1, nanos)));
        }

        public String kind() {
            return "median latency";
        }

        public String size() {
            return "+" + num(share * 100) + " %";
        }

        public boolean mustCatch() {
            return share >= 0.2;
        }
    }

    /** Instances crash-loop. */
    record CrashLoop() implements Fault {
        public ChangeBehaviour behaviour(Simulation sim, String nodeId) {
            return ChangeBehaviour.crashLooping();
        }

        public String kind() {
            return "crash loop";
        }

        public String size() {
            return "";
        }

        public boolean mustCatch() {
            return true;
        }
    }

    /** {@code share} of the capacity is gone (harmful only where the rest cannot carry the load). */
    record CapacityLoss(double share) implements Fault {
        public ChangeBehaviour behaviour(Simulation sim, String nodeId) {
            return ChangeBehaviour.capacityLost(share);
        }

        public String kind() {
            return "capacity lost";
        }

        public String size() {
            return num(share * 100) + " %";
        }

        public boolean mustCatch() {
            return false; // no error or latency effect unless the load exceeds what is left
        }
    }

    /** {@code inner}, showing only {@code delay} after the version reaches a target. */
    record Delayed(Fault inner, Duration delay) implements Fault {
        public ChangeBehaviour behaviour(Simulation sim, String nodeId) {
            return inner.behaviour(sim, nodeId).after(delay);
        }

        public String kind() {
            return "delayed " + inner.label();
        }

        public String size() {
            return "after " + delay.toMinutes() + " min";
        }

        /** Caught by the target only when it shows with time to spare in a wave's bake. */
        public boolean mustCatch() {
            return false;
        }
    }

    /** The bad changes the harness cycles through: every kind and size the issue names. */
    static List<Fault> badChanges() {
        return List.of(new ErrorTimes(1.5), new ErrorTimes(2), new ErrorTimes(3), new ErrorTimes(5),
                new AddedErrors(0.01), new AddedErrors(0.02), new AddedErrors(0.05), new AddedErrors(0.10),
                new SlowerMedian(0.10), new SlowerMedian(0.20), new SlowerMedian(0.50),
                new CrashLoop(), new CapacityLoss(0.5), new CapacityLoss(0.9),
                new Delayed(new ErrorTimes(3), Duration.ofMinutes(2)), new Delayed(new ErrorTimes(3), Duration.ofMinutes(8)));
    }

    private static String num(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : String.format(Locale.ROOT, "%.1f", d);
    }
}
