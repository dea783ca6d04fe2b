package io.blastwall.core.policy;

/**
 * What a policy is evaluated against: the change as a whole (once per change) or each of its actions (once per
 * action, with the {@code action} variable bound). A closed set.
 */
public enum PolicyScope {
    CHANGE,
    ACTION;

    /** The lower-case name used in policy files ({@code change}, {@code action}). */
    public String externalName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
