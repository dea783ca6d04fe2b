package io.blastwall.cli;

import io.blastwall.core.BadInputException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code blastwall} command. Exit codes are a contract for CI: 0 allow, 10 needs approval, 20 deny,
 * 2 bad input (with a message naming the place), 1 internal error. Stack traces only with {@code --debug}.
 */
@Command(name = "blastwall", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Change-safety gate for AI-assisted operations: blast radius, policy and verdict for every change.",
        subcommands = {CheckCommand.class, BlastCommand.class, EstateCommand.class, DemoCommand.class, ServeCommand.class,
                CanaryCommand.class,
                PrincipalCommand.class, TokenCommand.class, LedgerCommand.class,
                io.blastwall.cli.client.SubmitCommand.class, io.blastwall.cli.client.StatusCommand.class,
                io.blastwall.cli.client.ApproveCommand.class, io.blastwall.cli.client.RejectCommand.class,
                io.blastwall.cli.client.WithdrawCommand.class, io.blastwall.cli.client.AttributionCommand.class,
                io.blastwall.cli.client.RolloutCommand.class, io.blastwall.cli.client.McpCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    public static final int EXIT_ALLOW = 0;
    public static final int EXIT_INTERNAL = 1;
    public static final int EXIT_BAD_INPUT = 2;
    public static final int EXIT_NEEDS_APPROVAL = 10;
    public static final int EXIT_DENY = 20;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line with the given streams; returns the exit code. Used by main and by tests. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        return run(args, out, err, cl -> { });
    }

    /** As {@link #run(String[], PrintWriter, PrintWriter)}, letting tests add commands that exercise the error handling. */
    static int run(String[] args, PrintWriter out, PrintWriter err, java.util.function.Consumer<CommandLine> customise) {
        List<String> rest = new ArrayList<>();
        boolean debug = false;
        for (String a : args) {
            if (a.equals("--debug")) debug = true;
            else rest.add(a);
        }
        final boolean showTraces = debug;
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(out);
        cl.setErr(err);
        cl.setParameterExceptionHandler((ex, argv) -> {
            err.println("blastwall: " + ex.getMessage());
            ex.getCommandLine().usage(err);
            return EXIT_BAD_INPUT;
        });
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (ex instanceof BadInputException bad) {
                err.println("blastwall: bad input:");
                for (BadInputException.Problem p : bad.problems()) err.println("  " + p);
                if (showTraces) ex.printStackTrace(err);
                return EXIT_BAD_INPUT;
            }
            if (ex instanceof io.blastwall.core.policy.PolicyEvaluationException pe) {
                // fail closed: a policy that cannot be evaluated never lets a change through
                err.println("blastwall: policy could not be evaluated, so the change is refused:");
                err.println("  " + pe.getMessage());
                if (showTraces) ex.printStackTrace(err);
                return EXIT_BAD_INPUT;
            }
            err.println("blastwall: internal error: " + ex + (showTraces ? "" : " (run with --debug for details)"));
            if (showTraces) ex.printStackTrace(err);
            return EXIT_INTERNAL;
        });
        customise.accept(cl);
        int code = cl.execute(rest.toArray(String[]::new));
        out.flush();
        err.flush();
        return code;
    }

    /** Version from the jar manifest, or "dev" when run from classes. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[]{"blastwall " + version()};
        }
    }

    static String version() {
        String v = Main.class.getPackage().getImplementationVersion();
        return v == null ? "0.1.0-dev" : v;
    }
}
