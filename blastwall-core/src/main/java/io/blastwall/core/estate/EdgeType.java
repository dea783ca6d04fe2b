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

    private static final Optional<EdgeType> HARD_OPT = Optional.of(HARD), SOFT_OPT = Optional.of(SOFT), ASYNC_OPT = Optional.of(ASYNC);

    public static Optional<EdgeType> parse(String text) {
        if (text == null) return Optional.empty();
        // the exact spelling first: estate files name millions of edge types, and this path allocates nothing
        switch (text) {
            case "hard": return HARD_OPT;
            case "soft": return SOFT_OPT;
            case "async": return ASYNC_OPT;
            default: break;
        }
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "hard" -> Optional.of(HARD);
            case "soft" -> Optional.of(SOFT);
            case "async", "asynchronous" -> Optional.of(ASYNC);
            default -> Optional.empty();
        };
    }
}
