package io.blastwall.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.blastwall.core.BadInputException;
import io.blastwall.core.SourceLocation;
import io.blastwall.core.estate.EdgeType;
import io.blastwall.core.estate.Estate;
import io.blastwall.core.estate.EstateAnalysis;
import io.blastwall.core.estate.EstateProblem;
import io.blastwall.core.estate.NodeKind;
import io.blastwall.formats.backstage.BackstageCatalogReader;
import io.blastwall.formats.estate.BadInputCollector;
import io.blastwall.formats.estate.EstateFileReader;
import io.blastwall.formats.estate.EstateFormat;
import io.blastwall.formats.estate.EstateLoad;
import io.blastwall.formats.estate.EstateSourceReader;
import io.blastwall.formats.estate.EstateSources;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code blastwall estate validate|stats FILE…}: loads estate files (Blastwall's own format or Backstage catalogs,
 * detected from each file's first document, or all Backstage with {@code --backstage}) and reports problems or
 * statistics, as text or JSON.
 *
 * <p>Exit codes: 0 when the estate has no ERROR problem (stats: when it loaded), 2 on bad input, an estate with
 * errors, or a usage mistake. Bad input prints its message only, never a stack trace. Output goes to the command
 * line's out/err writers so it can be captured. Instances are used once per execution.
 */
@Command(name = "estate", mixinStandardHelpOptions = true,
        description = "Check and describe estate files (Blastwall estate files and Backstage catalogs).",
        subcommands = {EstateCommand.Validate.class, EstateCommand.Stats.class})
public final class EstateCommand implements Callable<Integer> {

    /** Exit code for success. */
    public static final int OK = 0;
    /** Exit code for bad input, an estate with errors, or a usage mistake. */
    public static final int BAD = 2;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        err.println("Missing subcommand: validate or stats.");
        spec.commandLine().usage(err);
        return BAD;
    }

    /** Output formats of the subcommands. */
    public enum Format { TEXT, JSON }

    /** Accepts {@code text} and {@code json} in any case. */
    static final class FormatConverter implements CommandLine.ITypeConverter<Format> {
        @Override
        public Format convert(String value) {
            return switch (value.toLowerCase(Locale.ROOT)) {
                case "text" -> Format.TEXT;
                case "json" -> Format.JSON;
                default -> throw new CommandLine.TypeConversionException("expected text or json, found '" + value + "'");
            };
        }
    }

    /** Options and loading shared by the subcommands. */
    abstract static class EstateFiles implements Callable<Integer> {

        @Parameters(arity = "1..*", paramLabel = "FILE", description = "Estate files (YAML or JSON) or Backstage catalogs.")
        List<Path> files;

        @Option(names = "--format", paramLabel = "text|json", defaultValue = "text", converter = FormatConverter.class,
                description = "Output format: text (default) or json.")
        Format format;

        @Option(names = "--backstage", description = "Read every file as a Backstage catalog (default: detect per file).")
        boolean backstage;

        @Spec
        CommandSpec spec;

        @Override
        public final Integer call() {
            EstateLoad load;
            try {
                load = load();
            } catch (BadInputException e) {
                spec.commandLine().getErr().println(e.getMessage());
                return BAD;
            }
            return report(load, EstateAnalysis.of(load.estate()), spec.commandLine().getOut());
        }

        abstract int report(EstateLoad load, EstateAnalysis analysis, PrintWriter out);

        private EstateLoad load() {
            EstateSourceReader estateReader = new EstateFileReader();
            EstateSourceReader backstageReader = new BackstageCatalogReader();
            Map<Path, EstateSourceReader> readers = new HashMap<>();
            BadInputCollector bad = new BadInputCollector();
            for (Path f : files) {
                if (backstage) {
                    readers.put(f, backstageReader);
                    continue;
                }
                try {
                    readers.put(f, EstateFormat.detect(f) == EstateFormat.BACKSTAGE ? backstageReader : estateReader);
                } catch (BadInputException e) {
                    bad.addAll(e);
                }
            }
            bad.throwIfAny();
            return EstateSources.load(files, readers::get);
        }

        /** Where problems about the estate as a whole (cycles) are placed: the file, or "estate" for several. */
        SourceLocation estatePlace() {
            return SourceLocation.of(files.size() == 1 ? files.getFirst().toString() : "estate");
        }

        static String json(Object tree) {
            try {
                return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(tree);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("a tree of maps and lists always serialises", e);
            }
        }

        static Map<String, Object> problemJson(EstateProblem p) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("severity", p.severity().name().toLowerCase(Locale.ROOT));
            m.put("code", p.code());
            m.put("message", p.message());
            m.put("file", p.where().file());
            m.put("line", p.where().line());
            if (!p.where().path().isEmpty()) m.put("path", p.where().path());
            return m;
        }

        static String estateLabel(Estate e) {
            return e.name().isEmpty() ? "estate" : "estate '" + e.name() + "'";
        }
    }

    /** Prints every problem of the estate, hard cycles as warnings, and the counts. */
    @Command(name = "validate", mixinStandardHelpOptions = true,
            description = "Report every problem of the estate; exit 0 when there is no error, 2 otherwise.")
    static final class Validate extends EstateFiles {

        @Override
        int report(EstateLoad load, EstateAnalysis a, PrintWriter out) {
            List<EstateProblem> problems = new ArrayList<>(load.problemsInFileOrder());
            problems.addAll(a.cycleProblems(estatePlace()));
            long errors = problems.stream().filter(p -> p.severity() == EstateProblem.Severity.ERROR).count();
            long warnings = problems.size() - errors;
            Estate e = load.estate();
            if (format == Format.JSON) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("estate", e.name());
                m.put("valid", errors == 0);
                m.put("errors", errors);
                m.put("warnings", warnings);
                m.put("nodes", a.nodeCount());
                m.put("edges", a.edgeCount());
                m.put("hardCycles", a.hardCycleCount());
                m.put("problems", problems.stream().map(EstateFiles::problemJson).toList());
                m.put("notes", load.notes());
                out.println(json(m));
            } else {
                for (EstateProblem p : problems) out.println(p);
                for (String n : load.notes()) out.println("note: " + n);
                out.println(estateLabel(e) + ": " + a.nodeCount() + " nodes, " + a.edgeCount() + " edges; "
                        + errors + (errors == 1 ? " error, " : " errors, ") + warnings + (warnings == 1 ? " warning" : " warnings")
                        + " (" + a.hardCycleCount() + " hard-dependency " + (a.hardCycleCount() == 1 ? "cycle" : "cycles") + ")"
                        + (errors == 0 ? ": valid" : ": invalid"));
            }
            out.flush();
            return errors == 0 ? OK : BAD;
        }
    }

    /** Prints counts and breakdowns of the estate. */
    @Command(name = "stats", mixinStandardHelpOptions = true,
            description = "Print counts and breakdowns of the estate (by kind, tier, region, edge type …).")
    static final class Stats extends EstateFiles {

        @Override
        int report(EstateLoad load, EstateAnalysis a, PrintWriter out) {
            Estate e = load.estate();
            long errors = load.errors().size();
            long warnings = load.problems().size() - errors;
            if (format == Format.JSON) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("estate", e.name());
                m.put("nodes", a.nodeCount());
                m.put("edges", a.edgeCount());
                Map<String, Object> byKind = new LinkedHashMap<>();
                a.nodesByKind().forEach((k, v) -> byKind.put(k.externalName(), v));
                m.put("nodesByKind", byKind);
                Map<String, Object> byTier = new LinkedHashMap<>();
                a.nodesByTier().forEach((k, v) -> byTier.put(String.valueOf(k), v));
                m.put("nodesByTier", byTier);
                m.put("nodesByRegion", a.nodesByRegion());
                Map<String, Object> byType = new LinkedHashMap<>();
                a.edgesByType().forEach((k, v) -> byType.put(k.externalName(), v));
                m.put("edgesByType", byType);
                m.put("entryPoints", a.entryPointCount());
                m.put("entryPointsListed", a.entryPoints().stream()
                        .map(p -> Map.of("id", p.id(), "trafficWeight", p.trafficWeight())).toList());
                m.put("totalTrafficWeight", a.totalTrafficWeight());
                m.put("stateful", a.statefulCount());
                m.put("withoutOwner", a.withoutOwnerCount());
                m.put("withoutOwnerListed", a.withoutOwner());
                m.put("orphans", a.orphanCount());
                m.put("orphansListed", a.orphans());
                m.put("hardCycles", a.hardCycleCount());
                m.put("nodesInHardCycles", a.nodesInHardCycles());
                m.put("errors", errors);
                m.put("warnings", warnings);
                out.println(json(m));
            } else {
                out.println(estateLabel(e));
                out.println("  nodes:          " + a.nodeCount());
                out.println("  edges:          " + a.edgeCount() + " (" + joinTypes(a.edgesByType()) + ")");
                out.println("  by kind:        " + joinKinds(a.nodesByKind()));
                out.println("  by tier:        " + join(a.nodesByTier(), t -> "tier " + t));
                out.println("  by region:      " + join(a.nodesByRegion(), r -> r.isEmpty() ? "(global)" : r));
                out.println("  entry points:   " + a.entryPointCount() + " (total traffic weight "
                        + number(a.totalTrafficWeight()) + ")" + listed(a.entryPoints().stream()
                        .map(p -> p.id() + " " + number(p.trafficWeight())).toList(), a.entryPointCount()));
                out.println("  stateful:       " + a.statefulCount());
                out.println("  without owner:  " + a.withoutOwnerCount() + listed(a.withoutOwner(), a.withoutOwnerCount()));
                out.println("  orphans:        " + a.orphanCount() + listed(a.orphans(), a.orphanCount()));
                out.println("  hard cycles:    " + a.hardCycleCount() + " (" + a.nodesInHardCycles() + " nodes)");
                if (errors + warnings > 0) {
                    out.println("  problems:       " + errors + " errors, " + warnings + " warnings (see: blastwall estate validate)");
                }
            }
            out.flush();
            return OK;
        }

        private static String listed(List<String> ids, int total) {
            if (ids.isEmpty()) return "";
            return ": " + String.join(", ", ids) + (total > ids.size() ? ", ... (" + (total - ids.size()) + " more)" : "");
        }

        private static String number(double d) {
            return d == Math.rint(d) && Math.abs(d) < 1e15 ? String.valueOf((long) d) : String.valueOf(d);
        }

        private static String joinTypes(Map<EdgeType, Integer> m) {
            return join(m, EdgeType::externalName);
        }

        private static String joinKinds(Map<NodeKind, Integer> m) {
            return m.isEmpty() ? "-" : join(m, NodeKind::externalName);
        }

        private static <K> String join(Map<K, Integer> m, java.util.function.Function<K, String> name) {
            StringBuilder sb = new StringBuilder();
            for (Map.Entry<K, Integer> en : m.entrySet()) {
                if (sb.length() > 0) sb.append(", ");
                sb.append(name.apply(en.getKey())).append(' ').append(en.getValue());
            }
            return sb.toString();
        }
    }
}
