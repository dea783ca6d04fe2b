package io.blastwall.cli.client;

import io.blastwall.cli.Main;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;

/**
 * {@code blastwall withdraw ID}: the author (or the human an agent author acts for, or an admin) withdraws a change.
 * Exit 0 when withdrawn, 2 when refused, 1 when the server fails or cannot be reached. Used once per execution.
 */
@Command(name = "withdraw", mixinStandardHelpOptions = true,
        description = "Withdraw a change on a Blastwall server.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:withdrawn", "2:refused by the server or bad input", "1:server error or unreachable"})
public final class WithdrawCommand extends ClientCommand {

    @Parameters(index = "0", paramLabel = "ID", description = "The change id.")
    String id;

    @Option(names = "--reason", paramLabel = "TEXT", description = "Why (recorded in the ledger).")
    String reason;

    @Override
    protected int execute(ApiClient api, PrintWriter out, PrintWriter err) throws Exception {
        ApiClient.Reply reply = api.withdraw(id, reason);
        out.print(ChangeOutput.render(reply, client.format(), api.changeUrl(id)));
        return Main.EXIT_ALLOW;
    }
}
