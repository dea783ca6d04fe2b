package io.blastwall.core.estate;

import java.util.Locale;
import java.util.Optional;

/**
 * How "A depends on B" fails: {@link #HARD} B down means A down, {@link #SOFT} B down means A degraded,
 * {@link #ASYNC} B down means A's work is delayed (queues, replication, batch).
 */
public enum EdgeType {
    HARD, SOFT, ASYNC;

    public String externalName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<EdgeType> parse(String text) {
        if (text == null) return Optional.empty();
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "hard" -> Optional.of(HARD);
            case "soft" -> Optional.of(SOFT);
            case "async", "asynchronous" -> Optional.of(ASYNC);
            default -> Optional.empty();
        };
    }
}
