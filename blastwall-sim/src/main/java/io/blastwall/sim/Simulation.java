package io.blastwall.sim;

import io.blastwall.core.estate.Estate;
import io.blastwall.core.rollout.RolloutTarget;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A seeded, tick-based simulation of an estate: user traffic enters at the entry points and follows the dependency
 * edges; each node's capacity is spread over its zones; queueing, timeouts, retries, failover between zones and the
 * versions deployed to (node, zone) targets decide errors and latency. The model is described in docs/simulator.md
 * and implemented by {@link TickEngine}.
 *
 * <p>Time is virtual: nothing happens until {@link #advance} is called, so tests simulate hours in seconds; a
 * {@link RealTimeDriver} advances it with a wall clock for demos. The same seed, configuration, estate and sequence of
 * calls give the same numbers.
 *
 * <p>Thread-safe: every method holds one lock, so a driver thread may advance it while HTTP threads read metrics and
 * an executor deploys.
 */
public final class Simulation implements AutoCloseable {

    /** The version label of what every cell runs when the simulation starts. */
    public static final String BASE_VERSION = "base";

    private final Topology topo;
    private final TickEngine engine;
    private final Instant start;
    private final long tickNanos;
    private final ReentrantLock lock = new ReentrantLock();
    private final List<String> versionLabels = new ArrayList<>(List.of(BASE_VERSION));
    private final Map<String, Integer> versionOf = new HashMap<>();
    private final Map<String, int[]> previousOf = new HashMap<>(); // change id -> per cell version it replaced, -1 none
    private final Map<String, Long> firstDeployTick = new HashMap<>();
    private long pendingNanos;
    private boolean running = true;

    private Simulation(Estate estate, SimConfig config, long seed, Instant start) {
        this.topo = new Topology(estate, config);
        this.start = start;
        this.tickNanos = config.tick().toNanos();
        this.engine = new TickEngine(topo, config, seed, start.getEpochSecond());
        versionOf.put(BASE_VERSION, 0);
    }

    /** A simulation of {@code estate} starting at {@code start} (simulated time). */
    public static Simulation create(Estate estate, SimConfig config, long seed, Instant start) {
        Objects.requireNonNull(estate, "estate");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(start, "start");
        if (estate.nodeCount() == 0) throw new IllegalArgumentException("the estate has no nodes to simulate");
        return new Simulation(estate, config, seed, start);
    }

    /** A simulation starting at the epoch (midnight UTC, which matters only to a diurnal load profile). */
    public static Simulation create(Estate estate, SimConfig config, long seed) {
        return create(estate, config, seed, Instant.EPOCH);
    }

    public Estate estate() {
        return topo.estate;
    }

    public SimConfig config() {
        return engine.config;
    }

    /** When the simulation started, in simulated time. */
    public Instant start() {
        return start;
    }

    /** The current simulated instant: start plus the ticks run so far. */
    public Instant now() {
        lock.lock();
        try {
            return start.plusNanos(engine.tick * tickNanos);
        } finally {
            lock.unlock();
        }
    }

    /** A clock that reads simulated time, for components (a rollout engine) that must share it. */
    public Clock clock() {
        return new SimulatedClock(this, ZoneOffset.UTC);
    }

    /** Runs the simulation forward by {@code d}; fractions of a tick carry over to the next call. */
    public void advance(Duration d) {
        Objects.requireNonNull(d, "duration");
        if (d.isNegative()) throw new IllegalArgumentException("cannot advance by a negative duration " + d);
        lock.lock();
        try {
            requireRunning();
            pendingNanos += d.toNanos();
            while (pendingNanos >= tickNanos) {
                engine.tick();
                pendingNanos -= tickNanos;
            }
        } finally {
            lock.unlock();
        }
    }

    /** Runs the simulation forward to {@code t}; nothing happens when {@code t} is not after {@link #now()}. */
    public void advanceTo(Instant t) {
        lock.lock();
        try {
            Duration d = Duration.between(now(), t).minusNanos(pendingNanos);
            if (d.isNegative() || d.isZero()) return;
            advance(d);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Deploys the version of change {@code changeId} to {@code targets}. The first deployment of a change fixes its
     * behaviour; targets already running it are left alone. Returns how many targets changed.
     *
     * @throws IllegalArgumentException naming the first target the estate does not have
     */
    public int deploy(String changeId, Collection<RolloutTarget> targets, ChangeBehaviour behaviour) {
        Objects.requireNonNull(changeId, "changeId");
        Objects.requireNonNull(behaviour, "behaviour");
        if (changeId.isBlank() || changeId.equals(BASE_VERSION)) throw new IllegalArgumentException("bad change id '" + changeId + "'");
        lock.lock();
        try {
            requireRunning();
            int[] cells = cellsOf(targets);
            int v = versionOf.computeIfAbsent(changeId, id -> {
                versionLabels.add(id);
                return engine.addVersion(behaviour);
            });
            int[] prev = previousOf.computeIfAbsent(changeId, id -> filled(topo.cells));
            int changed = 0;
            for (int c : cells) {
                if (engine.version[c] == v) continue;
                prev[c] = engine.version[c];
                engine.setVersion(c, v);
                changed++;
            }
            if (changed > 0) firstDeployTick.putIfAbsent(changeId, engine.tick);
            return changed;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Returns {@code targets} that run change {@code changeId} to the version they ran before it; targets not running
     * it are left alone. Returns how many targets changed.
     */
    public int rollback(String changeId, Collection<RolloutTarget> targets) {
        Objects.requireNonNull(changeId, "changeId");
        lock.lock();
        try {
            requireRunning();
            int[] cells = cellsOf(targets);
            Integer v = versionOf.get(changeId);
            int[] prev = previousOf.get(changeId);
            if (v == null || prev == null) return 0;
            int changed = 0;
            for (int c : cells) {
                if (engine.version[c] != v || prev[c] < 0) continue;
                engine.setVersion(c, prev[c]);
                changed++;
            }
            return changed;
        } finally {
            lock.unlock();
        }
    }

    /** The version a target runs. */
    public String versionOf(RolloutTarget target) {
        lock.lock();
        try {
            return versionLabels.get(engine.version[cellOf(target)]);
        } finally {
            lock.unlock();
        }
    }

    /**
     * When change {@code changeId}'s behaviour first took effect anywhere: its first deployment plus its
     * {@link ChangeBehaviour#failureDelay()}, if that moment has come (a harness measures time to detection from it).
     * Empty for a change never deployed or still inside its delay. The effect may have ended since (a rollback).
     */
    public java.util.Optional<Instant> firstEffect(String changeId) {
        lock.lock();
        try {
            Long t = firstDeployTick.get(changeId);
            Integer v = versionOf.get(changeId);
            if (t == null || v == null) return java.util.Optional.empty();
            long at = t + engine.versions.delayTicks[v];
            return at <= engine.tick ? java.util.Optional.of(start.plusNanos(at * tickNanos)) : java.util.Optional.empty();
        } finally {
            lock.unlock();
        }
    }

    /** The targets that run {@code version} now ({@link #BASE_VERSION} or a deployed change), in estate order. */
    public List<RolloutTarget> targetsRunning(String version) {
        lock.lock();
        try {
            Integer v = versionOf.get(version);
            List<RolloutTarget> out = new ArrayList<>();
            if (v == null) return out;
            for (int c = 0; c < topo.cells; c++) if (engine.version[c] == v) out.add(targetOf(c));
            return out;
        } finally {
            lock.unlock();
        }
    }

    /** Takes every cell in {@code zone} down (an availability-zone outage) or brings it back. Returns the cells hit. */
    public int setZoneDown(String zone, boolean down) {
        lock.lock();
        try {
            int hit = 0;
            for (int c = 0; c < topo.cells; c++) {
                if (topo.cellZone[c].equals(zone)) {
                    engine.zoneDown[c] = down;
                    hit++;
                }
            }
            if (hit == 0) throw new IllegalArgumentException("no node of the estate is in zone '" + zone + "'");
            return hit;
        } finally {
            lock.unlock();
        }
    }

    /** Overrides the load profile with a fixed share of peak (a surge, a quiet night); NaN returns to the profile. */
    public void setLoadFactor(double factor) {
        if (!(Double.isNaN(factor) || factor >= 0) || Double.isInfinite(factor)) {
            throw new IllegalArgumentException("load factor must be >= 0 or NaN, was " + factor);
        }
        lock.lock();
        try {
            engine.loadOverride = factor;
        } finally {
            lock.unlock();
        }
    }

    /**
     * A node's median latency when idle and healthy: its own service time plus its synchronous calls' (noise and
     * zone skew aside). A harness that wants a bad version to add 20 % to a node's median adds
     * {@code 0.2 × nominalLatency} with {@link ChangeBehaviour#addedLatency(Duration)}: multiplying the own service
     * time moves the median less, since the median includes the dependencies.
     */
    public Duration nominalLatency(String nodeId) {
        int n = topo.estate.indexOf(nodeId);
        if (n < 0) throw new IllegalArgumentException("no node '" + nodeId + "' in the estate");
        return Duration.ofNanos(Math.round(engine.nominalLatency(n) * 1e9));
    }

    /** Every target of the estate (a node in each of its zones, or the node alone), in estate order. */
    public List<RolloutTarget> targets() {
        List<RolloutTarget> out = new ArrayList<>(topo.cells);
        for (int c = 0; c < topo.cells; c++) out.add(targetOf(c));
        return out;
    }

    /** The targets of one node. */
    public List<RolloutTarget> targetsOf(String nodeId) {
        int n = topo.estate.indexOf(nodeId);
        if (n < 0) throw new IllegalArgumentException("no node '" + nodeId + "' in the estate");
        List<RolloutTarget> out = new ArrayList<>();
        for (int c = topo.cellStart[n]; c < topo.cellStart[n + 1]; c++) out.add(targetOf(c));
        return out;
    }

    /** A snapshot of one target. */
    public CellSnapshot snapshot(RolloutTarget target) {
        lock.lock();
        try {
            return snapshotOf(cellOf(target));
        } finally {
            lock.unlock();
        }
    }

    /** Snapshots of every target, in estate order. */
    public List<CellSnapshot> snapshots() {
        lock.lock();
        try {
            List<CellSnapshot> out = new ArrayList<>(topo.cells);
            for (int c = 0; c < topo.cells; c++) out.add(snapshotOf(c));
            return out;
        } finally {
            lock.unlock();
        }
    }

    /** Writes the Prometheus text exposition (format 0.0.4) of every series; see docs/simulator.md for the names. */
    public void writeMetrics(Appendable out) throws IOException {
        lock.lock();
        try {
            new PrometheusText(topo, engine, versionLabels, now()).write(out);
        } finally {
            lock.unlock();
        }
    }

    /** The exposition as a string. */
    public String metricsText() {
        StringBuilder sb = new StringBuilder(64 * 1024);
        try {
            writeMetrics(sb);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sb.toString();
    }

    /** Stops the simulation: it can no longer advance or deploy, and the metrics source reports it unavailable. */
    @Override
    public void close() {
        lock.lock();
        try {
            running = false;
        } finally {
            lock.unlock();
        }
    }

    public boolean isRunning() {
        lock.lock();
        try {
            return running;
        } finally {
            lock.unlock();
        }
    }

    // ---- for the adapters in this package

    boolean tryLock(Duration timeout) throws InterruptedException {
        return lock.tryLock(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    void unlock() {
        lock.unlock();
    }

    void lock() {
        lock.lock();
    }

    boolean isLockedForTest() {
        return lock.isLocked();
    }

    Topology topology() {
        return topo;
    }

    TickEngine engine() {
        return engine;
    }

    boolean runningUnlocked() {
        return running;
    }

    /** The cell of a target; unknown targets are an IllegalArgumentException naming them. */
    int cellOf(RolloutTarget t) {
        Objects.requireNonNull(t, "target");
        int c = topo.cellOf(t.nodeId(), t.zone());
        if (c < 0) {
            int n = topo.estate.indexOf(t.nodeId());
            throw new IllegalArgumentException(n < 0 ? "no node '" + t.nodeId() + "' in the estate"
                    : "node '" + t.nodeId() + "' has no zone '" + t.zone() + "'; its zones: " + topo.estate.zones(n));
        }
        return c;
    }

    private int[] cellsOf(Collection<RolloutTarget> targets) {
        Objects.requireNonNull(targets, "targets");
        int[] out = new int[targets.size()];
        int i = 0;
        for (RolloutTarget t : targets) out[i++] = cellOf(t);
        return out;
    }

    RolloutTarget targetOf(int c) {
        int n = topo.cellNode[c];
        return new RolloutTarget(topo.estate.id(n), topo.estate.region(n), topo.cellZone[c]);
    }

    private CellSnapshot snapshotOf(int c) {
        return new CellSnapshot(targetOf(c), versionLabels.get(engine.version[c]), engine.totalRequests[c],
                engine.totalErrors[c], engine.totalRetries[c], engine.totalDegraded[c], engine.lastUtilisation[c], Math.exp(engine.lastLogMedian[c]) * 1000,
                engine.inRotation(c));
    }

    private void requireRunning() {
        if (!running) throw new IllegalStateException("the simulation has been closed");
    }

    private static int[] filled(int n) {
        int[] a = new int[n];
        java.util.Arrays.fill(a, -1);
        return a;
    }
}
