package io.blastwall.server.rollout;

import io.blastwall.core.rollout.ExecutionStep;
import io.blastwall.core.rollout.MetricQuery;
import io.blastwall.core.rollout.MetricsSource;
import io.blastwall.core.rollout.MetricsUnavailableException;
import io.blastwall.core.rollout.RolloutExecutor;
import io.blastwall.core.rollout.StepOutcome;

/**
 * What a server runs with when no executor or metrics source was configured: every apply fails, saying so, and every
 * metrics query is unavailable — so a rollout started there halts at its first wave with that reason instead of
 * pretending to change anything (fail closed). Rolling back is a no-op success: nothing was ever applied.
 */
public final class Unconfigured {

    private Unconfigured() {
    }

    public static RolloutExecutor executor() {
        return new RolloutExecutor() {
            @Override
            public String name() {
                return "none";
            }

            @Override
            public StepOutcome apply(ExecutionStep step) {
                return StepOutcome.failed("no rollout executor is configured on this server, so wave " + step.wave()
                        + " was not applied; start the server with an executor (simulator, kubernetes or command)", "");
            }

            @Override
            public StepOutcome rollBack(ExecutionStep step) {
                return StepOutcome.ok("nothing to roll back: no executor is configured, so nothing was applied");
            }
        };
    }

    public static MetricsSource metrics() {
        return new MetricsSource() {
            @Override
            public String describe() {
                return "none";
            }

            @Override
            public double[] fetch(MetricQuery query) {
                throw new MetricsUnavailableException("no metrics source is configured on this server");
            }
        };
    }
}
