package io.blastwall.sim;

import io.blastwall.core.rollout.MetricQuery;
import io.blastwall.core.rollout.MetricsSource;
import io.blastwall.core.rollout.MetricsUnavailableException;
import io.blastwall.core.rollout.RolloutTarget;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The metrics source port read straight from a {@link Simulation}'s retained series (no Prometheus in between).
 *
 * <p>Metrics: {@value #ERROR_RATE} (errors over requests), {@value #LATENCY_P50} (median latency, ms) and
 * {@value #LATENCY_P99} (99th percentile latency, ms, from the latency model's shape). The window is cut into
 * {@code step}-long steps from {@code from}; each step holds the series slots ({@link SimConfig#seriesResolution()})
 * that start in it and have ended by now. A sample is one step of one target that had requests, so steps shorter than
 * the resolution, targets without traffic (ejected, crash-looping) and history older than the retention yield no
 * samples. Samples are returned step by step, in the query's target order within a step. Both roles read the targets
 * they are given; the role only matters to the caller. Unknown metrics or targets, and a closed simulation, throw
 * {@link MetricsUnavailableException}. Thread-safe.
 */
public final class SimulatorMetricsSource implements MetricsSource {

    public static final String ERROR_RATE = "error_rate";
    public static final String LATENCY_P50 = "latency_p50_ms";
    public static final String LATENCY_P99 = "latency_p99_ms";
    private static final double Z99 = 2.3263478740408408;

    private final Simulation sim;

    public SimulatorMetricsSource(Simulation sim) {
        this.sim = Objects.requireNonNull(sim, "sim");
    }

    @Override
    public String describe() {
        return "simulator";
    }

    @Override
    public double[] fetch(MetricQuery q) {
        Objects.requireNonNull(q, "query");
        int metric = switch (q.metric()) {
            case ERROR_RATE -> 0;
            case LATENCY_P50 -> 1;
            case LATENCY_P99 -> 2;
            default -> throw new MetricsUnavailableException("the simulator has no metric '" + q.metric()
                    + "'; it has " + ERROR_RATE + ", " + LATENCY_P50 + ", " + LATENCY_P99);
        };
        sim.lock();
        try {
            if (!sim.runningUnlocked()) throw new MetricsUnavailableException("the simulation is not running");
            List<RolloutTarget> targets = q.targets();
            int[] cells = new int[targets.size()];
            for (int i = 0; i < cells.length; i++) {
                try {
                    cells[i] = sim.cellOf(targets.get(i));
                } catch (IllegalArgumentException e) {
                    throw new MetricsUnavailableException("unknown target " + targets.get(i) + ": " + e.getMessage());
                }
            }
            return samples(metric, cells, q.from(), q.to(), q.step());
        } finally {
            sim.unlock();
        }
    }

    private double[] samples(int metric, int[] cells, Instant from, Instant to, Duration step) {
        TickEngine engine = sim.engine();
        SeriesStore store = engine.series;
        long tickMs = engine.config.tick().toMillis();
        long slotMs = store.ticksPerSlot * tickMs;
        long startMs = sim.start().toEpochMilli();
        long fromMs = from.toEpochMilli() - startMs;
        long toMs = to.toEpochMilli() - startMs;
        long stepMs = Math.max(1, step.toMillis());
        long completeSlots = engine.tick / store.ticksPerSlot;   // slots [0, completeSlots) have ended
        long firstSlot = Math.max(0, Math.floorDiv(fromMs + slotMs - 1, slotMs));
        long endSlot = Math.min(completeSlots, Math.floorDiv(toMs + slotMs - 1, slotMs));
        int steps = (int) Math.max(0, Math.min(Integer.MAX_VALUE - 8, (toMs - fromMs + stepMs - 1) / stepMs));
        if (endSlot <= firstSlot || steps == 0) return new double[0];
        double[] req = new double[steps * cells.length];
        double[] err = new double[req.length];
        double[] lat = new double[req.length];
        for (long s = firstSlot; s < endSlot; s++) {
            int row = store.rowOf(s);
            if (row < 0) continue;
            int k = (int) ((s * slotMs - fromMs) / stepMs);
            if (k < 0 || k >= steps) continue;
            for (int i = 0; i < cells.length; i++) {
                int at = k * cells.length + i;
                req[at] += store.requests(row, cells[i]);
                err[at] += store.errors(row, cells[i]);
                lat[at] += store.logLatency(row, cells[i]);
            }
        }
        double[] out = new double[req.length];
        int n = 0;
        Topology topo = sim.topology();
        for (int at = 0; at < req.length; at++) {
            if (req[at] <= 0) continue;
            double lnMedian = lat[at] / req[at];
            out[n++] = switch (metric) {
                case 0 -> err[at] / req[at];
                case 1 -> Math.exp(lnMedian) * 1000;
                default -> Math.exp(lnMedian + Z99 * topo.sigma[topo.cellNode[cells[at % cells.length]]]) * 1000;
            };
        }
        return java.util.Arrays.copyOf(out, n);
    }
}
