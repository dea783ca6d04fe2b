package io.blastwall.sim;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Advances a {@link Simulation} along a wall clock, for demos: every {@code period} of real time it runs the
 * simulation up to {@code simulated start + speed × (wall time elapsed)}. With speed 1 and a simulation created at
 * {@code clock.instant()}, simulated time is wall time, so a rollout engine and Prometheus on the system clock line
 * up with it; with speed 60 a minute passes every second (then give the engine {@link Simulation#clock()}).
 *
 * <p>Catch-up after a pause (a GC, a suspended laptop) is capped at {@code maxCatchUp} of simulated time per run, so
 * the lock is never held for long; the simulation then catches up over the following runs. Thread-safe; stop it with
 * {@link #close()}.
 */
public final class RealTimeDriver implements AutoCloseable {

    private final Simulation sim;
    private final Clock wall;
    private final double speed;
    private final Duration period;
    private final Duration maxCatchUp;
    private final ScheduledExecutorService scheduler;
    private final boolean ownScheduler;
    private final AtomicReference<RuntimeException> failure = new AtomicReference<>();
    private ScheduledFuture<?> task;
    private Instant wallAnchor;
    private Instant simAnchor;

    /**
     * @param scheduler where to run, or null for a daemon thread of its own (shut down by {@link #close()})
     */
    public RealTimeDriver(Simulation sim, Clock wall, double speed, Duration period, ScheduledExecutorService scheduler) {
        this.sim = Objects.requireNonNull(sim, "sim");
        this.wall = Objects.requireNonNull(wall, "wall");
        if (!(speed > 0) || Double.isInfinite(speed)) throw new IllegalArgumentException("speed must be > 0, was " + speed);
        this.speed = speed;
        Objects.requireNonNull(period, "period");
        if (period.isNegative() || period.isZero()) throw new IllegalArgumentException("period must be positive");
        this.period = period;
        this.maxCatchUp = Duration.ofMinutes(5);
        this.ownScheduler = scheduler == null;
        this.scheduler = scheduler != null ? scheduler : Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sim-real-time");
            t.setDaemon(true);
            return t;
        });
    }

    /** Real time at speed 1, advanced every simulation tick. */
    public static RealTimeDriver realTime(Simulation sim, Clock wall) {
        return new RealTimeDriver(sim, wall, 1, sim.config().tick(), null);
    }

    /** Starts advancing from now; calling it twice is an error. */
    public synchronized RealTimeDriver start() {
        if (task != null) throw new IllegalStateException("already started");
        wallAnchor = wall.instant();
        simAnchor = sim.now();
        task = scheduler.scheduleAtFixedRate(this::step, 0, period.toNanos(), TimeUnit.NANOSECONDS);
        return this;
    }

    /** One run: advance the simulation to where the wall clock says it should be (capped). Public for tests. */
    public void step() {
        try {
            Instant target;
            synchronized (this) {
                if (wallAnchor == null) return;
                long elapsed = Duration.between(wallAnchor, wall.instant()).toNanos();
                target = simAnchor.plusNanos((long) (Math.max(0, elapsed) * speed));
            }
            Instant cap = sim.now().plus(maxCatchUp);
            if (target.isAfter(cap)) target = cap;
            if (sim.isRunning()) sim.advanceTo(target);
        } catch (RuntimeException e) {
            // keep the first failure for whoever asks; a scheduled task that throws would be cancelled silently
            failure.compareAndSet(null, e);
        }
    }

    /** The first failure of a run, or null. */
    public RuntimeException failure() {
        return failure.get();
    }

    @Override
    public synchronized void close() {
        if (task != null) task.cancel(false);
        if (ownScheduler) scheduler.shutdownNow();
    }
}
