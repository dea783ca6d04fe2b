package io.blastwall.cli;

import io.blastwall.cli.render.TextRenderer;
import io.blastwall.core.BadInputException;
import io.blastwall.core.SourceLocation;
import io.blastwall.core.change.Change;
import io.blastwall.core.estate.Estate;
import io.blastwall.core.policy.PolicySet;
import io.blastwall.core.verdict.Assessment;
import io.blastwall.core.verdict.Assessor;
import io.blastwall.formats.doc.Documents;
import io.blastwall.formats.doc.Fields;
import io.blastwall.formats.doc.LocatedDocument;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code blastwall demo}: by default the live demo ({@link io.blastwall.cli.demo.LiveDemoRunner}) — the server on the
 * embedded database, a simulated estate with live traffic and a scripted agent; with {@code --checks-only} a guided
 * run of {@code check} over the bundled examples (examples/demo.yaml): changes from humans and agents, each verdict
 * printed with its reasons. Both exit 0 when every scenario ends as expected, 1 otherwise (so the demo doubles as an
 * end-to-end test).
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Live demo: the server, a simulated estate with traffic and a scripted agent proposing changes —"
                + " dangerous ones stopped, approved ones rolled out in waves, a bad one caught by canary statistics and"
                + " rolled back on its own.", "With --checks-only: a guided run of check over the bundled examples."})
public final class DemoCommand implements Callable<Integer> {

    @Option(names = "--checks-only", description = "Only check the bundled example changes (no server, no simulation).")
    boolean checksOnly;

    @Option(names = "--speed", defaultValue = "60", paramLabel = "X",
            description = "Simulated seconds per real second in the live demo (default: ${DEFAULT-VALUE}; 1 = real time).")
    double speed;

    @Option(names = "--port", defaultValue = "0", paramLabel = "PORT",
            description = "Port of the demo server (default: any free port; the address is printed).")
    int port;

