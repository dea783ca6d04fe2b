package io.blastwall.core.blast;

import io.blastwall.core.estate.Estate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The blast radius of one change: what each action does at its targets, everything impacted through the
 * dependency graph with the shortest explaining path, the summary, and safer alternatives.
 *
 * <p>Immutable. Impacted nodes are materialised on demand ({@link #impacted(int)}) because a change to a
 * core component of a million-node estate can impact hundreds of thousands of them.
 */
public final class BlastReport {

    private final Propagation propagation;
    private final List<ActionImpact> actions;
    private final BlastSummary summary;
    private final List<Alternative> alternatives;
    private final String[] causeAddresses;

    BlastReport(Propagation propagation, List<ActionImpact> actions, BlastSummary summary,
                List<Alternative> alternatives, String[] causeAddresses) {
        this.propagation = propagation;
        this.actions = List.copyOf(actions);
        this.summary = summary;
        this.alternatives = List.copyOf(alternatives);
        this.causeAddresses = causeAddresses.clone();
    }

    public List<ActionImpact> actions() { return actions; }

    public BlastSummary summary() { return summary; }

    public List<Alternative> alternatives() { return alternatives; }

    public Propagation propagation() { return propagation; }

    /**
     * The impacted components, worst first (severity, then tier, then distance, then id), at most {@code limit} of them.
     */
    public List<Impact> impacted(int limit) {
        Estate e = propagation.estate();
        int[] worst = WorstFirst.select(propagation, limit);
        List<Impact> out = new ArrayList<>(worst.length);
        for (int v : worst) {
            List<String> path = new ArrayList<>();
            for (int p : propagation.path(v)) path.add(e.id(p));
            int cause = propagation.cause(v);
            out.add(new Impact(e.id(v), propagation.severity(v), path,
                    cause >= 0 && cause < causeAddresses.length ? causeAddresses[cause] : "", e.tier(v)));
        }
        return out;
    }
}
