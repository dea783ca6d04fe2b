package io.blastwall.adapters.command;

import io.blastwall.adapters.ConfigSupport;
import io.blastwall.formats.doc.Fields;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Configuration of a {@link CommandExecutor}.
 *
 * @param apply              run to apply a wave
 * @param rollback           run to roll a wave back
 * @param workingDirectory   the commands' working directory
 * @param journalDirectory   where completed idempotency keys are recorded (created when missing)
 * @param environment        extra variables for both commands (must not start with {@code BLASTWALL_}, which are the
 *                           wave's own)
 * @param inheritEnvironment whether the commands see the server's environment (PATH, HOME, cloud credentials);
 *                           inherited {@code BLASTWALL_*} variables are removed either way, since they may hold the
 *                           server's own tokens
 * @param outputLimitBytes   how much of each of stdout and stderr is kept (head and tail; the middle is cut with a note)
 * @param killGrace          on timeout, how long the process tree gets between SIGTERM and SIGKILL (OpenTofu/Terraform
 *                           use it to release their state lock)
 *
 * <p>Immutable.
 */
public record CommandExecutorConfig(CommandSpec apply, CommandSpec rollback, Path workingDirectory, Path journalDirectory,
                                    Map<String, String> environment, boolean inheritEnvironment, int outputLimitBytes,
                                    Duration killGrace) {

    public static final int DEFAULT_OUTPUT_LIMIT = 64 * 1024;
    public static final Duration DEFAULT_KILL_GRACE = Duration.ofSeconds(10);

    private static final Set<String> TOP = Set.of("executor", "apply", "rollback", "workingDirectory", "journal",
            "environment", "inheritEnvironment", "outputLimitBytes", "killGrace");
    private static final Set<String> COMMAND = Set.of("argv", "shell");

    public CommandExecutorConfig {
        Objects.requireNonNull(apply, "apply");
        Objects.requireNonNull(rollback, "rollback");
        Objects.requireNonNull(workingDirectory, "workingDirectory");
        Objects.requireNonNull(journalDirectory, "journalDirectory");
        environment = Map.copyOf(environment);
        for (String k : environment.keySet()) {
            if (k.startsWith("BLASTWALL_")) throw new IllegalArgumentException(k + ": BLASTWALL_* variables are set per wave");
        }
        if (outputLimitBytes < 256) throw new IllegalArgumentException("outputLimitBytes must be at least 256");
        Objects.requireNonNull(killGrace, "killGrace");
        if (killGrace.isNegative()) throw new IllegalArgumentException("killGrace must not be negative");
    }

    /** A configuration with defaults for everything but the commands and the journal. */
    public static CommandExecutorConfig of(CommandSpec apply, CommandSpec rollback, Path workingDirectory, Path journal) {
        return new CommandExecutorConfig(apply, rollback, workingDirectory, journal, Map.of(), true,
                DEFAULT_OUTPUT_LIMIT, DEFAULT_KILL_GRACE);
    }

    /**
     * Reads a YAML or JSON file (format in docs/executors.md). Relative paths are resolved against the file's directory.
     *
     * @throws io.blastwall.core.BadInputException naming file, line and field for anything wrong
     */
    public static CommandExecutorConfig read(Path file) {
        Fields f = ConfigSupport.readSingleObject(file);
        Map<String, Object> root = f.object(f.document().root(), "$");
        ConfigSupport.onlyKeys(f, root, "$", TOP);
        f.optString(root, "executor", "$").filter(s -> !s.equals("command")).ifPresent(s -> {
            throw f.error("$.executor", "expected 'command', found '" + s + "'");
        });
        CommandSpec apply = command(f, root, "apply");
        CommandSpec rollback = command(f, root, "rollback");
        Path wd = ConfigSupport.resolve(file, f.optString(root, "workingDirectory", "$").orElse("."));
        Path journal = ConfigSupport.resolve(file, f.string(root, "journal", "$"));
        Map<String, String> env = new LinkedHashMap<>();
        Object envNode = root.get("environment");
        if (envNode != null) {
            Map<String, Object> e = f.object(envNode, "$.environment");
            for (String k : e.keySet()) {
                String path = "$.environment." + k;
                if (!k.matches("[A-Za-z_][A-Za-z0-9_]*")) throw f.error(path, "not a valid environment variable name");
                if (k.startsWith("BLASTWALL_")) throw f.error(path, "BLASTWALL_* variables are set by Blastwall per wave");
                env.put(k, f.optString(e, k, "$.environment").orElseThrow(() -> f.error(path, "expected a string value")));
            }
        }
        boolean inherit = f.optBoolean(root, "inheritEnvironment", "$").orElse(true);
        long limit = f.optLong(root, "outputLimitBytes", "$").orElse((long) DEFAULT_OUTPUT_LIMIT);
        if (limit < 256 || limit > 16L * 1024 * 1024) {
            throw f.error("$.outputLimitBytes", "expected a whole number between 256 and 16777216");
        }
        Duration grace = ConfigSupport.duration(f, root, "killGrace", "$", DEFAULT_KILL_GRACE);
        return new CommandExecutorConfig(apply, rollback, wd, journal, env, inherit, (int) limit, grace);
    }

    private static CommandSpec command(Fields f, Map<String, Object> root, String key) {
        String path = "$." + key;
        if (root.get(key) == null) throw f.error("$", "missing required field '" + key + "' (argv: [...] or shell: '...')");
        Map<String, Object> c = f.object(root.get(key), path);
        ConfigSupport.onlyKeys(f, c, path, COMMAND);
        boolean hasArgv = c.containsKey("argv");
        boolean hasShell = c.containsKey("shell");
        if (hasArgv == hasShell) throw f.error(path, "expected exactly one of 'argv' (a list, run without a shell) or 'shell' (a script)");
        if (hasShell) return CommandSpec.shell(f.string(c, "shell", path));
        f.list(c.get("argv"), path + ".argv");
        List<String> argv = f.stringList(c, "argv", path);
        if (argv.isEmpty() || argv.getFirst().isBlank()) throw f.error(path + ".argv", "expected a non-empty list starting with the program");
        return new CommandSpec(argv, false);
    }
}
