package io.blastwall.server.rollout;

import io.blastwall.core.rollout.ExecutionStep;
import io.blastwall.core.rollout.MetricQuery;
import io.blastwall.core.rollout.MetricsSource;
import io.blastwall.core.rollout.MetricsUnavailableException;
import io.blastwall.core.rollout.RolloutExecutor;
import io.blastwall.core.rollout.StepOutcome;
import io.blastwall.core.rollout.WaveJudge;
import io.blastwall.core.rollout.WaveVerdict;

import java.util.List;
import java.util.Map;

/**
 * What a server runs with when no executor or metrics source was configured: every apply fails, saying so, and every
 * metrics query is unavailable — so a rollout started there halts at its first wave with that reason instead of
 * pretending to change anything (fail closed). Rolling back is a no-op success: nothing was ever applied. Without a
 * canary judge, no wave ever passes its analysis: it halts for insufficient evidence (a human may promote by hand).
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

    public static WaveJudge judge() {
        return new WaveJudge() {
            @Override
            public List<String> metrics() {
                return List.of("error_rate");
            }

            @Override
            public WaveVerdict judge(Map<String, double[]> baseline, Map<String, double[]> canary) {
                return new WaveVerdict(WaveVerdict.Outcome.INSUFFICIENT_DATA, 0, List.of(),
                        List.of("no canary judge is configured on this server, so no wave passes on its own"));
            }
        };
    }
}
