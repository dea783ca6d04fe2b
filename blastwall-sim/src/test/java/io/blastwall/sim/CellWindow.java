package io.blastwall.sim;

import io.blastwall.core.rollout.RolloutTarget;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Cumulative counts at one moment, to measure what happened to targets and nodes between then and now. */
final class CellWindow {

    private final Map<RolloutTarget, CellSnapshot> at = new HashMap<>();

    static CellWindow open(Simulation sim) {
        CellWindow w = new CellWindow();
        for (CellSnapshot s : sim.snapshots()) w.at.put(s.target(), s);
        return w;
    }

    double requests(Simulation sim, RolloutTarget t) {
        return sim.snapshot(t).requests() - at.get(t).requests();
    }

    double errors(Simulation sim, RolloutTarget t) {
        return sim.snapshot(t).errors() - at.get(t).errors();
    }

    double errorRate(Simulation sim, RolloutTarget t) {
        double r = requests(sim, t);
        return r > 0 ? errors(sim, t) / r : 0;
    }

    /** Requests of all of a node's zones. */
    double requests(Simulation sim, String node) {
        double s = 0;
        for (RolloutTarget t : sim.targetsOf(node)) s += requests(sim, t);
        return s;
    }

    double errorRate(Simulation sim, String node) {
        double r = 0, e = 0;
        List<RolloutTarget> ts = sim.targetsOf(node);
        for (RolloutTarget t : ts) {
            r += requests(sim, t);
            e += errors(sim, t);
        }
        return r > 0 ? e / r : 0;
    }
}
