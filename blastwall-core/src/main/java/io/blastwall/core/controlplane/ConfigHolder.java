package io.blastwall.core.controlplane;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The estate and policy set currently in force, replaceable at run time. A replacement is built completely before it
 * is installed, so a set that fails to load (bad input, policies that do not compile) never replaces the one in force.
 *
 * <p>Thread-safe: readers always see one whole {@link Config}, the old or the new.
 */
public final class ConfigHolder implements Supplier<Config> {

    private final AtomicReference<Config> current;

    public ConfigHolder(Config initial) {
        this.current = new AtomicReference<>(Objects.requireNonNull(initial, "initial"));
    }

    @Override
    public Config get() {
        return current.get();
    }

    /** Installs {@code next}; returns the one it replaced. */
    public Config replace(Config next) {
        return current.getAndSet(Objects.requireNonNull(next, "next"));
    }
}
