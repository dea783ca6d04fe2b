package io.blastwall.cli;

import io.blastwall.core.BadInputException;
import io.blastwall.core.SourceLocation;
import io.blastwall.core.canonical.CanonicalJson;
import io.blastwall.core.ledger.CheckpointAudit;
import io.blastwall.core.ledger.CheckpointKeys;
import io.blastwall.core.ledger.LedgerChain;
import io.blastwall.core.ledger.LedgerEntry;
import io.blastwall.core.ledger.LedgerVerifier;
import io.blastwall.core.store.ControlPlaneStore;
import io.blastwall.core.store.LedgerAudit;
import io.blastwall.core.store.StoreUnavailableException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code blastwall ledger verify|export|show}: the hash-chained ledger, read directly from the control-plane database
 * (offline: no server needed, and it works on a copy of the database after an incident).
 *
 * <ul>
 *   <li>{@code verify} streams every entry in sequence order through a {@link LedgerVerifier} (constant memory) and
 *       prints {@code ledger intact: N entries, head <hash>} (exit 0) or {@code ledger broken at entry K: <reason>}
 *       (exit {@value #EXIT_BROKEN}).</li>
 *   <li>{@code export} writes JSON Lines: one canonical JSON object per entry ({@link #entryJson}) with every field
 *       and both hashes, so any tool can re-verify the chain.</li>
 *   <li>{@code show --change ID} prints the entries concerning one change.</li>
 * </ul>
 *
 * <p>Exit codes: 0 done (verify: intact), {@value #EXIT_BROKEN} the ledger is broken, 2 bad input, 1 the database
 * cannot be used (or the output file cannot be written). Instances are used once per execution.
 */
@Command(name = "ledger", mixinStandardHelpOptions = true,
        description = "Verify, export and show the control plane's hash-chained ledger, read from its database.",
        subcommands = {LedgerCommand.Verify.class, LedgerCommand.Export.class, LedgerCommand.Show.class})
public final class LedgerCommand implements Callable<Integer> {

    /** Exit code of {@code ledger verify} when an entry was altered, deleted, inserted or cannot be read. */
    public static final int EXIT_BROKEN = 3;

    /** Entries read per query by export (bounded memory even with large analyses in the payloads). */
    static final int PAGE = 200;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        err.println("Missing subcommand: verify, export or show.");
        spec.commandLine().usage(err);
        return Main.EXIT_BAD_INPUT;
    }

    /**
     * An entry as an external tool sees it: {@code sequence, time, actor, action, changeId, payload, previousHash,
     * hash}. Its {@code hash} is SHA-256 over the canonical JSON of this same object without {@code hash}
     * ({@link LedgerChain#hash}); {@code time} is the RFC 3339 text that was hashed.
     */
    static Map<String, Object> entryJson(LedgerEntry e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sequence", e.sequence());
        m.put("time", e.time().toString());
        m.put("actor", e.actor());
        m.put("action", e.action());
        m.put("changeId", e.changeId());
        m.put("payload", e.payload());
        m.put("previousHash", e.previousHash());
        m.put("hash", e.hash());
        return m;
    }

    /** {@code ledger verify}. */
    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Check every entry's hash and link, in order; report the first entry that was altered, deleted or inserted.",
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:intact", "3:broken", "2:bad input", "1:database unavailable or internal error"})
    static final class Verify implements Callable<Integer> {

        @Option(names = "--format", paramLabel = "text|json", defaultValue = "text",
                converter = EstateCommand.FormatConverter.class, description = "Output format: text (default) or json.")
        EstateCommand.Format format;

        @Option(names = "--expect-head", paramLabel = "HASH",
                description = "A head hash printed by an earlier verify and kept elsewhere: the ledger must still contain "
                        + "that entry (detects entries cut off the end, which the chain alone cannot).")
        String expectHead;

        @Option(names = "--checkpoints", paramLabel = "PUBKEYFILE",
                description = "Also check every stored signed checkpoint with this public key (the server's "
                        + "checkpoint-key.pub; repeat for several replicas' keys): its signature, and that the ledger still "
                        + "holds its entry unchanged (detects entries cut off the end or a rewritten history).")
        List<Path> checkpointKeys = List.of();

        @Mixin
        StoreOptions store = new StoreOptions();

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            List<java.security.PublicKey> keys = new java.util.ArrayList<>();
            for (Path k : checkpointKeys == null ? List.<Path>of() : checkpointKeys) {
                try {
                    keys.add(CheckpointKeys.readPublicKey(k));
                } catch (IOException e) {
                    throw new BadInputException(SourceLocation.of(k.toString()),
                            e instanceof java.nio.file.NoSuchFileException ? "no such file" : e.getMessage());
                }
            }
            String head = expectHead == null ? null : expectHead.strip().toLowerCase(Locale.ROOT);
            if (head != null && !head.matches("[0-9a-f]{64}")) {
                throw new BadInputException(SourceLocation.of("--expect-head"),
                        "expected a SHA-256 hash of 64 hex digits, found '" + expectHead + "'");
            }
            return store.run(spec, Clock.systemUTC(), db -> {
                // the same audit as GET /api/v1/ledger/verify, so both report the same
                LedgerAudit.Report r = LedgerAudit.run(db, head, keys);
                PrintWriter out = spec.commandLine().getOut();
                Map<String, Object> m = new LinkedHashMap<>(r.toMap());
                m.put("database", db.describe());
                if (format == EstateCommand.Format.JSON) {
                    out.println(StoreOptions.json(m));
                } else {
                    text(r, out);
                }
                out.flush();
                return r.ok() ? Main.EXIT_ALLOW : EXIT_BROKEN;
            });
        }

        private static void text(LedgerAudit.Report r, PrintWriter out) {
            switch (r.chain()) {
                case LedgerChain.Verification.Intact ok -> out.println("ledger intact: " + ok.entries()
                        + (ok.entries() == 1 ? " entry" : " entries") + ", head " + ok.headHash());
                case LedgerChain.Verification.Broken bad ->
                        out.println("ledger broken at entry " + bad.sequence() + ": " + bad.reason());
            }
            r.checkpoints().ifPresent(c -> {
                switch (c) {
                    case CheckpointAudit.Result.Holds ok ->
                            out.println("checkpoints hold: " + ok.checked() + " checked, latest " + ok.latest().describe());
                    case CheckpointAudit.Result.Fails bad -> out.println(bad.checkpoint() == null
                            ? "checkpoints fail: " + bad.reason()
                            : "checkpoint failed at " + bad.checkpoint().describe() + ": " + bad.reason());
                }
            });
        }
    }

    /** {@code ledger export [--from N] [--output FILE]}. */
    @Command(name = "export", mixinStandardHelpOptions = true,
            description = "Write the ledger as JSON Lines: one canonical JSON object per entry, with every field and both hashes.")
    static final class Export implements Callable<Integer> {

        @Option(names = "--from", paramLabel = "N", defaultValue = "1",
                description = "First entry to export (default: 1). To re-verify a partial export, start from the previousHash of its first line.")
        long from;

        @Option(names = "--output", paramLabel = "FILE",
                description = "Write to FILE (replaced as a whole once complete) instead of standard output.")
        String output;

        @Mixin
        StoreOptions store = new StoreOptions();

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            if (from < 1) throw new BadInputException(SourceLocation.of("--from"), "expected an entry number >= 1, found " + from);
            Path file = output == null ? null : outputPath(output);
            return store.run(spec, Clock.systemUTC(), db -> {
                if (file == null) {
                    PrintWriter out = spec.commandLine().getOut();
                    export(db, out);
                    out.flush();
                    return Main.EXIT_ALLOW;
                }
                return exportToFile(db, file);
            });
        }

        private static Path outputPath(String text) {
            try {
                Path p = Path.of(text).toAbsolutePath().normalize();
                if (Files.isDirectory(p)) {
                    throw new BadInputException(SourceLocation.of("--output"), text + " is a directory; name a file");
                }
                if (p.getParent() == null || !Files.isDirectory(p.getParent())) {
                    throw new BadInputException(SourceLocation.of("--output"), "the directory of " + text + " does not exist");
                }
                return p;
            } catch (InvalidPathException e) {
                throw new BadInputException(SourceLocation.of("--output"), "not a valid path: " + e.getReason());
            }
        }

        /** Writes the entries from {@link #from} on; returns how many. */
        private long export(ControlPlaneStore db, Writer out) {
            long next = from;
            long count = 0;
            try {
                while (true) {
                    List<LedgerEntry> page = db.ledgerRange(next, PAGE);
                    for (LedgerEntry e : page) {
                        out.write(CanonicalJson.write(entryJson(e)));
                        out.write('\n');
                        count++;
                    }
                    if (page.size() < PAGE) return count;
                    next = page.getLast().sequence() + 1;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Writes to a temporary file beside the target and moves it into place: never a partial export. */
        private int exportToFile(ControlPlaneStore db, Path file) {
            PrintWriter err = spec.commandLine().getErr();
            Path tmp = null;
            try {
                tmp = Files.createTempFile(file.getParent(), "." + file.getFileName(), ".part");
                long n;
                try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                    n = export(db, w);
                }
                try {
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException atomicNotSupported) {
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
                }
                tmp = null;
                err.println("exported " + n + (n == 1 ? " entry" : " entries") + (from > 1 ? " from entry " + from : "")
                        + " to " + file);
                err.flush();
                return Main.EXIT_ALLOW;
            } catch (IOException | UncheckedIOException e) {
                err.println("blastwall: cannot write " + file + ": " + e.getMessage() + "; nothing was exported");
                err.flush();
                return Main.EXIT_INTERNAL;
            } finally {
                if (tmp != null) {
                    try {
                        Files.deleteIfExists(tmp);
                    } catch (IOException ignored) {
                        // best effort: the name says it is a partial file
                    }
                }
            }
        }
    }

    /** {@code ledger show --change ID}. */
    @Command(name = "show", mixinStandardHelpOptions = true, description = "Print the ledger entries of one change, in order.")
    static final class Show implements Callable<Integer> {

        /** Longest payload printed in text form; JSON always has it whole. */
        static final int TEXT_PAYLOAD = 160;

        @Option(names = "--change", required = true, paramLabel = "ID", description = "The change id.")
        String change;

        @Option(names = "--format", paramLabel = "text|json", defaultValue = "text",
                converter = EstateCommand.FormatConverter.class,
                description = "text (default; long payloads shortened) or json (every field, whole).")
        EstateCommand.Format format;

        @Mixin
        StoreOptions store = new StoreOptions();

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            String id = change.strip();
            if (id.isEmpty()) throw new BadInputException(SourceLocation.of("--change"), "expected a change id, found nothing");
            return store.run(spec, Clock.systemUTC(), db -> {
                List<LedgerEntry> entries = db.ledgerOfChange(id);
                if (entries.isEmpty()) {
                    throw new BadInputException(SourceLocation.of("--change"), "no ledger entry concerns change " + id);
                }
                PrintWriter out = spec.commandLine().getOut();
                if (format == EstateCommand.Format.JSON) {
                    out.println(StoreOptions.json(entries.stream().map(LedgerCommand::entryJson).toList()));
                } else {
                    out.println("change " + id + ": " + entries.size() + (entries.size() == 1 ? " entry" : " entries"));
                    for (LedgerEntry e : entries) {
                        out.println("#" + e.sequence() + "  " + e.time() + "  " + e.actor() + "  " + e.action());
                        String p = CanonicalJson.write(e.payload());
                        out.println("    " + (p.length() <= TEXT_PAYLOAD ? p
                                : p.substring(0, TEXT_PAYLOAD) + "… (" + p.length() + " characters; see --format json)"));
                    }
                }
                out.flush();
                return Main.EXIT_ALLOW;
            });
        }
    }
}
