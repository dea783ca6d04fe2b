package io.blastwall.adapters.command;

import io.blastwall.core.rollout.ExecutionStep;
import io.blastwall.core.rollout.RolloutTarget;
import io.blastwall.core.rollout.StepOutcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class CommandExecutorTest {

    @TempDir
    Path dir;

    private static final List<RolloutTarget> TARGETS = List.of(
            new RolloutTarget("checkout-api-eu-west-1", "eu-west-1", "eu-west-1a"),
            new RolloutTarget("checkout-api-eu-west-1", "eu-west-1", "eu-west-1b"),
            new RolloutTarget("edge-cdn", "", ""));

    private static ExecutionStep step(String key, Duration timeout) {
        return new ExecutionStep("chg-42", 3, "sha256:abc", 2, TARGETS, key, timeout);
    }

    private Path script(String name, String body) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
        return p;
    }

    private CommandExecutor executor(CommandSpec apply, CommandSpec rollback) {
        return new CommandExecutor(new CommandExecutorConfig(apply, rollback, dir, dir.resolve("journal"), Map.of("EXTRA", "x"),
                true, 4096, Duration.ofMillis(500)));
    }

    @Test
    void passesTheWaveScopeInEnvironmentVariables() throws IOException {
        Path s = script("env.sh", "env | grep -E '^(BLASTWALL_|EXTRA=)' | sort");
        StepOutcome o = executor(CommandSpec.argv(s.toString()), CommandSpec.argv("/bin/false")).apply(step("k-env", Duration.ofSeconds(30)));
        assertThat(o.succeeded()).as(o.detail()).isTrue();
        assertThat(o.replayed()).isFalse();
        assertThat(o.output()).contains(
                "BLASTWALL_CHANGE_ID=chg-42\n", "BLASTWALL_REVISION=3\n", "BLASTWALL_CONTENT_HASH=sha256:abc\n",
                "BLASTWALL_WAVE=2\n",
                "BLASTWALL_TARGETS=checkout-api-eu-west-1@eu-west-1a,checkout-api-eu-west-1@eu-west-1b,edge-cdn\n",
                "BLASTWALL_NODES=checkout-api-eu-west-1,edge-cdn\n", "BLASTWALL_ZONES=eu-west-1a,eu-west-1b\n",
                "BLASTWALL_REGIONS=eu-west-1\n", "BLASTWALL_DIRECTION=apply\n", "BLASTWALL_IDEMPOTENCY_KEY=k-env\n",
                "BLASTWALL_TIMEOUT_SECONDS=30\n", "EXTRA=x\n");
        assertThat(o.detail()).contains("exited 0", "3 target(s) of wave 2");
    }

    @Test
    void rollbackRunsTheRollbackCommandWithItsDirection() throws IOException {
        Path apply = script("apply.sh", "echo applied");
        Path rollback = script("rollback.sh", "echo \"rolled back $BLASTWALL_DIRECTION\"");
        StepOutcome o = executor(CommandSpec.argv(apply.toString()), CommandSpec.argv(rollback.toString()))
                .rollBack(step("k-rb", Duration.ofSeconds(30)));
        assertThat(o.succeeded()).isTrue();
        assertThat(o.output()).contains("rolled back rollback").doesNotContain("applied");
    }

    @Test
    void nonZeroExitIsAFailedOutcomeWithStderr() throws IOException {
        Path s = script("fail.sh", "echo 'Error: state lock held' >&2; exit 3");
        StepOutcome o = executor(CommandSpec.argv(s.toString()), CommandSpec.argv("/bin/true")).apply(step("k-fail", Duration.ofSeconds(30)));
        assertThat(o.succeeded()).isFalse();
        assertThat(o.detail()).contains("exited 3");
        assertThat(o.output()).contains("--- stderr ---", "Error: state lock held");
    }

    @Test
    void aFailedStepIsNotRecordedAndRunsAgainWhenRepeated() throws IOException {
        Path count = dir.resolve("count");
        Path s = script("flaky.sh", "echo x >> '" + count + "'; [ $(wc -l < '" + count + "') -ge 2 ]");
        CommandExecutor ex = executor(CommandSpec.argv(s.toString()), CommandSpec.argv("/bin/true"));
        assertThat(ex.apply(step("k-flaky", Duration.ofSeconds(30))).succeeded()).isFalse();
        StepOutcome second = ex.apply(step("k-flaky", Duration.ofSeconds(30)));
        assertThat(second.succeeded()).isTrue();
        assertThat(second.replayed()).isFalse();
        assertThat(Files.readAllLines(count)).hasSize(2);
    }

    @Test
    void aCompletedKeyIsReplayedWithoutRunningAgainEvenAfterARestart() throws IOException {
        Path count = dir.resolve("count");
        Path s = script("once.sh", "echo ran >> '" + count + "'; echo done-once");
        CommandSpec apply = CommandSpec.argv(s.toString());
        StepOutcome first = executor(apply, CommandSpec.argv("/bin/true")).apply(step("k-once", Duration.ofSeconds(30)));
        assertThat(first.succeeded()).isTrue();
        // a new executor over the same journal directory stands for the server after a restart
        StepOutcome again = executor(apply, CommandSpec.argv("/bin/true")).apply(step("k-once", Duration.ofSeconds(30)));
        assertThat(again.succeeded()).isTrue();
        assertThat(again.replayed()).isTrue();
        assertThat(again.detail()).isEqualTo(first.detail());
        assertThat(again.output()).isEqualTo(first.output()).contains("done-once");
        assertThat(Files.readAllLines(count)).containsExactly("ran");
    }

    @Test
    void aKeyRecordedForApplyIsNotReusedForRollback() throws IOException {
        CommandExecutor ex = executor(CommandSpec.argv("/bin/true"), CommandSpec.argv("/bin/true"));
        assertThat(ex.apply(step("k-same", Duration.ofSeconds(30))).succeeded()).isTrue();
        StepOutcome rb = ex.rollBack(step("k-same", Duration.ofSeconds(30)));
        assertThat(rb.succeeded()).isFalse();
        assertThat(rb.detail()).contains("already used for apply");
    }

    @Test
    void anUnreadableJournalRecordFailsClosedInsteadOfRunningAgain() throws IOException {
        Path count = dir.resolve("count");
        Path s = script("count.sh", "echo ran >> '" + count + "'");
        CommandExecutor ex = executor(CommandSpec.argv(s.toString()), CommandSpec.argv("/bin/true"));
        StepJournal journal = new StepJournal(dir.resolve("journal"));
        Files.writeString(journal.fileFor("k-corrupt"), "key=someone-else\ndirection=APPLY\ndetail=x\n");
        StepOutcome o = ex.apply(step("k-corrupt", Duration.ofSeconds(30)));
        assertThat(o.succeeded()).isFalse();
        assertThat(o.detail()).contains("journal");
        assertThat(count).doesNotExist();
    }

    @Test
    void aTimeoutKillsTheWholeProcessTreeAndFails() throws Exception {
        Path pidFile = dir.resolve("child.pid");
        Path s = script("hang.sh", "sleep 300 & echo $! > '" + pidFile + "'; echo started; wait");
        CommandExecutor ex = executor(CommandSpec.argv(s.toString()), CommandSpec.argv("/bin/true"));
        StepOutcome o = ex.apply(step("k-hang", Duration.ofSeconds(1)));
        assertThat(o.succeeded()).isFalse();
        assertThat(o.detail()).contains("timed out", "process tree killed");
        assertThat(o.output()).contains("started");
        long childPid = Long.parseLong(Files.readString(pidFile).trim());
        ProcessHandle.of(childPid).ifPresent(h -> {
            try {
                h.onExit().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new AssertionError("the grandchild sleep " + childPid + " survived the timeout", e);
            }
        });
        assertThat(new StepJournal(dir.resolve("journal")).find("k-hang")).isEmpty();
    }

    @Test
    void outputIsBoundedAndTheCutIsNoted() throws IOException {
        Path s = script("chatty.sh", "echo FIRST-LINE; i=0; while [ $i -lt 3000 ]; do echo 'filler filler filler filler'; i=$((i+1)); done; echo LAST-LINE");
        StepOutcome o = executor(CommandSpec.argv(s.toString()), CommandSpec.argv("/bin/true")).apply(step("k-chatty", Duration.ofSeconds(30)));
        assertThat(o.succeeded()).isTrue();
        assertThat(o.output()).contains("FIRST-LINE", "LAST-LINE", "bytes omitted");
        assertThat(o.output().length()).isLessThan(4096 + 200);
    }

    @Test
    void argvIsNotInterpretedByAShell() {
        Path marker = dir.resolve("pwned");
        StepOutcome o = executor(CommandSpec.argv("/bin/echo", "$(touch " + marker + ")", ";", "rm", "-rf", "x"), CommandSpec.argv("/bin/true"))
                .apply(step("k-argv", Duration.ofSeconds(30)));
        assertThat(o.succeeded()).isTrue();
        assertThat(o.output()).contains("$(touch " + marker + ") ; rm -rf x");
        assertThat(marker).doesNotExist();
    }

    @Test
    void aShellCommandRunsWhenConfigured() {
        StepOutcome o = executor(CommandSpec.shell("echo \"wave $BLASTWALL_WAVE\" | tr a-z A-Z"), CommandSpec.argv("/bin/true"))
                .apply(step("k-shell", Duration.ofSeconds(30)));
        assertThat(o.succeeded()).isTrue();
        assertThat(o.output()).contains("WAVE 2");
    }

    @Test
    void aMissingProgramIsAFailedOutcome() {
        StepOutcome o = executor(CommandSpec.argv(dir.resolve("no-such-tool").toString()), CommandSpec.argv("/bin/true"))
                .apply(step("k-missing", Duration.ofSeconds(30)));
        assertThat(o.succeeded()).isFalse();
        assertThat(o.detail()).contains("could not start");
    }

    @Test
    void withoutInheritanceTheCommandSeesOnlyItsOwnVariables() {
        CommandExecutor ex = new CommandExecutor(new CommandExecutorConfig(CommandSpec.argv("/usr/bin/env"), CommandSpec.argv("/bin/true"),
                dir, dir.resolve("journal"), Map.of("ONLY", "1"), false, 4096, Duration.ofMillis(100)));
        StepOutcome o = ex.apply(step("k-clean", Duration.ofSeconds(30)));
        assertThat(o.succeeded()).isTrue();
        assertThat(o.output()).contains("ONLY=1", "BLASTWALL_WAVE=2").doesNotContain("HOME=", "PATH=");
    }

    @Test
    void aKeyAlreadyRunningIsNotRunAgainAlongside() throws Exception {
        Path started = dir.resolve("started");
        Path go = dir.resolve("go");
        Path s = script("wait.sh", "touch '" + started + "'; while [ ! -f '" + go + "' ]; do sleep 0.05; done; echo finished");
        CommandExecutor ex = executor(CommandSpec.argv(s.toString()), CommandSpec.argv("/bin/true"));
        var first = java.util.concurrent.CompletableFuture.supplyAsync(() -> ex.apply(step("k-busy", Duration.ofSeconds(60))));
        while (!Files.exists(started)) Thread.sleep(20);
        StepOutcome second = ex.apply(step("k-busy", Duration.ofSeconds(60)));
        assertThat(second.succeeded()).isFalse();
        assertThat(second.detail()).contains("already running");
        Files.writeString(go, "");
        StepOutcome done = first.get(60, TimeUnit.SECONDS);
        assertThat(done.succeeded()).isTrue();
        assertThat(done.output()).contains("finished");
        assertThat(ex.apply(step("k-busy", Duration.ofSeconds(60))).replayed()).isTrue();
    }
}
