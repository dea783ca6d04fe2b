package io.blastwall.formats.backstage;

import java.util.Locale;

/**
 * A Backstage entity reference, {@code [<kind>:][<namespace>/]<name>}, parsed the way Backstage does: the kind is
 * everything before the first {@code :}, the namespace everything between that and the first {@code /}, the name the
 * rest. A missing kind or namespace takes the default of its context (for example {@code api} in
 * {@code consumesApis}, and the namespace of the entity that writes the reference).
 *
 * <p>Backstage compares references case-insensitively and its canonical form lower-cases every part;
 * {@link #id()} is that form and is used as the node id ({@code component:default/checkout-api}). Immutable.
 *
 * @param kind      lower-case kind, or null when the reference had none and the context gives no default
 * @param namespace lower-case namespace
 * @param name      lower-case name
 */
public record EntityRef(String kind, String namespace, String name) {

    /** The namespace of entities that declare none. */
    public static final String DEFAULT_NAMESPACE = "default";

    public EntityRef {
        kind = kind == null ? null : kind.toLowerCase(Locale.ROOT);
        namespace = namespace.toLowerCase(Locale.ROOT);
        name = name.toLowerCase(Locale.ROOT);
    }

    /**
     * Parses a reference.
     *
     * @param defaultKind      kind to use when the text names none; null to leave it open
     * @param defaultNamespace namespace to use when the text names none
     * @throws IllegalArgumentException with a message for a person when the text is not a reference
     */
    public static EntityRef parse(String text, String defaultKind, String defaultNamespace) {
        String t = text == null ? "" : text.trim();
        String kind = defaultKind;
        String namespace = defaultNamespace;
        int colon = t.indexOf(':');
        if (colon >= 0) {
            kind = t.substring(0, colon).trim();
            t = t.substring(colon + 1);
            if (kind.isEmpty()) throw new IllegalArgumentException("empty kind before ':'");
        }
        int slash = t.indexOf('/');
        if (slash >= 0) {
            namespace = t.substring(0, slash).trim();
            t = t.substring(slash + 1);
            if (namespace.isEmpty()) throw new IllegalArgumentException("empty namespace before '/'");
        }
        String name = t.trim();
        if (name.isEmpty()) throw new IllegalArgumentException("empty entity name");
        if (name.indexOf(':') >= 0 || name.indexOf('/') >= 0) {
            throw new IllegalArgumentException("expected [<kind>:][<namespace>/]<name>");
        }
        return new EntityRef(kind, namespace, name);
    }

    public EntityRef withKind(String newKind) {
        return new EntityRef(newKind, namespace, name);
    }

    /** The canonical, lower-case {@code kind:namespace/name}; the kind must be known. */
    public String id() {
        if (kind == null) throw new IllegalStateException("reference without kind: " + namespace + "/" + name);
        return kind + ':' + namespace + '/' + name;
    }

    /**
     * The short form a person writes in this context: the kind left out when it is {@code defaultKind},
     * the namespace when it is {@code default} (as Backstage shows references). Used for owner and system names.
     */
    public String humanize(String defaultKind) {
        String shortName = DEFAULT_NAMESPACE.equals(namespace) ? name : namespace + '/' + name;
        return kind == null || kind.equals(defaultKind) ? shortName : kind + ':' + shortName;
    }

    @Override
    public String toString() {
        return kind == null ? namespace + '/' + name : id();
    }
}
