package io.blastwall.cli.client;

import com.sun.net.httpserver.HttpServer;
import io.blastwall.cli.Main;
import io.blastwall.core.lifecycle.ChangeState;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** Exit codes for every state, and a server that fails (5xx) rather than refuses. */
class ClientFailuresTest {

    @Test
    void everyStateHasAnExitCodeOtherThanInternalError() {
        for (ChangeState s : ChangeState.values()) {
            assertThat(ChangeOutput.stateCode(s.externalName())).as(s.externalName()).isNotEqualTo(Main.EXIT_INTERNAL);
        }
        assertThat(ChangeOutput.stateCode("approved")).isEqualTo(Main.EXIT_ALLOW);
        assertThat(ChangeOutput.stateCode("awaiting-approval")).isEqualTo(Main.EXIT_NEEDS_APPROVAL);
        assertThat(ChangeOutput.stateCode("rejected")).isEqualTo(Main.EXIT_DENY);
        assertThat(ChangeOutput.stateCode("withdrawn")).isEqualTo(ChangeOutput.EXIT_CLOSED);
        assertThat(ChangeOutput.verdictCode("sideways")).isEqualTo(Main.EXIT_INTERNAL);
    }

    @Test
    void aServerErrorIsExit1WithTheProblemAndNoTrace() throws Exception {
        HttpServer fake = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        fake.createContext("/", ex -> {
            byte[] body = ("{\"type\":\"https://blastwall.io/problems/store-unavailable\",\"title\":\"The database is unavailable\","
                    + "\"status\":503,\"detail\":\"connection refused. Blastwall fails closed\",\"instance\":\"/api/v1/changes/x\"}")
                    .getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/problem+json");
            ex.sendResponseHeaders(503, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        fake.start();
        try {
            String url = "http://127.0.0.1:" + fake.getAddress().getPort();
            StringWriter out = new StringWriter(), err = new StringWriter();
            int code = Main.run(new String[]{"status", "x", "--server", url, "--token", "t"}, new PrintWriter(out), new PrintWriter(err));
            assertThat(code).isEqualTo(Main.EXIT_INTERNAL);
            assertThat(err.toString()).contains(url + " failed (503 store-unavailable)").contains("fails closed")
                    .doesNotContain("\tat ");
            assertThat(out.toString()).isEmpty();
        } finally {
            fake.stop(0);
        }
    }
}
