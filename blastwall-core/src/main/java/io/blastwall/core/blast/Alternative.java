package io.blastwall.core.blast;

/**
 * A safer way to do the same thing, computed from the estate.
 *
 * @param kind        {@code smaller-scale-down} or {@code scope-to-one-zone}
 * @param action      address of the action it replaces, empty when it concerns the whole change
 * @param description what to do instead, in one sentence
 * @param value       the suggested value (a replica count, a zone name)
 */
public record Alternative(String kind, String action, String description, String value) {
}
