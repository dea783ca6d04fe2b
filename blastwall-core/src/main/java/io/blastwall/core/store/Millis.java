package io.blastwall.core.store;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Stored times are kept to the millisecond; records truncate on construction so that read-back values are equal. */
final class Millis {

    private Millis() {
    }

    static Instant of(Instant t) {
        return t == null ? null : t.truncatedTo(ChronoUnit.MILLIS);
    }

    static Instant required(Instant t, String name) {
        if (t == null) throw new NullPointerException(name);
        return of(t);
    }

    static String text(String s, String name) {
        if (s == null) throw new NullPointerException(name);
        return s;
    }
}
