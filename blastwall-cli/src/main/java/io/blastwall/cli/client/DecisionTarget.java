package io.blastwall.cli.client;

import io.blastwall.cli.CheckCommand;
import io.blastwall.core.BadInputException;
import io.blastwall.core.SourceLocation;

import java.io.PrintWriter;

/**
 * The revision and content hash a decision is bound to. The server refuses a decision naming anything but the
 * current revision and hash; when the user gives neither, the client reads the current ones and says what is being
 * decided on, so the person sees the hash their decision is tied to. Immutable.
 */
record DecisionTarget(int revision, String contentHash) {

    static DecisionTarget resolve(ApiClient api, String id, Integer revision, String hash, String verb,
                                  CheckCommand.Format format, PrintWriter out, PrintWriter err) {
        if (revision != null && hash != null && !hash.isBlank()) {
            if (revision < 1) throw new BadInputException(SourceLocation.of("--revision"), "expected 1 or more, found " + revision);
            return new DecisionTarget(revision, hash.strip());
        }
        if (revision != null || hash != null) {
            throw new BadInputException(SourceLocation.of(revision != null ? "--hash" : "--revision"),
                    "give --revision and --hash together (the revision and content hash you reviewed), or neither to use the current ones");
        }
        var c = api.change(id).json();
        var rev = c.path("revision");
        DecisionTarget t = new DecisionTarget(rev.path("number").asInt(), rev.path("contentHash").asText());
        // text output keeps it on standard output, where a person reads it; JSON/SARIF keep standard output one document
        PrintWriter w = format == CheckCommand.Format.text ? out : err;
        w.println("blastwall: " + verb + " revision " + t.revision() + " of change " + id + " (content " + t.contentHash()
                + "): " + ChangeOutput.verdictWord(rev.path("verdict").asText()) + ", risk " + ChangeOutput.risk(rev)
                + ", \"" + ChangeOutput.text(c, "title") + "\"");
        w.flush();
        return t;
    }
}
