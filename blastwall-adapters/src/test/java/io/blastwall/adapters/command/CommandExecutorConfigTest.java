package io.blastwall.adapters.command;

import io.blastwall.core.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CommandExecutorConfigTest {

    @TempDir
    Path dir;

    private Path file(String text) throws IOException {
        return Files.writeString(dir.resolve("executor.yaml"), text);
    }

    @Test
    void readsAFullConfiguration() throws IOException {
        Path f = file("""
                executor: command
                workingDirectory: infra
                journal: state/journal
                inheritEnvironment: false
                outputLimitBytes: 1024
                killGrace: 30s
                environment:
                  TF_IN_AUTOMATION: "1"
                apply:
                  argv: [tofu, apply, -input=false, plan.tfplan]
                rollback:
                  shell: ./rollback.sh "$BLASTWALL_TARGETS"
                """);
        CommandExecutorConfig c = CommandExecutorConfig.read(f);
        assertThat(c.apply()).isEqualTo(new CommandSpec(List.of("tofu", "apply", "-input=false", "plan.tfplan"), false));
        assertThat(c.rollback().shell()).isTrue();
        assertThat(c.rollback().commandLine()).containsExactly("/bin/sh", "-c", "./rollback.sh \"$BLASTWALL_TARGETS\"");
        assertThat(c.workingDirectory()).isEqualTo(dir.toAbsolutePath().resolve("infra"));
        assertThat(c.journalDirectory()).isEqualTo(dir.toAbsolutePath().resolve("state/journal"));
        assertThat(c.inheritEnvironment()).isFalse();
        assertThat(c.outputLimitBytes()).isEqualTo(1024);
        assertThat(c.killGrace()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.environment()).containsEntry("TF_IN_AUTOMATION", "1");
    }

    @Test
    void anUnknownFieldIsNamedWithItsLine() throws IOException {
        Path f = file("journal: j\napply: {argv: [a]}\nrollback: {argv: [b]}\ntimeout: 5s\n");
        assertThatThrownBy(() -> CommandExecutorConfig.read(f)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("executor.yaml:4").hasMessageContaining("unknown field 'timeout'");
    }

    @Test
    void argvAndShellTogetherAreRefused() throws IOException {
        Path f = file("journal: j\napply:\n  argv: [a]\n  shell: b\nrollback: {argv: [b]}\n");
        assertThatThrownBy(() -> CommandExecutorConfig.read(f)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("executor.yaml:3").hasMessageContaining("exactly one of 'argv'");
    }

    @Test
    void aMissingRollbackIsRefused() throws IOException {
        Path f = file("journal: j\napply: {argv: [a]}\n");
        assertThatThrownBy(() -> CommandExecutorConfig.read(f)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("missing required field 'rollback'");
    }

    @Test
    void blastwallVariablesCannotBeOverridden() throws IOException {
        Path f = file("journal: j\napply: {argv: [a]}\nrollback: {argv: [b]}\nenvironment:\n  BLASTWALL_WAVE: '9'\n");
        assertThatThrownBy(() -> CommandExecutorConfig.read(f)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("executor.yaml:5").hasMessageContaining("set by Blastwall per wave");
    }

    @Test
    void aBadDurationSaysWhatWasExpected() throws IOException {
        Path f = file("journal: j\napply: {argv: [a]}\nrollback: {argv: [b]}\nkillGrace: soon\n");
        assertThatThrownBy(() -> CommandExecutorConfig.read(f)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("executor.yaml:4").hasMessageContaining("expected a duration");
    }

    @Test
    void argvMustBeAList() throws IOException {
        Path f = file("journal: j\napply: {argv: tofu apply}\nrollback: {argv: [b]}\n");
        assertThatThrownBy(() -> CommandExecutorConfig.read(f)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("expected a list");
    }
}
