package io.blastwall.adapters.command;

import io.blastwall.adapters.Direction;
import io.blastwall.core.rollout.ExecutionStep;
import io.blastwall.core.rollout.RolloutExecutor;
import io.blastwall.core.rollout.RolloutTarget;
import io.blastwall.core.rollout.StepOutcome;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Executor that runs a configured command per wave — an OpenTofu/Terraform apply of the approved plan, a
 * {@code kubectl} invocation, a config push — with the wave's scope in {@code BLASTWALL_*} environment variables
 * (see {@link #environment}). Exit code 0 is success, anything else a failed outcome; a command still running at the
 * step's timeout gets SIGTERM on its whole process tree, then SIGKILL after the configured grace, and the step
 * fails. stdout and stderr are captured, bounded (head and tail kept, the middle cut with a note).
 *
 * <p>Idempotency: a key that completed successfully is recorded durably in a {@link StepJournal} after the command
 * exited 0; a repeat of that key returns the recorded outcome with {@code replayed = true} and runs nothing. If the
 * process dies between the command's success and the record, the command runs again on the repeat, so configured
 * commands must tolerate re-running a step that already took effect (docs/executors.md shows how for OpenTofu).
 *
 * <p>Thread-safe: steps with different keys run concurrently; a call whose key is already running in this executor
 * fails at once (the engine never runs one step twice at once, so that is a bug to surface, not to queue behind).
 * Descendants that detach into a new session (daemons) escape the tree kill, as they escape any supervisor.
 */
public final class CommandExecutor implements RolloutExecutor {

    private final CommandExecutorConfig config;
    private final StepJournal journal;
    /** Keys whose step is running now: a second call with one of them is refused rather than run alongside. */
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();

    public CommandExecutor(CommandExecutorConfig config) {
        this.config = config;
        this.journal = new StepJournal(config.journalDirectory());
    }

    @Override
    public String name() {
        return "command";
    }

    @Override
    public StepOutcome apply(ExecutionStep step) {
        return run(step, Direction.APPLY, config.apply());
    }

    @Override
    public StepOutcome rollBack(ExecutionStep step) {
        return run(step, Direction.ROLLBACK, config.rollback());
    }

    /**
     * The variables a command sees for {@code step}: {@code BLASTWALL_CHANGE_ID}, {@code _REVISION},
     * {@code _CONTENT_HASH}, {@code _WAVE}, {@code _TARGETS} (comma list of {@code node@zone}), {@code _NODES},
     * {@code _ZONES}, {@code _REGIONS} (distinct, in target order, comma-separated, empty when none),
     * {@code _DIRECTION} ({@code apply}/{@code rollback}), {@code _IDEMPOTENCY_KEY}, {@code _TIMEOUT_SECONDS}.
     */
    public static Map<String, String> environment(ExecutionStep step, Direction direction) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("BLASTWALL_CHANGE_ID", step.changeId());
        env.put("BLASTWALL_REVISION", Integer.toString(step.revision()));
        env.put("BLASTWALL_CONTENT_HASH", step.contentHash());
        env.put("BLASTWALL_WAVE", Integer.toString(step.wave()));
        env.put("BLASTWALL_TARGETS", step.targets().stream().map(RolloutTarget::key).collect(Collectors.joining(",")));
        env.put("BLASTWALL_NODES", distinct(step.targets(), RolloutTarget::nodeId));
        env.put("BLASTWALL_ZONES", distinct(step.targets(), RolloutTarget::zone));
        env.put("BLASTWALL_REGIONS", distinct(step.targets(), RolloutTarget::region));
        env.put("BLASTWALL_DIRECTION", direction.label());
        env.put("BLASTWALL_IDEMPOTENCY_KEY", step.idempotencyKey());
        env.put("BLASTWALL_TIMEOUT_SECONDS", Long.toString(Math.max(1, step.timeout().toSeconds())));
        return env;
    }

    private static String distinct(List<RolloutTarget> targets, Function<RolloutTarget, String> f) {
        Set<String> values = new LinkedHashSet<>();
        for (RolloutTarget t : targets) {
            String v = f.apply(t);
            if (!v.isEmpty()) values.add(v);
        }
        return String.join(",", values);
    }

    private StepOutcome run(ExecutionStep step, Direction direction, CommandSpec command) {
        if (!inFlight.add(step.idempotencyKey())) {
            return StepOutcome.failed("a step with idempotency key " + step.idempotencyKey()
                    + " is already running in this executor; not running it twice at once", "");
        }
        try {
            Optional<StepJournal.Entry> done;
            try {
                done = journal.find(step.idempotencyKey());
            } catch (StepJournal.JournalException e) {
                // unknown whether the step ran: fail closed rather than run it a second time
                return StepOutcome.failed("step journal unreadable, not running " + direction.label() + ": " + e.getMessage(), "");
            }
            if (done.isPresent()) {
                StepJournal.Entry e = done.get();
                if (e.direction() != direction) {
                    return StepOutcome.failed("idempotency key " + step.idempotencyKey() + " was already used for "
                            + e.direction().label() + ", refusing to reuse it for " + direction.label(), "");
                }
                return new StepOutcome(true, true, e.detail(), e.output());
            }
            StepOutcome outcome = execute(step, direction, command);
            if (outcome.succeeded()) {
                try {
                    journal.record(new StepJournal.Entry(step.idempotencyKey(), direction, outcome.detail(), outcome.output()));
                } catch (RuntimeException e) {
                    // the command did succeed, but a repeat would not know it: say so, and let the engine decide
                    return StepOutcome.failed(outcome.detail() + ", but recording it in the step journal failed: "
                            + e.getMessage(), outcome.output());
                }
            }
            return outcome;
        } finally {
            inFlight.remove(step.idempotencyKey());
        }
    }

    private StepOutcome execute(ExecutionStep step, Direction direction, CommandSpec command) {
        ProcessBuilder pb = new ProcessBuilder(command.commandLine()).directory(config.workingDirectory().toFile());
        Map<String, String> env = pb.environment();
        if (!config.inheritEnvironment()) env.clear();
        env.keySet().removeIf(k -> k.startsWith("BLASTWALL_"));
        env.putAll(config.environment());
        env.putAll(environment(step, direction));
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));

        long started = System.nanoTime();
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            return StepOutcome.failed(direction.label() + " command " + command.program() + " could not start: "
                    + e.getMessage(), "");
        }
        BoundedCapture out = new BoundedCapture(config.outputLimitBytes());
        BoundedCapture err = new BoundedCapture(config.outputLimitBytes());
        Thread outReader = Thread.ofVirtual().name("command-stdout").start(() -> out.drain(process.getInputStream()));
        Thread errReader = Thread.ofVirtual().name("command-stderr").start(() -> err.drain(process.getErrorStream()));

        boolean finished;
        try {
            finished = process.waitFor(step.timeout().toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            killTree(process);
            Thread.currentThread().interrupt();
            return StepOutcome.failed(direction.label() + " command interrupted; process tree killed", output(out, err, outReader, errReader));
        }
        if (!finished) {
            killTree(process);
            return StepOutcome.failed(direction.label() + " command " + command.program() + " timed out after "
                    + seconds(step.timeout()) + "; process tree killed", output(out, err, outReader, errReader));
        }
        int exit = process.exitValue();
        String took = seconds(Duration.ofNanos(System.nanoTime() - started));
        String captured = output(out, err, outReader, errReader);
        String detail = direction.label() + " command " + command.program() + " exited " + exit + " after " + took
                + " for " + step.targets().size() + " target(s) of wave " + step.wave();
        return exit == 0 ? new StepOutcome(true, false, detail, captured) : StepOutcome.failed(detail, captured);
    }

    /** SIGTERM to the process and every descendant known now, SIGKILL to whatever is left after the grace. */
    private void killTree(Process process) {
        List<ProcessHandle> tree = new ArrayList<>();
        process.descendants().forEach(tree::add);
        tree.add(process.toHandle());
        tree.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + config.killGrace().toNanos();
        for (ProcessHandle h : tree) {
            long left = deadline - System.nanoTime();
            if (left <= 0) break;
            try {
                h.onExit().get(left, TimeUnit.NANOSECONDS);
            } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
                break;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        // descendants started during the grace are caught here too
        process.descendants().forEach(tree::add);
        tree.forEach(ProcessHandle::destroyForcibly);
    }

    private static String output(BoundedCapture out, BoundedCapture err, Thread outReader, Thread errReader) {
        // a descendant that escaped the kill may hold the pipes open: wait briefly, then report what was read
        join(outReader);
        join(errReader);
        StringBuilder sb = new StringBuilder();
        if (out.totalBytes() > 0) sb.append("--- stdout ---\n").append(out.text());
        if (err.totalBytes() > 0) {
            if (!sb.isEmpty() && sb.charAt(sb.length() - 1) != '\n') sb.append('\n');
            sb.append("--- stderr ---\n").append(err.text());
        }
        return sb.toString();
    }

    private static void join(Thread t) {
        try {
            if (!t.join(Duration.ofSeconds(2))) t.interrupt();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String seconds(Duration d) {
        return d.toMillis() < 10_000 ? String.format(java.util.Locale.ROOT, "%.1f s", d.toMillis() / 1000.0)
                : d.toSeconds() + " s";
    }
}
