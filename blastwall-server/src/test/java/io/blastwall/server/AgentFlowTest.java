package io.blastwall.server;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static io.blastwall.server.TestEnv.AGENT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The main story on the embedded database: an agent submits a plan and gets the verdict with its blast radius at
 * once; the human it acts for cannot approve; an engineer without the required role cannot either; another senior
 * approves and the change is approved; the attribution report says who proposed what and who let it through with
 * which hash; the ledger verifies, and reports tampering.
 */
class AgentFlowTest {

    @TempDir
    Path dir;
    TestEnv env;
    ListAppender<ILoggingEvent> logs;

    @BeforeEach
    void start() {
        logs = new ListAppender<>();
        logs.start();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(logs);
        env = TestEnv.sqlite(dir);
    }

    @AfterEach
    void stop() {
        env.close();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
    }

    @Test
    void agentPlanIsJudgedAtOnceAndOnlyAnIndependentSeniorLetsItThrough() {
        String plan = TestEnv.example("02-agent-recreate-orders-db.json");
        var body = new java.util.LinkedHashMap<String, Object>(Http.submission("plan.json", plan));
        body.put("sessionId", "sess-42");
        body.put("promptHash", "sha256:abc");
        Http.Res submitted = env.http.post("/api/v1/changes", env.token(AGENT), body);

        assertThat(submitted.status()).as(submitted.body()).isEqualTo(201);
        JsonNode change = submitted.json();
        String id = change.get("id").asText();
        assertThat(submitted.headers().firstValue("location")).hasValue("/api/v1/changes/" + id);
        assertThat(change.get("state").asText()).isEqualTo("awaiting-approval");
        assertThat(change.at("/author/kind").asText()).isEqualTo("agent");
        assertThat(change.at("/author/model").asText()).isEqualTo(TestEnv.MODEL);
        assertThat(change.at("/author/onBehalfOf").asText()).isEqualTo("carol");
        assertThat(change.at("/author/sessionId").asText()).isEqualTo("sess-42");
        JsonNode analysis = change.at("/revision/analysis");
        assertThat(analysis.get("verdict").asText()).isEqualTo("needs-approval");
        assertThat(analysis.at("/blast/summary/impactedCount").asInt()).isGreaterThan(0);
        assertThat(analysis.at("/blast/summary/maxSeverity").asText()).isEqualTo("data-loss");
        // the answer carries the stored analysis text as it is; read back, it is the same document everywhere
        assertThat(env.http.get("/api/v1/changes/" + id, env.token(AGENT)).json().at("/revision/analysis")).isEqualTo(analysis);
        assertThat(env.http.get("/api/v1/changes/" + id + "/revisions/1", env.token(AGENT)).json().at("/analysis"))
                .isEqualTo(analysis);
        assertThat(change.at("/approvals/requirements/0/description").asText()).contains("senior");
        assertThat(change.at("/approvals/satisfied").asBoolean()).isFalse();

        // the human the agent acts for is the author too
        Http.Res byCarol = env.http.post("/api/v1/changes/" + id + "/approvals", env.token("carol"), Http.decision(change, "lgtm"));
        assertThat(byCarol.status()).as(byCarol.body()).isEqualTo(403);
        assertThat(byCarol.contentType()).startsWith("application/problem+json");
        assertThat(byCarol.json().get("rule").asText()).isEqualTo("agent-human-cannot-approve");
        assertThat(byCarol.json().get("detail").asText()).contains("carol").contains(AGENT);

        // agents never approve, not even another change's
        Http.Res byAgent = env.http.post("/api/v1/changes/" + id + "/approvals", env.token(AGENT), Http.decision(change, ""));
        assertThat(byAgent.status()).isEqualTo(403);
        assertThat(byAgent.json().get("rule").asText()).isEqualTo("agents-never-approve");

        // an engineer's approval could not count towards "1 approval from senior"
        Http.Res byBob = env.http.post("/api/v1/changes/" + id + "/approvals", env.token("bob"), Http.decision(change, ""));
        assertThat(byBob.status()).isEqualTo(403);
        assertThat(byBob.json().get("rule").asText()).isEqualTo("approver-lacks-role");

        Http.Res byDave = env.http.post("/api/v1/changes/" + id + "/approvals", env.token("dave"), Http.decision(change, "checked the backup"));
        assertThat(byDave.status()).as(byDave.body()).isEqualTo(200);
        assertThat(byDave.json().get("state").asText()).isEqualTo("approved");
        assertThat(byDave.json().at("/approvals/satisfied").asBoolean()).isTrue();

        String hash = change.at("/revision/contentHash").asText();
        Http.Res attribution = env.http.get("/api/v1/changes/" + id + "/attribution", env.token("alice"));
        assertThat(attribution.status()).isEqualTo(200);
        JsonNode a = attribution.json();
        assertThat(a.at("/proposedBy/id").asText()).isEqualTo(AGENT);
        assertThat(a.at("/proposedBy/model").asText()).isEqualTo(TestEnv.MODEL);
        assertThat(a.at("/proposedBy/onBehalfOf").asText()).isEqualTo("carol");
        assertThat(a.at("/letThroughBy/0").asText()).isEqualTo("dave");
        assertThat(a.at("/decisions/0/approver").asText()).isEqualTo("dave");
        assertThat(a.at("/decisions/0/contentHash").asText()).isEqualTo(hash);
        assertThat(a.at("/decisions/0/shown/verdict").asText()).isEqualTo("needs-approval");
        assertThat(a.at("/decisions/0/shown/analysisHash").asText()).isEqualTo(a.at("/revisions/0/analysisHash").asText());
        List<String> actions = new ArrayList<>();
        a.get("steps").forEach(s -> actions.add(s.get("action").asText() + ":" + s.get("to").asText()));
        assertThat(actions).containsExactly("change.proposed:", "change.analysed:analysed",
                "change.transition:awaiting-approval", "approval.given:", "change.transition:approved");

        Http.Res text = env.http.get("/api/v1/changes/" + id + "/attribution", env.token("alice"), "text/plain");
        assertThat(text.contentType()).startsWith("text/plain");
        assertThat(text.body()).contains("Proposed by: agent " + AGENT + ", model " + TestEnv.MODEL + ", acting for carol")
                .contains("Let through by: dave").contains("dave (engineer, senior) approved revision 1, content " + hash);

        // every step is in the ledger, chained
        Http.Res verify = env.http.get("/api/v1/ledger/verify", env.token("alice"));
        assertThat(verify.json().get("intact").asBoolean()).as(verify.body()).isTrue();
        long entries = verify.json().get("entries").asLong();
        Http.Res export = env.http.get("/api/v1/ledger/export", env.token("alice"));
        assertThat(export.contentType()).startsWith("application/jsonl");
        assertThat(export.body().lines().count()).isEqualTo(entries);
        assertThat(export.body()).doesNotContain("example-only-placeholder"); // the plan's sensitive value

        // nothing secret reached the logs: no token, no plan value
        List<String> logged = new ArrayList<>();
        for (ILoggingEvent e : logs.list) {
            logged.add(e.getFormattedMessage() + " " + e.getKeyValuePairs());
        }
        String all = String.join("\n", logged);
        assertThat(all).contains("route=\"/api/v1/changes/{id}/approvals\"");
        for (String token : env.tokens.values()) assertThat(all).doesNotContain(token);
        assertThat(all).doesNotContain("example-only-placeholder").doesNotContain("123456789012");

        // someone edits an approval entry behind the server's back
        tamper(env, "UPDATE ledger SET actor = 'mallory' WHERE action = 'approval.given'");
        Http.Res broken = env.http.get("/api/v1/ledger/verify", env.token("alice"));
        assertThat(broken.json().get("intact").asBoolean()).isFalse();
        long approvalSeq = a.at("/steps/3/sequence").asLong();
        assertThat(broken.json().get("brokenAt").asLong()).isEqualTo(approvalSeq);
        assertThat(broken.json().get("reason").asText()).contains("altered");
    }

