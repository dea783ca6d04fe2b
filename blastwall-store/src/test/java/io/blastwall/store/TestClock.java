package io.blastwall.store;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/** A fixed clock and helpers for test times (whole milliseconds, as the store keeps them). */
final class TestClock {
    static final Instant T0 = Instant.parse("2026-03-01T10:00:00.123Z");
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T12:00:00.456Z"), ZoneOffset.UTC);

    private TestClock() {
    }

    static Instant at(long seconds) {
        return T0.plusSeconds(seconds);
    }
}
