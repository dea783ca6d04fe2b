package io.blastwall.sim;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What each change does once deployed in the simulation, as registered by a demo or a harness: per content hash (one
 * approved revision) or per change id, a {@link ChangeBehaviour}, and optionally an executor fault that makes the
 * simulator executor fail or hang instead of deploying. A content hash registration wins over a change id one;
 * changes never registered behave as {@link ChangeBehaviour#GOOD}.
 *
 * <p>Thread-safe.
 */
public final class SimulatedChanges {

    /** How the simulator executor itself misbehaves for a change, to exercise the engine's fault handling. */
    public enum ExecutorFault {
        /** Deploys normally. */
        NONE,
        /** Reports a failed step without changing anything. */
        FAIL,
        /** Does nothing until the step's timeout has passed, then reports it timed out. */
        HANG
    }

    private final Map<String, ChangeBehaviour> byChange = new ConcurrentHashMap<>();
    private final Map<String, ChangeBehaviour> byContent = new ConcurrentHashMap<>();
    private final Map<String, ExecutorFault> faults = new ConcurrentHashMap<>();

    /** Change {@code changeId}, in any revision not registered by content hash, behaves as {@code behaviour}. */
    public SimulatedChanges register(String changeId, ChangeBehaviour behaviour) {
        byChange.put(Objects.requireNonNull(changeId, "changeId"), Objects.requireNonNull(behaviour, "behaviour"));
        return this;
    }

    /** The revision with content hash {@code contentHash} behaves as {@code behaviour}. */
    public SimulatedChanges registerContent(String contentHash, ChangeBehaviour behaviour) {
        byContent.put(Objects.requireNonNull(contentHash, "contentHash"), Objects.requireNonNull(behaviour, "behaviour"));
        return this;
    }

    /** The simulator executor misbehaves as {@code fault} for every step of change {@code changeId}. */
    public SimulatedChanges fault(String changeId, ExecutorFault fault) {
        faults.put(Objects.requireNonNull(changeId, "changeId"), Objects.requireNonNull(fault, "fault"));
        return this;
    }

    public ChangeBehaviour behaviourFor(String changeId, String contentHash) {
        ChangeBehaviour b = contentHash == null ? null : byContent.get(contentHash);
        if (b != null) return b;
        return byChange.getOrDefault(changeId, ChangeBehaviour.GOOD);
    }

    public ExecutorFault faultFor(String changeId) {
        return faults.getOrDefault(changeId, ExecutorFault.NONE);
    }
}
