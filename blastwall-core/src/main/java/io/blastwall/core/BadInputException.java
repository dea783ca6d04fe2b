package io.blastwall.core;

import java.util.List;

/**
 * The one error type for input a person must fix: it names the place and says what was expected.
 * The CLI turns it into exit code 2 and a message without a stack trace.
 *
 * <p>May carry several problems (a file is checked as a whole so that all mistakes are reported at once);
 * {@link #getMessage()} renders them one per line.
 */
public final class BadInputException extends RuntimeException {

    private final List<Problem> problems;

    /** One thing wrong with the input, and where. */
    public record Problem(SourceLocation where, String message) {
        @Override
        public String toString() {
            return where + ": " + message;
        }
    }

    public BadInputException(SourceLocation where, String message) {
        this(List.of(new Problem(where, message)), null);
    }

    public BadInputException(SourceLocation where, String message, Throwable cause) {
        this(List.of(new Problem(where, message)), cause);
    }

    public BadInputException(List<Problem> problems) {
        this(problems, null);
    }

    private BadInputException(List<Problem> problems, Throwable cause) {
        super(render(problems), cause);
        if (problems.isEmpty()) throw new IllegalArgumentException("at least one problem");
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }

    private static String render(List<Problem> problems) {
        StringBuilder sb = new StringBuilder();
        for (Problem p : problems) {
            if (sb.length() > 0) sb.append('\n');
            sb.append(p);
        }
        return sb.toString();
    }
}
