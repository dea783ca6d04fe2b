package io.blastwall.cli.client;

import io.blastwall.cli.Main;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/**
 * What the client commands share: the {@link ClientOptions}, and one mapping of failures to exit codes and messages
 * on standard error. A problem the server answers with a 4xx status is the caller's to fix: its title, detail,
 * rule and places are printed and the exit code is 2. A 5xx or no answer at all is 1, naming the server and why,
 * without a stack trace. Local bad input (no token, an unreadable file) is a {@code BadInputException}, which
 * {@link Main} reports with exit code 2.
 *
 * <p>Subclasses are picocli commands, used once per execution.
 */
public abstract class ClientCommand implements Callable<Integer> {

    @Spec
    protected CommandSpec spec;

    @Mixin
    protected ClientOptions client = new ClientOptions();

    @Override
    public final Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ApiClient api = client.connect();
        try {
            int code = execute(api, out, err);
            out.flush();
            return code;
        } catch (ClientFailure.Problem p) {
            out.flush();
            ChangeOutput.problem(err, p);
            err.flush();
            return p.clientError() ? Main.EXIT_BAD_INPUT : Main.EXIT_INTERNAL;
        } catch (ClientFailure.Unreachable u) {
            out.flush();
            err.println("blastwall: " + u.getMessage());
            err.flush();
            return Main.EXIT_INTERNAL;
        }
    }

    /** Does the work; returns the exit code. Failures of the API calls are thrown as {@link ClientFailure}. */
    protected abstract int execute(ApiClient api, PrintWriter out, PrintWriter err) throws Exception;
}
