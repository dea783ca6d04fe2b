package io.blastwall.core.policy;

import io.blastwall.core.SourceLocation;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A policy as written, before its expressions are compiled: see {@link PolicySet#compile(java.util.List)}.
 * Immutable (params are deep-copied and normalised to CEL-friendly values).
 *
 * @param id                unique id, e.g. {@code destructive-stateful}
 * @param description       why the policy exists (may be empty)
 * @param scope             evaluated once per change or once per action
 * @param match             optional CEL precondition ({@code ""} when absent): when it is false the policy is skipped
 * @param condition         CEL boolean; a finding is produced when it is true
 * @param effect            what a finding asks for
 * @param message           static message ({@code ""} when {@code messageExpression} is given)
 * @param messageExpression optional CEL string expression for the message ({@code ""} when absent)
 * @param params            the policy's own settings, visible to its expressions as {@code params}
 * @param where             where the policy is defined
 * @param fieldLocations    the place of the first line of {@code match}, {@code condition} and
 *                          {@code messageExpression}, keyed by those names, so that an expression error can name the
 *                          line it is on
 */
public record PolicySpec(String id, String description, PolicyScope scope, String match, String condition,
                         Effect effect, String message, String messageExpression, Map<String, Object> params,
                         SourceLocation where, Map<String, SourceLocation> fieldLocations) {

    /** Keys of {@link #fieldLocations()}. */
    public static final String MATCH = "match";
    public static final String CONDITION = "condition";
    public static final String MESSAGE_EXPRESSION = "messageExpression";

    public PolicySpec {
        Objects.requireNonNull(id, "id");
        if (id.isBlank()) throw new IllegalArgumentException("policy id must not be blank");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(effect, "effect");
        Objects.requireNonNull(condition, "condition");
        description = description == null ? "" : description;
        match = match == null ? "" : match;
        message = message == null ? "" : message;
        messageExpression = messageExpression == null ? "" : messageExpression;
        where = where == null ? SourceLocation.UNKNOWN : where;
        params = params == null ? Map.of() : Values.normaliseMap(params, "params");
        fieldLocations = fieldLocations == null ? Map.of() : Map.copyOf(fieldLocations);
    }

    /** A policy without source locations, for tests and for policies built in code. */
    public static PolicySpec of(String id, PolicyScope scope, String match, String condition, Effect effect, String message) {
        return new PolicySpec(id, "", scope, match, condition, effect, message, "", Map.of(), SourceLocation.UNKNOWN, Map.of());
    }

    /** This spec with other params (handy for tests and for overriding a bundled policy's settings). */
    public PolicySpec withParams(Map<String, Object> newParams) {
        return new PolicySpec(id, description, scope, match, condition, effect, message, messageExpression,
                new LinkedHashMap<>(newParams), where, fieldLocations);
    }

    /** The place of a field's expression, falling back to the policy's own place. */
    public SourceLocation locationOf(String field) {
        SourceLocation l = fieldLocations.get(field);
        return l != null ? l : where;
    }
}
