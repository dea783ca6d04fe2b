package io.blastwall.core.change;

import java.util.List;

/**
 * What an action does to a resource. A closed set, so every consumer switches over all of them.
 */
public sealed interface ActionKind {

    /** The lower-case name used in JSON output and in policies ({@code delete}, {@code scale} …). */
    String externalName();

    /** True when the resource (and any data it holds) is destroyed, even if it is created again. */
    default boolean destructive() {
        return false;
    }

    record Create() implements ActionKind {
        public String externalName() { return "create"; }
    }

    /** An in-place update; {@code changedPaths} names the attributes that change (values are never kept here). */
    record Update(List<String> changedPaths) implements ActionKind {
        public Update { changedPaths = List.copyOf(changedPaths); }
        public String externalName() { return "update"; }
    }

    record Delete() implements ActionKind {
        public String externalName() { return "delete"; }
        @Override public boolean destructive() { return true; }
    }

    /**
     * Destroy and create again. {@code order} says whether the old one goes first (an outage window) or last;
     * {@code replacePaths} are the attributes that force it.
     */
    record Replace(ReplaceOrder order, List<String> replacePaths) implements ActionKind {
        public Replace { replacePaths = List.copyOf(replacePaths); }
        public String externalName() { return "replace"; }
        @Override public boolean destructive() { return true; }
    }

    /** A change of replica count or capacity from {@code from} to {@code to}, read from {@code attribute}. */
    record Scale(long from, long to, String attribute) implements ActionKind {
        public Scale {
            if (from < 0 || to < 0) throw new IllegalArgumentException("scale counts must be >= 0");
        }
        public String externalName() { return "scale"; }
        public boolean isDown() { return to < from; }
    }

    /** A configuration push: image, flags, config maps, settings. */
    record Config(List<String> changedPaths) implements ActionKind {
        public Config { changedPaths = List.copyOf(changedPaths); }
        public String externalName() { return "config"; }
    }

    record Restart() implements ActionKind {
        public String externalName() { return "restart"; }
    }

    /** A data source read: no effect on the estate. */
    record Read() implements ActionKind {
        public String externalName() { return "read"; }
    }

    /** Nothing changes. */
    record NoOp() implements ActionKind {
        public String externalName() { return "no-op"; }
    }

    /** Order of a replacement. */
    enum ReplaceOrder {
        DELETE_THEN_CREATE, CREATE_THEN_DELETE;

        public String externalName() {
            return this == DELETE_THEN_CREATE ? "delete-then-create" : "create-then-delete";
        }
    }

    /** Names accepted where an action is written by name, for error messages. */
    static List<String> names() {
        return List.of("create", "update", "delete", "replace", "scale", "config", "restart", "read", "no-op");
    }
}
