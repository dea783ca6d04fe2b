package io.blastwall.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.blastwall.core.BadInputException;
import io.blastwall.core.SourceLocation;
import io.blastwall.core.blast.BlastRadiusEngine;
import io.blastwall.core.blast.BlastReport;
import io.blastwall.core.blast.Impact;
import io.blastwall.core.change.Action;
import io.blastwall.core.change.ActionKind;
import io.blastwall.core.change.Change;
import io.blastwall.core.change.Provenance;
import io.blastwall.core.change.ResourceRef;
import io.blastwall.core.change.Scope;
import io.blastwall.core.estate.Estate;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code blastwall blast}: "what if" — the blast radius of one hypothetical action on one component. */
@Command(name = "blast", mixinStandardHelpOptions = true,
        description = "What if: the blast radius of deleting, scaling or reconfiguring one component.")
public final class BlastCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--estate", required = true, split = ",", paramLabel = "FILE", description = "Estate file(s).")
    List<Path> estate;

    @Option(names = "--node", required = true, paramLabel = "ID", description = "The component.")
    String node;

    @Option(names = "--action", required = true, paramLabel = "ACTION",
            description = "delete, replace, restart, config, update, or scale:N (N replicas after).")
    String action;

    @Option(names = "--format", defaultValue = "text", description = "text or json (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--max-impacted", defaultValue = "25", paramLabel = "N", description = "Impacted components to list.")
    int maxImpacted;

    @Override
    public Integer call() throws Exception {
        Estate e = Loaders.estate(estate);
        int idx = e.indexOf(node);
        if (idx < 0) {
            throw new BadInputException(SourceLocation.of("--node"), "no component '" + node + "' in the estate");
        }
        ActionKind kind = parseAction(action, e.replicas(idx));
        Action act = new Action(node, "component", new ResourceRef.Component(node), kind, "what-if", List.of(node), Map.of(),
                SourceLocation.of("--action"));
        Change c = new Change("what-if", "", Provenance.UNKNOWN, List.of(act), Scope.UNSPECIFIED,
                Change.contentHash("what-if", Map.of("node", node, "action", action)), List.of(), Map.of());
        BlastReport r = BlastRadiusEngine.analyse(e, c);
        var out = spec.commandLine().getOut();
        if (format.equals("json")) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("node", node);
            m.put("action", kind.externalName());
            m.put("severity", r.actions().get(0).severity().externalName());
            m.put("mode", r.actions().get(0).mode());
            m.put("impactedCount", r.summary().impactedCount());
            m.put("bySeverity", r.summary().bySeverity());
            m.put("trafficShare", r.summary().trafficShare());
            m.put("impacted", r.impacted(maxImpacted * 10).stream().map(i -> Map.of("node", i.node(),
                    "severity", i.severity().externalName(), "tier", i.tier(), "path", i.path())).toList());
            m.put("alternatives", r.alternatives().stream().map(a -> Map.of("kind", a.kind(), "description", a.description())).toList());
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(m));
        } else {
            out.printf(Locale.ROOT, "%s %s: %s at the target; %d component(s) impacted (%s); %.0f%% of entry traffic degraded or worse%n",
                    kind.externalName(), node, r.actions().get(0).mode(), r.summary().impactedCount(),
                    r.summary().maxSeverity().externalName(), r.summary().trafficShare() * 100);
            for (Impact i : r.impacted(maxImpacted)) {
                out.printf(Locale.ROOT, "  %-19s tier %d  %s%s%n", i.severity().externalName(), i.tier(), i.node(),
                        i.path().size() > 1 ? "  via " + String.join(" <- ", i.path().reversed().subList(1, i.path().size())) : "");
            }
            if (r.summary().impactedCount() > maxImpacted) out.println("  … and " + (r.summary().impactedCount() - maxImpacted) + " more");
            r.alternatives().forEach(a -> out.println("  safer: " + a.description()));
        }
        out.flush();
        return 0;
    }

    static ActionKind parseAction(String text, int replicas) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.startsWith("scale:")) {
            try {
                long to = Long.parseLong(t.substring(6));
                if (to < 0) throw new NumberFormatException();
                if (replicas <= 0) {
                    throw new BadInputException(SourceLocation.of("--action"),
                            "the component has no replica count in the estate, so scale:N cannot be judged; set replicas in the estate");
                }
                return new ActionKind.Scale(replicas, to, "replicas");
            } catch (NumberFormatException ex) {
                throw new BadInputException(SourceLocation.of("--action"), "expected scale:N with N a whole number >= 0, found '" + text + "'");
            }
        }
        return switch (t) {
            case "delete" -> new ActionKind.Delete();
            case "replace" -> new ActionKind.Replace(ActionKind.ReplaceOrder.DELETE_THEN_CREATE, List.of());
            case "restart" -> new ActionKind.Restart();
            case "config" -> new ActionKind.Config(List.of());
            case "update" -> new ActionKind.Update(List.of());
            default -> throw new BadInputException(SourceLocation.of("--action"),
                    "unknown action '" + text + "'; expected delete, replace, restart, config, update or scale:N");
        };
    }
}
