package io.blastwall.core.policy;

import io.blastwall.core.SourceLocation;

import java.util.Objects;

/**
 * One policy whose condition held: what it asks for and why. A normal result, not an error — the verdict is a fold
 * over findings. Immutable.
 *
 * @param policyId       the policy's id
 * @param effect         what it asks for
 * @param message        the plain-language reason (the policy's message, or its message expression's result)
 * @param actionAddress  the action's address for action-scoped policies, {@code ""} for change-scoped ones
 * @param policyLocation where the policy is defined
 */
public record Finding(String policyId, Effect effect, String message, String actionAddress, SourceLocation policyLocation) {
    public Finding {
        Objects.requireNonNull(policyId, "policyId");
        Objects.requireNonNull(effect, "effect");
        message = message == null ? "" : message;
        actionAddress = actionAddress == null ? "" : actionAddress;
        policyLocation = policyLocation == null ? SourceLocation.UNKNOWN : policyLocation;
    }
}
