package io.blastwall.core.verdict;

import java.util.Locale;

/** The outcome of a check. Ordered from mildest to strictest: folding findings takes the strictest. */
public enum Decision {
    ALLOW, NEEDS_APPROVAL, DENY;

    /** {@code allow}, {@code needs-approval}, {@code deny}. */
    public String externalName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
