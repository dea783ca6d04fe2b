package io.blastwall.core.approval;

import java.util.List;
import java.util.Objects;

/**
 * Someone who wants to approve: their principal id, whether they are a human or an agent, and their roles.
 * Immutable.
 */
public record Approver(String id, boolean agent, List<String> roles) {
    public Approver {
        Objects.requireNonNull(id, "id");
        roles = List.copyOf(roles);
    }

    public static Approver human(String id, String... roles) {
        return new Approver(id, false, List.of(roles));
    }
}
