package io.blastwall.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** A re-check under new policies voids approvals given under the old ones; an invalid reload changes nothing. */
class RecheckAndReloadTest {

    @TempDir
    Path dir;
    TestEnv env;

    @BeforeEach
    void start() {
        env = TestEnv.sqlite(dir);
    }

    @AfterEach
    void stop() {
        env.close();
    }

    @Test
    void recheckAfterAPolicyChangeSendsAnApprovedChangeBackForApproval() throws IOException {
        JsonNode c = env.http.post("/api/v1/changes", env.token(TestEnv.AGENT),
                Http.submission("plan.json", TestEnv.example("02-agent-recreate-orders-db.json"))).json();
        String base = "/api/v1/changes/" + c.get("id").asText();
        assertThat(env.http.post(base + "/approvals", env.token("dave"), Http.decision(c, "")).json().get("state").asText())
                .isEqualTo("approved");

        JsonNode same = env.http.postEmpty(base + "/recheck", env.token("alice")).json();
        assertThat(same.get("changed").asBoolean()).isFalse();
        assertThat(same.at("/change/state").asText()).isEqualTo("approved");

        Path policies = Files.createDirectories(dir.resolve("policies-v2"));
        Files.copy(TestEnv.testPolicies().resolve("test-policies.yaml"), policies.resolve("test-policies.yaml"));
        Files.writeString(policies.resolve("more.yaml"), """
                apiVersion: blastwall.io/v1
                kind: Policy
                id: destructive-needs-two
                scope: action
                condition: action.destructive
                effect: require-approval
                approval: {count: 2, roles: [senior], independentOfAuthor: true}
                message: "destructive: two seniors"
                """);
        String oldVersion = env.http.get("/api/v1/policies", env.token("alice")).json().get("version").asText();
        env.reloadSource = () -> TestEnv.load(policies);
        Http.Res reloaded = env.http.postEmpty("/api/v1/admin/reload", env.token("erin"));
        assertThat(reloaded.status()).as(reloaded.body()).isEqualTo(200);
        assertThat(env.http.get("/api/v1/policies", env.token("alice")).json().get("version").asText()).isNotEqualTo(oldVersion);

        Http.Res rechecked = env.http.postEmpty(base + "/recheck", env.token("alice"));
        assertThat(rechecked.status()).as(rechecked.body()).isEqualTo(200);
        JsonNode r = rechecked.json();
        assertThat(r.get("changed").asBoolean()).isTrue();
        assertThat(r.get("differences").toString()).contains("policy version");
        assertThat(r.get("approvalsInvalidated").asInt()).isEqualTo(1);
        assertThat(r.at("/change/state").asText()).isEqualTo("awaiting-approval");
        assertThat(r.at("/change/currentRevision").asInt()).isEqualTo(2);
        assertThat(r.at("/change/revision/contentHash").asText()).isEqualTo(c.at("/revision/contentHash").asText());
        assertThat(r.at("/change/approvals/satisfied").asBoolean()).isFalse();

        // dave must approve again, and now a second senior too
        assertThat(env.http.post(base + "/approvals", env.token("dave"), Http.decision(r.get("change"), "")).json()
                .get("state").asText()).isEqualTo("awaiting-approval");
        assertThat(env.http.post(base + "/approvals", env.token("frank"), Http.decision(r.get("change"), "")).json()
                .get("state").asText()).isEqualTo("approved");
        assertThat(env.http.get("/api/v1/ledger/verify", env.token("alice")).json().get("intact").asBoolean()).isTrue();
    }

    @Test
    void anInvalidPolicySetIsRefusedAndTheOldOneStays() throws IOException {
        String before = env.http.get("/api/v1/policies", env.token("alice")).json().get("version").asText();
        Path broken = Files.createDirectories(dir.resolve("broken"));
        Files.writeString(broken.resolve("bad.yaml"), """
                apiVersion: blastwall.io/v1
                kind: Policy
                id: broken
                scope: change
                condition: "blast.impactedCount >"
                effect: deny
                message: "x"
                """);
        env.reloadSource = () -> TestEnv.load(broken);
        Http.Res refused = env.http.postEmpty("/api/v1/admin/reload", env.token("erin"));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().at("/problems/0/file").asText()).endsWith("bad.yaml");
        assertThat(refused.json().at("/problems/0/line").asInt()).isPositive();
        assertThat(env.http.get("/api/v1/policies", env.token("alice")).json().get("version").asText()).isEqualTo(before);
        assertThat(env.http.post("/api/v1/changes", env.token("alice"),
                Http.submission("c.yaml", TestEnv.changeFile("t", java.util.Map.of()))).status()).isEqualTo(201);
    }
}
