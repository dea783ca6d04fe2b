package io.blastwall.cli.client;

import io.blastwall.cli.Main;
import io.blastwall.core.BadInputException;
import io.blastwall.core.SourceLocation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;

/**
 * {@code blastwall reject ID --comment WHY}: rejects the revision and content hash given, or the current ones (shown
 * first). A comment is required: the author needs to know why. Exit 0 when the rejection is recorded, 2 when the
 * server refuses it, 1 when it fails or cannot be reached. Used once per execution.
 */
@Command(name = "reject", mixinStandardHelpOptions = true,
        description = "Reject a change on a Blastwall server, saying why.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:rejected", "2:refused by the server or bad input", "1:server error or unreachable"})
public final class RejectCommand extends ClientCommand {

    @Parameters(index = "0", paramLabel = "ID", description = "The change id.")
    String id;

    @Option(names = "--comment", required = true, paramLabel = "TEXT", description = "Why you reject it (required; recorded in the ledger).")
    String comment;

    @Option(names = "--revision", paramLabel = "N", description = "The revision you reviewed (with --hash; default: the current one).")
    Integer revision;

    @Option(names = "--hash", paramLabel = "HASH", description = "The content hash you reviewed (with --revision; default: the current one).")
    String hash;

    @Override
    protected int execute(ApiClient api, PrintWriter out, PrintWriter err) throws Exception {
        if (comment.isBlank()) throw new BadInputException(SourceLocation.of("--comment"), "say why the change is rejected");
        DecisionTarget t = DecisionTarget.resolve(api, id, revision, hash, "rejecting", client.format(), out, err);
        ApiClient.Reply reply = api.reject(id, t.revision(), t.contentHash(), comment);
        out.print(ChangeOutput.render(reply, client.format(), api.changeUrl(id)));
        return Main.EXIT_ALLOW;
    }
}
