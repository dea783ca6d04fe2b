package io.blastwall.core.estate;

import io.blastwall.core.SourceLocation;

/**
 * Something wrong or noteworthy in an estate description.
 *
 * @param severity ERROR makes the estate unusable for a check; WARNING is reported and tolerated
 * @param code     stable machine-readable code: {@code duplicate-id}, {@code dangling-edge}, {@code self-edge},
 *                 {@code duplicate-edge}, {@code hard-cycle}, {@code empty-estate}
 * @param message  what is wrong and what was expected
 * @param where    the file and place
 */
public record EstateProblem(Severity severity, String code, String message, SourceLocation where) {

    public enum Severity { ERROR, WARNING }

    @Override
    public String toString() {
        return where + ": " + severity.name().toLowerCase(java.util.Locale.ROOT) + ": " + message + " [" + code + "]";
    }
}
