package io.blastwall.core.store;

import io.blastwall.core.change.Provenance.AuthorKind;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * An identity the control plane knows: a human with roles, or an agent acting for a human with a given model.
 *
 * @param id          unique, stable id ({@code alice}, {@code agent:infra-copilot})
 * @param kind        human or agent
 * @param displayName shown in reports
 * @param roles       roles such as {@code engineer}, {@code senior}, {@code admin}
 * @param onBehalfOf  for an agent, the human it acts for; empty for a human
 * @param model       for an agent, its model; empty for a human
 * @param disabled    a disabled principal's tokens are refused
 * @param createdAt   when it was created
 *
 * <p>Immutable; times are kept to the millisecond.
 */
public record Principal(String id, AuthorKind kind, String displayName, List<String> roles, String onBehalfOf,
                        String model, boolean disabled, Instant createdAt) {
    public Principal {
        Millis.text(id, "id");
        if (id.isBlank()) throw new IllegalArgumentException("a principal needs an id");
        Objects.requireNonNull(kind, "kind");
        displayName = displayName == null ? "" : displayName;
        roles = roles == null ? List.of() : List.copyOf(roles);
        onBehalfOf = onBehalfOf == null ? "" : onBehalfOf;
        model = model == null ? "" : model;
        if (kind == AuthorKind.AGENT && onBehalfOf.isBlank()) {
            throw new IllegalArgumentException("an agent principal needs the human it acts for (on-behalf-of)");
        }
        if (kind == AuthorKind.HUMAN && !(onBehalfOf.isEmpty() && model.isEmpty())) {
            throw new IllegalArgumentException("on-behalf-of and model describe an agent; this principal is human");
        }
        createdAt = Millis.required(createdAt, "createdAt");
    }

    public boolean isAgent() {
        return kind == AuthorKind.AGENT;
    }
}
