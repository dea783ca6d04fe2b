package io.blastwall.sim;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;

/**
 * A {@link Clock} that reads a {@link Simulation}'s simulated time, for components (a rollout engine, a judge's
 * windows) that must share it. Immutable; thread-safe as the simulation is.
 */
final class SimulatedClock extends Clock {

    private final Simulation sim;
    private final ZoneId zone;

    SimulatedClock(Simulation sim, ZoneId zone) {
        this.sim = Objects.requireNonNull(sim, "sim");
        this.zone = Objects.requireNonNull(zone, "zone");
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    @Override
    public Clock withZone(ZoneId z) {
        return new SimulatedClock(sim, z);
    }

    @Override
    public Instant instant() {
        return sim.now();
    }
}
