package io.blastwall.cli.client;

import io.blastwall.cli.CheckCommand;
import io.blastwall.cli.Main;
import io.blastwall.core.BadInputException;
import io.blastwall.core.SourceLocation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;

/**
 * {@code blastwall attribution ID}: the server's attribution report (who proposed what, what reviewers were shown,
 * who let it through), as the server's plain text or its JSON. Exit 0, 2 when refused (e.g. no such change), 1 when
 * the server fails or cannot be reached. Used once per execution.
 */
@Command(name = "attribution", mixinStandardHelpOptions = true,
        description = "Print a change's attribution report from a Blastwall server (--format text or json).",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:printed", "2:refused by the server or bad input", "1:server error or unreachable"})
public final class AttributionCommand extends ClientCommand {

    @Parameters(index = "0", paramLabel = "ID", description = "The change id.")
    String id;

    @Override
    protected int execute(ApiClient api, PrintWriter out, PrintWriter err) {
        CheckCommand.Format f = client.format();
        if (f != CheckCommand.Format.text && f != CheckCommand.Format.json) {
            throw new BadInputException(SourceLocation.of("--format"), "the attribution report is text or json, not " + f);
        }
        ApiClient.Reply reply = api.attribution(id, f == CheckCommand.Format.text);
        out.print(reply.body().endsWith("\n") ? reply.body() : reply.body() + "\n");
        return Main.EXIT_ALLOW;
    }
}
