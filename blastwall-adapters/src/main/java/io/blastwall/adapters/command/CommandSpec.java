package io.blastwall.adapters.command;

import java.util.List;
import java.util.Objects;

/**
 * One configured command: an argument vector run directly (no shell, so nothing in the wave's scope can be
 * interpreted as shell syntax), or — only when configured so — a script run by {@code /bin/sh -c}. Either way the
 * wave's scope reaches the command through environment variables, never by text substitution into the command line.
 *
 * @param argv  the program and its arguments; for a shell command, the one script
 * @param shell whether {@code argv} is a single script for {@code /bin/sh -c}
 *
 * <p>Immutable.
 */
public record CommandSpec(List<String> argv, boolean shell) {
    public CommandSpec {
        argv = List.copyOf(argv);
        if (argv.isEmpty() || argv.getFirst().isBlank()) throw new IllegalArgumentException("a command needs a program");
        if (shell && argv.size() != 1) throw new IllegalArgumentException("a shell command is one script");
        argv.forEach(a -> Objects.requireNonNull(a, "argument"));
    }

    public static CommandSpec argv(String... args) {
        return new CommandSpec(List.of(args), false);
    }

    public static CommandSpec shell(String script) {
        return new CommandSpec(List.of(script), true);
    }

    /** What is actually executed. */
    public List<String> commandLine() {
        return shell ? List.of("/bin/sh", "-c", argv.getFirst()) : argv;
    }

    /** For details and logs: the program name only, since arguments may carry paths or values not meant for the ledger. */
    public String program() {
        return shell ? "/bin/sh -c <script>" : argv.getFirst();
    }
}
