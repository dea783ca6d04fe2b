package io.blastwall.core.policy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The facts policies are evaluated over (the contract is in docs/policies.md). Values in the maps may be String,
 * any integral number (read as CEL int), float/double (CEL double), Boolean, List, Map, {@link Instant} (CEL
 * timestamp), {@link java.time.Duration} or null; they are normalised and copied when evaluation starts, so the caller
 * may reuse its maps. The record itself keeps references to the caller's maps.
 *
 * @param change  facts about the change as a whole
 * @param author  who proposed it
 * @param blast   the blast radius summary
 * @param estate  facts about the estate
 * @param actions one map per action, in the change's order
 * @param now     the evaluation instant (injected, so tests and replays are deterministic)
 */
public record PolicyInput(Map<String, Object> change, Map<String, Object> author, Map<String, Object> blast,
                          Map<String, Object> estate, List<Map<String, Object>> actions, Instant now) {
    public PolicyInput {
        change = change == null ? Map.of() : change;
        author = author == null ? Map.of() : author;
        blast = blast == null ? Map.of() : blast;
        estate = estate == null ? Map.of() : estate;
        actions = actions == null ? List.of() : actions;
        Objects.requireNonNull(now, "now");
    }
}
