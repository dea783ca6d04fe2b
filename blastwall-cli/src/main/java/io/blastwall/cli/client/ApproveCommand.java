package io.blastwall.cli.client;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;

/**
 * {@code blastwall approve ID}: approves the revision and content hash given, or the current ones (shown first).
 * The server enforces the rules whatever the client (agents never approve, nor the author or the human an agent acts
 * for; stale or repeated decisions are refused); a refusal prints the rule and exits 2. On success the change is
 * printed and the exit code is its state's, as {@code status}: 0 approved now, 10 still waiting for others.
 * Used once per execution.
 */
@Command(name = "approve", mixinStandardHelpOptions = true,
        description = "Approve a change on a Blastwall server; the approval is bound to the revision's content hash.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:approved (every requirement met)", "10:recorded, more approvals needed",
                "2:refused by the server (rule, stale revision, repeated approval) or bad input", "1:server error or unreachable"})
public final class ApproveCommand extends ClientCommand {

    @Parameters(index = "0", paramLabel = "ID", description = "The change id.")
    String id;

    @Option(names = "--revision", paramLabel = "N", description = "The revision you reviewed (with --hash; default: the current one).")
    Integer revision;

    @Option(names = "--hash", paramLabel = "HASH", description = "The content hash you reviewed (with --revision; default: the current one).")
    String hash;

    @Option(names = "--comment", paramLabel = "TEXT", description = "Why you approve (recorded in the ledger).")
    String comment;

    @Override
    protected int execute(ApiClient api, PrintWriter out, PrintWriter err) throws Exception {
        DecisionTarget t = DecisionTarget.resolve(api, id, revision, hash, "approving", client.format(), out, err);
        ApiClient.Reply reply = api.approve(id, t.revision(), t.contentHash(), comment);
        out.print(ChangeOutput.render(reply, client.format(), api.changeUrl(id)));
        return ChangeOutput.stateCode(reply.json().path("state").asText());
    }
}
