package io.blastwall.server;

import io.blastwall.core.controlplane.AnalysisGate;
import io.blastwall.core.controlplane.ControlPlane;
import io.blastwall.core.store.ControlPlaneStore;
import io.blastwall.core.verdict.Assessment;
import io.blastwall.formats.output.AssessmentJson;

import java.time.Clock;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Builds a {@link ControlPlane} wired to the real formats: documents read by the formats module's readers, analyses
 * shown to reviewers in the CLI's stable JSON ({@code blastwall.io/check/v1}, at most {@value #MAX_IMPACTED} impacted
 * components listed), and stored with {@link Json}. Stateless.
 */
public final class ControlPlanes {

    /** Impacted components listed in a stored analysis (the summary counts all of them). */
    public static final int MAX_IMPACTED = 250;

    private ControlPlanes() {
    }

    public static ControlPlane create(ControlPlaneStore store, Supplier<io.blastwall.core.controlplane.Config> config, Clock clock) {
        return create(store, config, clock, AnalysisGate.of(0));
    }

    /** As {@link #create(ControlPlaneStore, Supplier, Clock)}, analysing through {@code gate}. */
    public static ControlPlane create(ControlPlaneStore store, Supplier<io.blastwall.core.controlplane.Config> config, Clock clock,
                                      AnalysisGate gate) {
        return new ControlPlane(store, config, clock, new ControlPlane.Ports(new FormatsChangeParser(), ControlPlanes::view,
                Json.INSTANCE), gate);
    }

    /** The analysis tree, with the exit code {@code blastwall check} would give for the verdict. */
    static Map<String, Object> view(Assessment a) {
        int code = switch (a.decision()) {
            case ALLOW -> 0;
            case NEEDS_APPROVAL -> 10;
            case DENY -> 20;
        };
        return AssessmentJson.tree(a, MAX_IMPACTED, code);
    }
}
