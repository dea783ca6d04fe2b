package io.blastwall.cli;

import java.io.Console;

/** Whether to colour output: an explicit choice wins; otherwise only on an interactive terminal without NO_COLOR. */
final class Terminal {

    private Terminal() {
    }

    static boolean color(Boolean explicit) {
        if (explicit != null) return explicit;
        if (System.getenv("NO_COLOR") != null) return false;
        String term = System.getenv("TERM");
        if (term == null || term.equals("dumb")) return false;
        Console console = System.console();
        if (console == null) return false;
        try {
            // Java 22+ returns a Console even when output is redirected; isTerminal() tells the difference.
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true; // Java 21: a non-null console means a terminal
        }
    }
}
