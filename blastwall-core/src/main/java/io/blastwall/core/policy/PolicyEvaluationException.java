package io.blastwall.core.policy;

import io.blastwall.core.SourceLocation;

/**
 * A compiled policy could not be evaluated on the given facts: a runtime error in its expression (a missing key,
 * a type mismatch, a division by zero) or a result of the wrong type. The caller must fail closed — treat the change
 * as denied — and show the message, which names the policy, its file and line, and the error.
 *
 * <p>Not a {@link io.blastwall.core.BadInputException} (that type is final) but carries the same kind of place.
 */
public final class PolicyEvaluationException extends RuntimeException {

    private final String policyId;
    private final SourceLocation where;
    private final String actionAddress;

    public PolicyEvaluationException(String policyId, SourceLocation where, String actionAddress, String message, Throwable cause) {
        super(where + ": policy '" + policyId + "'"
                + (actionAddress == null || actionAddress.isEmpty() ? "" : " on action '" + actionAddress + "'")
                + ": " + message, cause);
        this.policyId = policyId;
        this.where = where;
        this.actionAddress = actionAddress == null ? "" : actionAddress;
    }

    public String policyId() {
        return policyId;
    }

    /** File and line of the expression that failed. */
    public SourceLocation where() {
        return where;
    }

    /** The action being evaluated, {@code ""} for change-scoped policies. */
    public String actionAddress() {
        return actionAddress;
    }
}
