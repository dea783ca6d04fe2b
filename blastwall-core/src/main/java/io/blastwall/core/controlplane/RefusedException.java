package io.blastwall.core.controlplane;

import java.util.Objects;

/**
 * The control plane refused a request for a reason the caller can act on; nothing was written. The kind says which
 * (an API maps FORBIDDEN to 403, STALE to 409, NOT_FOUND to 404) and the message states the rule or what to do.
 */
public final class RefusedException extends RuntimeException {

    /** Why a request was refused. */
    public enum Kind {
        /** The principal may not do this (an agent approving, the author approving, a non-admin reloading). */
        FORBIDDEN,
        /** The request was made on something that has since changed (an old revision or content hash). */
        STALE,
        /** The change or revision named does not exist. */
        NOT_FOUND
    }

    private final Kind kind;
    private final String rule;

    public RefusedException(Kind kind, String rule, String message) {
        super(message);
        this.kind = Objects.requireNonNull(kind, "kind");
        this.rule = Objects.requireNonNull(rule, "rule");
    }

    public Kind kind() { return kind; }

    /** A short stable name of the rule that refused ({@code agents-never-approve}, {@code stale-revision} …). */
    public String rule() { return rule; }
}
