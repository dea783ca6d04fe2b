package io.blastwall.cli;

import io.blastwall.core.BadInputException;
import io.blastwall.core.SourceLocation;
import io.blastwall.core.change.Change;
import io.blastwall.core.change.Provenance;
import picocli.CommandLine.Option;

/**
 * Who proposed the change, as given on the command line. A change file may carry its own author; both may be
 * given only when they agree, so that a pipeline cannot silently relabel an agent's change as a human's.
 */
final class AuthorOptions {

    @Option(names = "--author", paramLabel = "ID", description = "Human author's id.")
    String author;

    @Option(names = "--agent", paramLabel = "ID", description = "Agent author's own id (its identity, not its operator's).")
    String agent;

    @Option(names = "--model", paramLabel = "NAME", description = "The agent's model.")
    String model;

    @Option(names = "--on-behalf-of", paramLabel = "HUMAN", description = "The human the agent acts for.")
    String onBehalfOf;

    @Option(names = "--session", paramLabel = "ID", description = "The agent's session id.")
    String session;

    @Option(names = "--prompt-hash", paramLabel = "HASH", description = "Hash of the prompt the agent was given.")
    String promptHash;

    boolean given() {
        return author != null || agent != null || model != null || onBehalfOf != null || session != null || promptHash != null;
    }

    Provenance provenance() {
        try {
            if (agent != null) {
                if (author != null && onBehalfOf != null && !author.equals(onBehalfOf)) {
                    throw new BadInputException(SourceLocation.of("command line"),
                            "--author and --on-behalf-of name different humans; with --agent, give the human once with --on-behalf-of");
                }
                String human = onBehalfOf != null ? onBehalfOf : author;
                return Provenance.agent(agent, model, human, session, promptHash);
            }
            if (model != null || onBehalfOf != null || session != null || promptHash != null) {
                throw new BadInputException(SourceLocation.of("command line"),
                        "--model, --on-behalf-of, --session and --prompt-hash describe an agent: give --agent ID too");
            }
            return Provenance.human(author);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(SourceLocation.of("command line"), e.getMessage());
        }
    }

    /** The change with the command line's author applied; refuses a conflict with an author inside the change file. */
    Change apply(Change change) {
        if (!given()) return change;
        Provenance cli = provenance();
        Provenance inFile = change.author();
        if (!inFile.equals(Provenance.UNKNOWN) && !inFile.equals(cli)) {
            throw new BadInputException(SourceLocation.of("command line"),
                    "the change file names its author (" + inFile.kind().externalName() + " " + inFile.id()
                            + ") and the command line names another (" + cli.kind().externalName() + " " + cli.id()
                            + "); give the author in one place");
        }
        return change.withAuthor(cli);
    }
}
