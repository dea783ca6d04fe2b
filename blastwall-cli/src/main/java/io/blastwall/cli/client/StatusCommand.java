package io.blastwall.cli.client;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;

/**
 * {@code blastwall status ID}: a change's state, current revision and content hash, verdict, requirements and who
 * approved. Exit code from the state: 0 approved (or scheduled, rolling out, completed), 10 not decided yet, 20
 * rejected, 3 withdrawn, rolled back or halted; 2 refused (4xx, e.g. no such change), 1 server error or unreachable.
 * Used once per execution.
 */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show a change on a Blastwall server: state, revision, verdict, requirements and approvals.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:approved (may proceed)", "10:awaiting approval", "20:rejected",
                "3:withdrawn, rolled back or halted", "2:refused by the server (4xx) or bad input", "1:server error or unreachable"})
public final class StatusCommand extends ClientCommand {

    @Parameters(index = "0", paramLabel = "ID", description = "The change id.")
    String id;

    @Override
    protected int execute(ApiClient api, PrintWriter out, PrintWriter err) throws Exception {
        ApiClient.Reply reply = api.change(id);
        out.print(ChangeOutput.render(reply, client.format(), api.changeUrl(id)));
        return ChangeOutput.stateCode(reply.json().path("state").asText());
    }
}
