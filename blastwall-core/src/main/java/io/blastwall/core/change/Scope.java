package io.blastwall.core.change;

import java.util.List;

/**
 * Where a change lands at once, as declared by its author (Blastwall change files). Empty lists mean "not restricted
 * on that axis"; {@code everywhere} says explicitly that it lands on every instance at once.
 */
public record Scope(List<String> regions, List<String> zones, List<String> cells, boolean everywhere) {

    public static final Scope UNSPECIFIED = new Scope(List.of(), List.of(), List.of(), false);

    public Scope {
        regions = regions == null ? List.of() : List.copyOf(regions);
        zones = zones == null ? List.of() : List.copyOf(zones);
        cells = cells == null ? List.of() : List.copyOf(cells);
    }

    public boolean isUnspecified() {
        return !everywhere && regions.isEmpty() && zones.isEmpty() && cells.isEmpty();
    }
}