    @Option(names = "--seed", defaultValue = "42", paramLabel = "N", description = "Seed of the simulation (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--keep-running", description = "Keep the server and the simulation running after the script, for"
            + " the console and the API, until Ctrl-C.")
    boolean keepRunning;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Where the demo's database goes (default: a new"
            + " temporary folder, deleted at the end). Must not hold a Blastwall database already.")
    Path dataDir;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--examples", paramLabel = "DIR", description = "The examples folder (default: the one shipped with Blastwall).")
    Path examples;

    @Option(names = "--color", negatable = true, description = "Colour the output (default: when writing to a terminal).")
    Boolean color;

    @Option(names = "--details", description = "Print each full report, not only its first lines.")
    boolean details;

    /** One scenario of examples/demo.yaml. */
    record Scenario(String name, String story, List<Path> change, Optional<Path> current, boolean prune,
                    AuthorOptions author, String expect, String now) {
    }

    @Override
    public Integer call() throws Exception {
        Path dir = examples != null ? examples : defaultExamples();
        if (!checksOnly) {
            return new io.blastwall.cli.demo.LiveDemoRunner(dir, dataDir, port, speed, seed, keepRunning,
                    spec.commandLine().getOut(), Terminal.color(color)).run();
        }
        Path manifest = dir.resolve("demo.yaml");
        LocatedDocument doc = Documents.read(manifest).get(0);
        Fields f = new Fields(doc);
        Map<String, Object> root = f.object(doc.root(), "$");
        Estate estate = Loaders.estate(List.of(dir.resolve(f.string(root, "estate", "$"))));
        PolicySet policies = Loaders.policies(null);
        String defaultNow = f.optString(root, "now", "$").orElse(null);
        List<Scenario> scenarios = scenarios(f, root, dir, defaultNow);
        PrintWriter out = spec.commandLine().getOut();
        boolean useColor = Terminal.color(color);
        TextRenderer text = new TextRenderer(useColor);
        out.println("Blastwall demo: " + scenarios.size() + " changes against estate '" + estate.name() + "' ("
                + estate.nodeCount() + " components, " + estate.edgeCount() + " dependencies), default policy pack ("
                + policies.size() + " policies).");
        List<String[]> table = new ArrayList<>();
        boolean allAsExpected = true;
        int i = 0;
        for (Scenario s : scenarios) {
            i++;
            Change c = s.author.apply(Loaders.change(s.change, s.current, s.prune));
            Assessment a = new Assessor(estate, policies, Loaders.clock(s.now)).assess(c);
            String got = a.decision().externalName();
            boolean ok = got.equals(s.expect);
            allAsExpected &= ok;
            table.add(new String[]{Integer.toString(i), s.name, got, Integer.toString(a.risk().score()), ok ? "as expected" : "EXPECTED " + s.expect});
            out.println();
            out.println("── " + i + ". " + s.name + " " + "─".repeat(Math.max(3, 70 - s.name.length())));
            out.println(s.story);
            out.println("$ blastwall check --estate " + dir.relativize(dir.resolve(f.string(root, "estate", "$")))
                    + " --change " + String.join(",", s.change.stream().map(p -> dir.relativize(p).toString()).toList())
                    + describe(s) + "    (exit " + CheckCommand.exitCode(a.decision()) + ")");
            String report = text.render(a, details ? 25 : 6);
            out.print(details ? report : firstBlock(report));
        }
        out.println();
        out.println("Summary");
        for (String[] row : table) {
            out.printf("  %-3s %-52s %-15s risk %3s  %s%n", row[0], row[1], row[2], row[3], row[4]);
        }
        out.println(allAsExpected ? "Every verdict is as expected." : "Some verdicts differ from what the scenarios expect.");
        out.flush();
        return allAsExpected ? 0 : 1;
    }

    private static String describe(Scenario s) {
        StringBuilder sb = new StringBuilder();
        s.current.ifPresent(p -> sb.append(" --current ").append(p.getFileName()));
        if (s.prune) sb.append(" --prune");
        AuthorOptions a = s.author;
        if (a.agent != null) sb.append(" --agent ").append(a.agent);
        if (a.model != null) sb.append(" --model ").append(a.model);
        if (a.onBehalfOf != null) sb.append(" --on-behalf-of ").append(a.onBehalfOf);
        if (a.author != null) sb.append(" --author ").append(a.author);
        if (s.now != null) sb.append(" --now ").append(s.now);
        return sb.toString();
    }

    /** The report up to the end of its "required" and "alternatives" sections: the part a reviewer reads first. */
    private static String firstBlock(String report) {
        int cut = report.indexOf("\nActions");
        if (cut < 0) cut = report.indexOf("\n\u001b[1mActions");
        return cut < 0 ? report : report.substring(0, cut + 1);
    }

    private static List<Scenario> scenarios(Fields f, Map<String, Object> root, Path dir, String defaultNow) {
        List<Scenario> out = new ArrayList<>();
        List<Object> list = f.list(root.get("scenarios"), "$.scenarios");
        for (int i = 0; i < list.size(); i++) {
            String p = "$.scenarios[" + i + "]";
            Map<String, Object> s = f.object(list.get(i), p);
            List<Path> change = f.stringList(s, "change", p).stream().map(dir::resolve).toList();
            if (change.isEmpty()) throw f.error(p, "a scenario needs at least one change file");
            AuthorOptions a = new AuthorOptions();
            Map<String, Object> au = s.get("author") == null ? Map.of() : f.object(s.get("author"), p + ".author");
            a.author = f.optString(au, "id", p + ".author").orElse(null);
            a.agent = f.optString(au, "agent", p + ".author").orElse(null);
            a.model = f.optString(au, "model", p + ".author").orElse(null);
            a.onBehalfOf = f.optString(au, "onBehalfOf", p + ".author").orElse(null);
            a.session = f.optString(au, "sessionId", p + ".author").orElse(null);
            a.promptHash = f.optString(au, "promptHash", p + ".author").orElse(null);
            String expect = f.string(s, "expect", p);
            if (!List.of("allow", "needs-approval", "deny").contains(expect)) {
                throw f.error(p + ".expect", "expected allow, needs-approval or deny");
            }
            out.add(new Scenario(f.string(s, "name", p), f.optString(s, "story", p).orElse(""), change,
                    f.optString(s, "current", p).map(dir::resolve), f.optBoolean(s, "prune", p).orElse(false), a,
                    expect, f.optString(s, "now", p).orElse(defaultNow)));
        }
        return out;
    }

    /** examples/ next to the installation ({@code blastwall.home}, set by bin/blastwall), else ./examples. */
    static Path defaultExamples() {
        String home = System.getProperty("blastwall.home");
        Path p = home != null ? Path.of(home, "examples") : Path.of("examples");
        if (!Files.isDirectory(p)) {
            throw new BadInputException(SourceLocation.of(p.toString()), "examples folder not found; pass --examples DIR");
        }
        return p;
    }
}
