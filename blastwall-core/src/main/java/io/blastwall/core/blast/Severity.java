package io.blastwall.core.blast;

import io.blastwall.core.estate.EdgeType;

import java.util.Locale;

/**
 * How badly a component is hit, from {@link #NONE} to {@link #DATA_LOSS}. Ordered: a later constant is worse.
 *
 * <p>{@link #propagate(EdgeType)} says what a dependent suffers through an edge of a given type; it never
 * makes things worse than the cause, which is what lets the blast radius search settle each node once.
 */
public enum Severity {
    /** Not affected. */
    NONE,
    /** Work is delayed (asynchronous consumers, replication, batch). */
    DELAYED,
    /** Could fail: a configuration or update lands here, or on something it depends on. */
    AT_RISK,
    /** Still serves peak load, but no longer survives losing a zone (N+1 lost). */
    REDUCED_REDUNDANCY,
    /** Serves with errors or latency. */
    DEGRADED,
    /** Less capacity than peak load: sheds or queues requests at peak. */
    OVERLOADED,
    /** Down. */
    OUTAGE,
    /** Down, and the data it held is destroyed. */
    DATA_LOSS;

    private static final Severity[] VALUES = values();
    // PROPAGATION[cause * 3 + edgeType] = what a dependent suffers; edge types in EdgeType order: HARD, SOFT, ASYNC
    private static final byte[] PROPAGATION = new byte[VALUES.length * 3];

    static {
        set(NONE, NONE, NONE, NONE);
        set(DELAYED, DELAYED, NONE, DELAYED);
        set(AT_RISK, AT_RISK, AT_RISK, DELAYED);
        set(REDUCED_REDUNDANCY, AT_RISK, NONE, NONE);
        set(DEGRADED, DEGRADED, AT_RISK, DELAYED);
        set(OVERLOADED, DEGRADED, DEGRADED, DELAYED);
        set(OUTAGE, OUTAGE, DEGRADED, DELAYED);
        set(DATA_LOSS, OUTAGE, DEGRADED, DELAYED);
    }

    private static void set(Severity cause, Severity hard, Severity soft, Severity async) {
        PROPAGATION[cause.ordinal() * 3] = (byte) hard.ordinal();
        PROPAGATION[cause.ordinal() * 3 + 1] = (byte) soft.ordinal();
        PROPAGATION[cause.ordinal() * 3 + 2] = (byte) async.ordinal();
    }

    /** What a component depending on one that suffers {@code this} suffers, through an edge of the given type. */
    public Severity propagate(EdgeType type) {
        return VALUES[PROPAGATION[ordinal() * 3 + type.ordinal()]];
    }

    /** Ordinal form of {@link #propagate(EdgeType)} for hot loops. */
    static int propagate(int causeOrdinal, int edgeTypeOrdinal) {
        return PROPAGATION[causeOrdinal * 3 + edgeTypeOrdinal];
    }

    public static Severity ofOrdinal(int ordinal) {
        return VALUES[ordinal];
    }

    /** Lower-case hyphenated name used in JSON and policies ({@code data-loss}). */
    public String externalName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public boolean atLeast(Severity other) {
        return compareTo(other) >= 0;
    }
}
