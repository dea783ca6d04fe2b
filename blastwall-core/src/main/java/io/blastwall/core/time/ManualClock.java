package io.blastwall.core.time;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * A {@link Clock} that moves only when told to: for running the rollout engine, the control plane and the simulator
 * in virtual time (tests, the detection harness), where hours of bake pass in milliseconds and a clock jump is one
 * call. Always in UTC.
 *
 * <p>Thread-safe: reads and moves are atomic on a volatile field, so a driver thread and the code under test may
 * share it.
 */
public final class ManualClock extends Clock {

    private volatile Instant now;

    public ManualClock(Instant start) {
        this.now = Objects.requireNonNull(start, "start");
    }

    /** Moves the clock forward (or, with a negative duration, backward) by {@code d}. */
    public synchronized void advance(Duration d) {
        now = now.plus(d);
    }

    /** Sets the clock to {@code t}, forward or backward (a clock jump). */
    public void set(Instant t) {
        now = Objects.requireNonNull(t, "t");
    }

    @Override
    public Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    /** The same clock: it has no zone of its own to change. */
    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
