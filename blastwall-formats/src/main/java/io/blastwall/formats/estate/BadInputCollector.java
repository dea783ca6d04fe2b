package io.blastwall.formats.estate;

import io.blastwall.core.BadInputException;
import io.blastwall.core.SourceLocation;

import java.util.ArrayList;
import java.util.List;

/**
 * Gathers the bad-input problems of one or more files so that a person sees all of them at once,
 * keeping the first {@link #DEFAULT_CAP} and counting the rest (a generated file with a systematic
 * mistake would otherwise print a million lines).
 *
 * <p>Mutable and not thread-safe; use one per read.
 */
public final class BadInputCollector {

    /** How many problems are kept for the message by default. */
    public static final int DEFAULT_CAP = 50;

    private final int cap;
    private final List<BadInputException.Problem> kept = new ArrayList<>();
    private long dropped;

    public BadInputCollector() {
        this(DEFAULT_CAP);
    }

    public BadInputCollector(int cap) {
        if (cap < 1) throw new IllegalArgumentException("cap must be at least 1");
        this.cap = cap;
    }

    public void add(SourceLocation where, String message) {
        add(new BadInputException.Problem(where, message));
    }

    public void add(BadInputException.Problem problem) {
        if (kept.size() < cap) kept.add(problem);
        else dropped++;
    }

    /** Adds every problem of an exception (and whatever it had already left out). */
    public void addAll(BadInputException e) {
        for (BadInputException.Problem p : e.problems()) {
            if (p.message().startsWith(MORE_PREFIX) && p.where().equals(SourceLocation.UNKNOWN)) {
                dropped += parseMore(p.message());
            } else {
                add(p);
            }
        }
    }

    /**
     * Adds every problem {@code other} kept, each through {@code map}, then counts those it left out: the outcome
     * of having added {@code other}'s problems here directly, in order.
     */
    public void addAll(BadInputCollector other, java.util.function.UnaryOperator<BadInputException.Problem> map) {
        for (BadInputException.Problem p : other.kept) add(map.apply(p));
        dropped += other.dropped;
    }

    public boolean isEmpty() {
        return kept.isEmpty() && dropped == 0;
    }

    /** Number of problems seen, kept or not. */
    public long count() {
        return kept.size() + dropped;
    }

    /** Throws one {@link BadInputException} with every kept problem (and a line counting the others), if there were any. */
    public void throwIfAny() {
        if (isEmpty()) return;
        List<BadInputException.Problem> all = new ArrayList<>(kept);
        if (dropped > 0) {
            all.add(new BadInputException.Problem(SourceLocation.UNKNOWN,
                    MORE_PREFIX + dropped + " more problem" + (dropped == 1 ? "" : "s") + " not shown"));
        }
        throw new BadInputException(all);
    }

    private static final String MORE_PREFIX = "... and ";

    private static long parseMore(String message) {
        String rest = message.substring(MORE_PREFIX.length());
        int space = rest.indexOf(' ');
        try {
            return Long.parseLong(space < 0 ? rest : rest.substring(0, space));
        } catch (NumberFormatException e) {
            return 1;
        }
    }
}
