package io.blastwall.core.lifecycle;

/**
 * A transition the lifecycle's table does not allow. Thrown before anything is written or acted on,
 * so an illegal request changes nothing. The API maps it to 409 Conflict.
 */
public final class IllegalTransitionException extends RuntimeException {

    private final ChangeState from;
    private final ChangeState to;
    private final Trigger trigger;

    public IllegalTransitionException(ChangeState from, ChangeState to, Trigger trigger) {
        super("a change that is " + from.externalName() + (to == null ? " cannot take " + trigger.externalName()
                : " cannot become " + to.externalName() + " by " + trigger.externalName())
                + "; allowed from " + from.externalName() + ": " + Lifecycle.describeAllowed(from));
        this.from = from;
        this.to = to;
        this.trigger = trigger;
    }

    public ChangeState from() { return from; }

    /** The state asked for, or null when only the trigger was given. */
    public ChangeState to() { return to; }

    public Trigger trigger() { return trigger; }
}
