package io.blastwall.cli.client;

import io.blastwall.cli.CheckCommand;
import io.blastwall.core.BadInputException;
import io.blastwall.core.SourceLocation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * {@code blastwall submit}: uploads a change's documents to the control plane and prints the verdict the server
 * gave, with the change's id and its console link ({@code SERVER/changes/ID}), which is also printed on standard
 * error as {@code blastwall: submitted change ID: URL} in every format, for CI to pick up. Exit code from the verdict, exactly as {@code check}: 0 allow, 10 needs
 * approval, 20 deny; 2 when the server refuses the request (4xx) or the input cannot be read, 1 when the server
 * fails or cannot be reached. Used once per execution.
 */
@Command(name = "submit", mixinStandardHelpOptions = true,
        description = "Submit a change to a Blastwall server and print its verdict (the author is whoever the token belongs to).",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:allow", "10:needs approval", "20:deny", "2:refused by the server (4xx) or bad input",
                "1:server error or unreachable"})
public final class SubmitCommand extends ClientCommand {

    @Option(names = "--change", required = true, split = ",", arity = "1..*", paramLabel = "FILE",
            description = "The change's documents: plan JSON, manifests (files or directories) or a Blastwall change file.")
    List<Path> change;

    @Option(names = "--title", paramLabel = "TEXT", description = "A title for reviewers (default: the server derives one).")
    String title;

    @Option(names = "--session", paramLabel = "ID", description = "The agent's session id (agents only).")
    String session;

    @Option(names = "--prompt-hash", paramLabel = "HASH", description = "Hash of the prompt that produced the change (agents only).")
    String promptHash;

    @Option(names = "--change-format", defaultValue = "auto", paramLabel = "FORMAT",
            description = "auto, terraform-plan, kubernetes or blastwall-change (default: ${DEFAULT-VALUE}).")
    String changeFormat;

    @Override
    protected int execute(ApiClient api, PrintWriter out, PrintWriter err) throws Exception {
        List<ApiClient.Document> docs = documents(change);
        String fmt = changeFormat == null || changeFormat.equalsIgnoreCase("auto") ? null : changeFormat.toLowerCase(Locale.ROOT);
        ApiClient.Reply reply = api.submit(new ApiClient.Submission(title, fmt, docs, session, promptHash));
        String id = ChangeOutput.text(reply.json(), "id");
        // people follow the console link; the API link is in the JSON view's links
        String link = api.consoleUrl(id);
        out.print(ChangeOutput.render(reply, client.format(), link));
        out.flush();
        // one line CI can find whatever the format (standard output stays one document for json and sarif)
        err.println("blastwall: submitted change " + id + ": " + link);
        return ChangeOutput.verdictCode(reply.json().path("revision").path("verdict").asText());
    }

    /** Reads every file (directories: their .json/.yaml/.yml files, sorted) as UTF-8; bad input names the file. */
    static List<ApiClient.Document> documents(List<Path> paths) {
        List<ApiClient.Document> docs = new ArrayList<>();
        for (Path p : paths) {
            if (Files.isDirectory(p)) {
                List<Path> inside;
                try (Stream<Path> s = Files.walk(p)) {
                    inside = s.filter(Files::isRegularFile).filter(SubmitCommand::isDocument).sorted().toList();
                } catch (IOException e) {
                    throw new BadInputException(SourceLocation.of(p.toString()), "cannot list the directory: " + e.getMessage());
                }
                if (inside.isEmpty()) {
                    throw new BadInputException(SourceLocation.of(p.toString()), "expected .json, .yaml or .yml files in the directory, found none");
                }
                for (Path f : inside) docs.add(read(f));
            } else {
                docs.add(read(p));
            }
        }
        return docs;
    }

    private static boolean isDocument(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".json") || n.endsWith(".yaml") || n.endsWith(".yml");
    }

    private static ApiClient.Document read(Path f) {
        if (!Files.isRegularFile(f)) {
            throw new BadInputException(SourceLocation.of(f.toString()), "expected a readable file, found none");
        }
        try {
            byte[] bytes = Files.readAllBytes(f);
            String text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
            return new ApiClient.Document(f.toString().replace('\\', '/'), text);
        } catch (CharacterCodingException e) {
            throw new BadInputException(SourceLocation.of(f.toString()), "expected UTF-8 text");
        } catch (IOException e) {
            throw new BadInputException(SourceLocation.of(f.toString()), "cannot read the file: " + e.getMessage());
        }
    }
}
