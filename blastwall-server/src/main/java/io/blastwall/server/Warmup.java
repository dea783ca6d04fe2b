package io.blastwall.server;

import io.blastwall.core.change.Action;
import io.blastwall.core.change.ActionKind;
import io.blastwall.core.change.Change;
import io.blastwall.core.change.Provenance;
import io.blastwall.core.change.ResourceRef;
import io.blastwall.core.change.Scope;
import io.blastwall.core.controlplane.Config;
import io.blastwall.core.estate.Estate;
import io.blastwall.core.verdict.Assessment;
import io.blastwall.core.verdict.Assessor;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs the analysis path (mapping, blast radius, policy evaluation, the reviewers' JSON view) on a synthetic change
 * before the server accepts requests, so that the JIT compiler has done its work before the first real submission:
 * on a small machine a cold server answers its first few hundred submissions slowly and builds a backlog. Nothing is
 * stored; the synthetic change reconfigures up to 50 components spread over the estate.
 *
 * <p>Stateless; call once at start-up.
 */
public final class Warmup {

    private Warmup() {
    }

    /** Analyses the synthetic change repeatedly for about {@code budget}; returns how many analyses ran. */
    public static int run(Config config, Duration budget) {
        if (budget.isZero() || budget.isNegative()) return 0;
        Estate e = config.estate();
        int n = e.nodeCount();
        int actions = Math.min(50, n);
        List<Action> list = new ArrayList<>(actions);
        for (int k = 0; k < actions; k++) {
            String id = e.id((int) ((long) k * n / actions));
            list.add(new Action(id, "component", new ResourceRef.Component(id), new ActionKind.Config(List.of("warm-up")),
                    "", List.of(), Map.of(), null));
        }
        Change change = new Change("blastwall-change", "warm-up", Provenance.human("warm-up"), list, Scope.UNSPECIFIED,
                "warm-up", List.of(), Map.of());
        Assessor assessor = new Assessor(e, config.policies(), Clock.systemUTC());
        long end = System.nanoTime() + budget.toNanos();
        int runs = 0;
        while (System.nanoTime() < end) {
            Assessment a = assessor.assess(change);
            if (Json.INSTANCE.write(ControlPlanes.view(a)).isEmpty()) throw new IllegalStateException("empty view");
            runs++;
        }
        return runs;
    }
}
