package io.blastwall.cli.client;

import io.blastwall.cli.Main;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code blastwall rollout …} against a real server with the rollout API as {@code blastwall serve} wires it, without
 * an executor: the rollout starts, its first apply fails saying no executor is configured (fail closed) and it is
 * rolled back, and the operator commands answer with the server's rules.
 */
class RolloutCommandTest {

    @TempDir
    Path dir;
    LiveServer live;

    @BeforeEach
    void start() {
        live = new LiveServer(dir);
    }

    @AfterEach
    void stop() {
        live.close();
    }

    record Run(int code, String out, String err) {
    }

    private Run as(String who, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--server", live.url(), "--token", live.token(who)));
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Main.run(all.toArray(String[]::new), new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void startStatusStopAndRefusalsFromTheCommandLine() throws Exception {
        Run submitted = as("bob", "submit", "--change", LiveServer.changeFile(dir, "timeout", Map.of()).toString());
        Matcher m = Pattern.compile("/api/v1/changes/(\\S+)").matcher(submitted.out());
        assertThat(m.find()).as(submitted.out()).isTrue();
        String change = m.group(1);

        Run started = as("bob", "rollout", "start", change);
        assertThat(started.code()).as(started.err()).isEqualTo(Main.EXIT_ALLOW);
        assertThat(started.out()).contains("RUNNING").contains("wave 1  canary ");
        Matcher r = Pattern.compile("Rollout (ro_\\S+)").matcher(started.out());
        assertThat(r.find()).isTrue();
        String id = r.group(1);

        Run status = as("bob", "rollout", "status", id);
        for (int i = 0; i < 300 && !status.out().contains("ROLLED-BACK"); i++) {
            Thread.sleep(50); // the server's driver applies wave 1 on its next tick
            status = as("bob", "rollout", "status", id);
        }
        // the apply failed, saying why, and the policy's automatic rollback reversed the (untouched) wave
        assertThat(status.code()).isEqualTo(ChangeOutput.EXIT_CLOSED);
        assertThat(status.out()).contains("ROLLED-BACK").contains("no rollout executor is configured");

        Run agentResume = as(LiveServer.AGENT, "rollout", "resume", id);
        assertThat(agentResume.code()).isEqualTo(Main.EXIT_BAD_INPUT);
        assertThat(agentResume.err()).contains("rule: agents-may-not");

        Run stopAll = as("carol", "rollout", "stop-all", "--reason", "incident 9");
        assertThat(stopAll.code()).isEqualTo(Main.EXIT_ALLOW);
        assertThat(stopAll.out()).contains("EMERGENCY STOP by carol");
        assertThat(as("bob", "rollout", "list", "--all").out()).contains("EMERGENCY STOP").contains(id + "  rolled-back");
        assertThat(as("carol", "rollout", "clear-stop").err()).contains("403");

        Run back = as("carol", "rollout", "rollback", id, "--reason", "never mind");
        assertThat(back.code()).isEqualTo(Main.EXIT_BAD_INPUT);
        assertThat(back.err()).contains("rule: illegal-in-state").contains("final");
        assertThat(as("bob", "rollout", "status", id, "--format", "json").out()).contains("\"changeId\" : \"" + change + "\"");
    }
}