    @Test
    void aChangeThePoliciesAllowIsApprovedAtOnceAndADeniedOneRejected() {
        Http.Res allowed = env.http.post("/api/v1/changes", env.token("alice"),
                Http.submission("change.yaml", TestEnv.changeFile("timeout", java.util.Map.of())));
        assertThat(allowed.status()).as(allowed.body()).isEqualTo(201);
        assertThat(allowed.json().get("state").asText()).isEqualTo("approved");
        assertThat(allowed.json().at("/author/id").asText()).isEqualTo("alice");

        Http.Res denied = env.http.post("/api/v1/changes", env.token("alice"),
                Http.submission("change.yaml", TestEnv.changeFile("bad", java.util.Map.of("deny", "yes"))));
        assertThat(denied.status()).isEqualTo(201);
        assertThat(denied.json().get("state").asText()).isEqualTo("rejected");
        assertThat(denied.json().at("/revision/analysis/findings/0/policy").asText()).isEqualTo("deny-when-labelled");

        Http.Res list = env.http.get("/api/v1/changes?state=rejected,approved&author=alice&limit=10", env.token("bob"));
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.json().get("count").asInt()).isEqualTo(2);
        Http.Res bad = env.http.get("/api/v1/changes?state=sideways", env.token("bob"));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().at("/problems/0/path").asText()).isEqualTo("?state");
    }

    static void tamper(TestEnv env, String sql) {
        try (Connection c = DriverManager.getConnection(env.storeConfig.jdbcUrl(), env.storeConfig.user(), env.storeConfig.password());
             Statement s = c.createStatement()) {
            s.executeUpdate(sql);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
