package io.blastwall.adapters;

import java.util.Locale;

/** Which way an executor step goes: applying the change or rolling it back. */
public enum Direction {
    APPLY, ROLLBACK;

    /** {@code apply} or {@code rollback}, as commands and annotations see it. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
