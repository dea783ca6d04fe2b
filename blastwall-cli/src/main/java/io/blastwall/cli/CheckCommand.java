package io.blastwall.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.blastwall.formats.output.AssessmentJson;
import io.blastwall.cli.render.MarkdownRenderer;
import io.blastwall.cli.render.SarifRenderer;
import io.blastwall.cli.render.TextRenderer;
import io.blastwall.core.change.Change;
import io.blastwall.core.estate.Estate;
import io.blastwall.core.policy.PolicySet;
import io.blastwall.core.verdict.Assessment;
import io.blastwall.core.verdict.Assessor;
import io.blastwall.core.verdict.Decision;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code blastwall check}: the verdict on one change, with exit code 0 allow, 10 needs approval, 20 deny. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Check a change (Terraform/OpenTofu plan JSON, Kubernetes manifests or a Blastwall change file) against the estate and the policies.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:allow", "10:needs approval", "20:deny", "2:bad input", "1:internal error"})
public final class CheckCommand implements Callable<Integer> {

    public enum Format { text, json, sarif, markdown }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--estate", required = true, split = ",", paramLabel = "FILE",
            description = "Estate file(s): Blastwall estate YAML/JSON or Backstage catalog.")
    List<Path> estate;

    @Option(names = "--change", required = true, split = ",", paramLabel = "FILE",
            description = "The change: plan JSON, manifests (files or a directory) or a Blastwall change file.")
    List<Path> change;

    @Option(names = "--current", paramLabel = "FILE", description = "Current Kubernetes objects, to diff manifests against.")
    Path current;

    @Option(names = "--prune", description = "With --current: objects missing from the manifests are deleted.")
    boolean prune;

    @Option(names = "--policies", split = ",", paramLabel = "DIR",
            description = "Policy files or directories (default: the bundled default pack).")
    List<Path> policies;

    @Option(names = "--format", defaultValue = "text", description = "text, json, sarif or markdown (default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = "--max-impacted", defaultValue = "25", paramLabel = "N",
            description = "Impacted components to list (default: ${DEFAULT-VALUE}; JSON lists up to 10x as many).")
    int maxImpacted;

    @Option(names = "--now", paramLabel = "INSTANT", description = "Evaluate as at this time (RFC 3339), for freeze-window checks and replays.")
    String now;

    @Option(names = "--color", negatable = true, description = "Colour the text output (default: when writing to a terminal).")
    Boolean color;

    @Option(names = "--source-root", paramLabel = "DIR",
            description = "SARIF: file locations are written relative to this directory, the repository root code scanning"
                    + " resolves them from (default: the working directory).")
    Path sourceRoot;

    @Option(names = "--sarif-out", paramLabel = "FILE",
            description = "Also write the SARIF log to FILE (for CI: one run gives the log, the comment and the text).")
    Path sarifOut;

    @Option(names = "--markdown-out", paramLabel = "FILE",
            description = "Also write the Markdown summary (a pull-request comment) to FILE.")
    Path markdownOut;

    @Option(names = "--timings", description = "Print how long each phase took to standard error.")
    boolean timings;

    @CommandLine.Mixin
    AuthorOptions author = new AuthorOptions();

    @Override
    public Integer call() throws Exception {
        if (maxImpacted < 0) {
            throw new io.blastwall.core.BadInputException(io.blastwall.core.SourceLocation.of("--max-impacted"),
                    "expected a whole number >= 0, found " + maxImpacted);
        }
        long t0 = System.nanoTime();
        // compiling the policies is the slowest step of a cold start: overlap it with reading the inputs
        java.util.concurrent.CompletableFuture<PolicySet> compiling =
                java.util.concurrent.CompletableFuture.supplyAsync(() -> Loaders.policies(policies));
        Estate e = Loaders.estate(estate);
        long t1 = System.nanoTime();
        Change c = author.apply(Loaders.change(change, Optional.ofNullable(current), prune));
        long t2 = System.nanoTime();
        PolicySet p = join(compiling);
        long t3 = System.nanoTime();
        Assessment a = new Assessor(e, p, Loaders.clock(now)).assess(c);
        long t4 = System.nanoTime();
        int code = exitCode(a.decision());
        spec.commandLine().getOut().print(render(format, a, p, code));
        spec.commandLine().getOut().flush();
        if (sarifOut != null) writeAtomically(sarifOut, "--sarif-out", render(Format.sarif, a, p, code));
        if (markdownOut != null) writeAtomically(markdownOut, "--markdown-out", render(Format.markdown, a, p, code));
        long t5 = System.nanoTime();
        if (timings) {
            spec.commandLine().getErr().printf(java.util.Locale.ROOT,
                    "timings: estate %.1f ms, change %.1f ms, waiting for policies (compiled meanwhile) %.1f ms, blast radius + policy evaluation %.1f ms, output %.1f ms (JVM up %d ms before)%n",
                    ms(t1 - t0), ms(t2 - t1), ms(t3 - t2), ms(t4 - t3), ms(t5 - t4),
                    java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime() - Math.round(ms(t5 - t0)));
        }
        return code;
    }

    String render(Format as, Assessment a, PolicySet p, int code) throws Exception {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        return switch (as) {
            case text -> new TextRenderer(Terminal.color(color)).render(a, maxImpacted);
            case json -> json.writeValueAsString(AssessmentJson.tree(a, Math.max(maxImpacted * 10, 250), code)) + "\n";
            case sarif -> json.writeValueAsString(SarifRenderer.tree(a, p.specs(), Main.version(),
                    (sourceRoot == null ? Path.of("") : sourceRoot).toAbsolutePath(), change, code)) + "\n";
            case markdown -> MarkdownRenderer.render(a, Math.min(maxImpacted, 10));
        };
    }

    /** Writes beside the target and moves it into place, so a reader never sees half a file. */
    private static void writeAtomically(Path target, String option, String content) {
        Path abs = target.toAbsolutePath();
        try {
            Path tmp = java.nio.file.Files.createTempFile(abs.getParent(), ".blastwall-", ".tmp");
            try {
                java.nio.file.Files.writeString(tmp, content, java.nio.charset.StandardCharsets.UTF_8);
                java.nio.file.Files.move(tmp, abs, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            } finally {
                java.nio.file.Files.deleteIfExists(tmp);
            }
        } catch (java.io.IOException e) {
            throw new io.blastwall.core.BadInputException(io.blastwall.core.SourceLocation.of(option),
                    "cannot write " + target + ": " + e.getMessage());
        }
    }

    /** Waits for a background step, rethrowing its own exception (bad input stays bad input). */
    private static <T> T join(java.util.concurrent.CompletableFuture<T> f) throws Exception {
        try {
            return f.join();
        } catch (java.util.concurrent.CompletionException ex) {
            if (ex.getCause() instanceof RuntimeException re) throw re;
            if (ex.getCause() instanceof Error err) throw err;
            throw ex;
        }
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    static int exitCode(Decision d) {
        return switch (d) {
            case ALLOW -> Main.EXIT_ALLOW;
            case NEEDS_APPROVAL -> Main.EXIT_NEEDS_APPROVAL;
            case DENY -> Main.EXIT_DENY;
        };
    }
}
