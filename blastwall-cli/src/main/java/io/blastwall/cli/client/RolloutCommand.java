package io.blastwall.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.blastwall.cli.CheckCommand;
import io.blastwall.cli.Main;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;

/**
 * {@code blastwall rollout start|status|list|pause|resume|abort|promote|rollback|stop-all|clear-stop}: the rollout API
 * of a Blastwall server from the command line. Prints the rollout (text, or the API's JSON with {@code --format json}).
 * Exit codes: 0 running or completed, 3 paused, halted, rolling back, rolled back or aborted; 2 refused by the server
 * (4xx, the rule named) or bad input; 1 server error or unreachable. Used once per execution.
 */
@Command(name = "rollout", mixinStandardHelpOptions = true,
        description = "Start and steer progressive rollouts on a Blastwall server.",
        subcommands = {RolloutCommand.Start.class, RolloutCommand.Status.class, RolloutCommand.ListRollouts.class,
                RolloutCommand.Pause.class, RolloutCommand.Resume.class, RolloutCommand.Abort.class,
                RolloutCommand.Promote.class, RolloutCommand.Rollback.class, RolloutCommand.StopAll.class,
                RolloutCommand.ClearStop.class})
public final class RolloutCommand implements Runnable {

    private static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
                "name a subcommand: start, status, list, pause, resume, abort, promote, rollback, stop-all or clear-stop");
    }

    /** A subcommand printing one rollout; the exit code comes from its state. */
    abstract static class OneRollout extends ClientCommand {
        @Override
        protected final int execute(ApiClient api, PrintWriter out, PrintWriter err) throws Exception {
            JsonNode r = call(api).json();
            out.print(client.format() == CheckCommand.Format.json ? PRETTY.writeValueAsString(r) + "\n" : text(r, api));
            return stateCode(r.path("state").asText());
        }

        abstract ApiClient.Reply call(ApiClient api);
    }

    @Command(name = "start", mixinStandardHelpOptions = true, description = "Re-check an approved change, plan its waves and start rolling it out.")
    static final class Start extends OneRollout {
        @Parameters(index = "0", paramLabel = "CHANGE", description = "The id of an approved change.")
        String change;

        @Override
        ApiClient.Reply call(ApiClient api) {
            return api.startRollout(change);
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = "Show a rollout: plan, waves, bake deadline, verdicts.")
    static final class Status extends OneRollout {
        @Parameters(index = "0", paramLabel = "ID", description = "The rollout id (ro_…).")
        String id;

        @Override
        ApiClient.Reply call(ApiClient api) {
            return api.rollout(id);
        }
    }

    /** An operator command on one rollout, with an optional text recorded in the ledger. */
    abstract static class Operate extends OneRollout {
        @Parameters(index = "0", paramLabel = "ID", description = "The rollout id (ro_…).") String id;
        @Option(names = {"--reason", "--comment"}, paramLabel = "TEXT", description = "Why (recorded in the ledger).") String text;

        /** The API's command ({@code pause}, …) and the body field the text goes in, or null when none. */
        abstract String command();

        String field() {
            return "reason";
        }

        @Override
        final ApiClient.Reply call(ApiClient api) {
            return api.rolloutCommand(id, command(), field(), field() == null ? null : text);
        }
    }

    @Command(name = "pause", mixinStandardHelpOptions = true, description = "Pause a rollout.")
    static final class Pause extends Operate {
        String command() { return "pause"; }
    }

    @Command(name = "resume", mixinStandardHelpOptions = true, description = "Resume a paused or halted rollout (a human).")
    static final class Resume extends Operate {
        String command() { return "resume"; }

        @Override
        String field() { return null; }
    }

    @Command(name = "abort", mixinStandardHelpOptions = true, description = "End a rollout for good, leaving applied waves as they are.")
    static final class Abort extends Operate {
        String command() { return "abort"; }
    }

    @Command(name = "promote", mixinStandardHelpOptions = true, description = "Promote the current wave by hand (approval rules apply).")
    static final class Promote extends Operate {
        String command() { return "promote"; }

        @Override
        String field() { return "comment"; }
    }

    @Command(name = "rollback", mixinStandardHelpOptions = true, description = "Fast rollback: reverse every applied wave now, without analysis.")
    static final class Rollback extends Operate {
        String command() { return "rollback"; }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List active rollouts (--all: every one).")
    static final class ListRollouts extends ClientCommand {
        @Option(names = "--all", description = "Include finished rollouts.") boolean all;

        @Override
        protected int execute(ApiClient api, PrintWriter out, PrintWriter err) throws Exception {
            JsonNode list = api.rollouts(all).json();
            if (client.format() == CheckCommand.Format.json) {
                out.println(PRETTY.writeValueAsString(list));
                return Main.EXIT_ALLOW;
            }
            stopLine(out, list.path("emergencyStop"));
            if (list.path("rollouts").isEmpty()) out.println("No " + (all ? "" : "active ") + "rollouts.");
            for (JsonNode r : list.path("rollouts")) {
                out.println(r.path("id").asText() + "  " + r.path("state").asText() + "  change " + r.path("changeId").asText()
                        + "  wave " + r.path("currentWave").asInt() + "/" + r.path("waveCount").asInt() + " "
                        + r.path("currentPhase").asText());
            }
            return Main.EXIT_ALLOW;
        }
    }

    @Command(name = "stop-all", mixinStandardHelpOptions = true, description = "Emergency stop: halt every running rollout at once.")
    static final class StopAll extends ClientCommand {
        @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "Why (required, recorded in the ledger).")
        String reason;

        @Override
        protected int execute(ApiClient api, PrintWriter out, PrintWriter err) throws Exception {
            JsonNode r = api.emergencyStop(reason).json();
            if (client.format() == CheckCommand.Format.json) {
                out.println(PRETTY.writeValueAsString(r));
            } else {
                stopLine(out, r.path("emergencyStop"));
                out.println("Halted " + r.path("halted").size() + " rollout(s)" + (r.path("halted").isEmpty() ? "."
                        : ": " + String.join(", ", r.path("halted").valueStream().map(JsonNode::asText).toList()) + "."));
            }
            return Main.EXIT_ALLOW;
        }
    }

    @Command(name = "clear-stop", mixinStandardHelpOptions = true, description = "Clear the emergency stop (admin).")
    static final class ClearStop extends ClientCommand {
        @Option(names = "--reason", paramLabel = "TEXT", description = "Why (recorded in the ledger).") String reason;

        @Override
        protected int execute(ApiClient api, PrintWriter out, PrintWriter err) throws Exception {
            api.clearEmergencyStop(reason);
            out.println("The emergency stop is off. Halted rollouts stay halted until resumed one by one.");
            return Main.EXIT_ALLOW;
        }
    }

    static int stateCode(String state) {
        return switch (state) {
            case "running", "completed" -> Main.EXIT_ALLOW;
            default -> ChangeOutput.EXIT_CLOSED;
        };
    }

    private static void stopLine(PrintWriter out, JsonNode stop) {
        if (stop.path("active").asBoolean()) {
            out.println("EMERGENCY STOP by " + stop.path("by").asText() + " at " + stop.path("at").asText() + ": "
                    + stop.path("reason").asText());
        }
    }

    /** The rollout for people: one line per wave with its phase, bake deadline and verdict. */
    static String text(JsonNode r, ApiClient api) {
        StringBuilder sb = new StringBuilder();
        sb.append("Rollout ").append(r.path("id").asText()).append("  ").append(r.path("state").asText().toUpperCase(java.util.Locale.ROOT))
                .append("  change ").append(r.path("changeId").asText()).append(" revision ").append(r.path("revision").asInt())
                .append('\n');
        if (!r.path("reason").asText().isEmpty()) sb.append("  ").append(r.path("reason").asText()).append('\n');
        if (r.path("emergencyStop").path("active").asBoolean()) {
            sb.append("  emergency stop on (").append(r.path("emergencyStop").path("by").asText()).append(")\n");
        }
        for (JsonNode w : r.path("waves")) {
            boolean current = w.path("number").asInt() == r.path("currentWave").asInt();
            sb.append(current ? "> " : "  ").append("wave ").append(w.path("number").asInt()).append("  ")
                    .append(w.path("label").asText()).append("  (").append(w.path("targets").size()).append(" targets)  ")
                    .append(w.path("phase").asText());
            if ("baking".equals(w.path("phase").asText()) && w.hasNonNull("bakeUntil")) {
                sb.append(" until ").append(w.path("bakeUntil").asText());
            }
            JsonNode v = w.path("verdict");
            if (v.isObject()) {
                sb.append("  verdict ").append(v.path("outcome").asText());
                for (JsonNode m : v.path("metrics")) sb.append("; ").append(m.path("name").asText()).append(' ').append(m.path("outcome").asText());
            }
            if (!w.path("detail").asText().isEmpty()) sb.append("  — ").append(w.path("detail").asText());
            sb.append('\n');
        }
        sb.append(api.server()).append("/api/v1/rollouts/").append(r.path("id").asText()).append('\n');
        return sb.toString();
    }
}
