package io.blastwall.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Decisions are bound to the exact content: amendments reset them, stale and replayed ones are refused. */
class DecisionsTest {

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
    void amendResetsApprovalsAndStaleOrReplayedDecisionsAreRefused() {
        Map<String, String> two = Map.of("approvals", "two");
        JsonNode rev1 = env.http.post("/api/v1/changes", env.token("alice"),
                Http.submission("change.yaml", TestEnv.changeFile("raise timeout", two))).json();
        String id = rev1.get("id").asText();
        String base = "/api/v1/changes/" + id;
        assertThat(rev1.get("state").asText()).isEqualTo("awaiting-approval");

        Http.Res first = env.http.post(base + "/approvals", env.token("dave"), Http.decision(rev1, "ok"));
        assertThat(first.status()).as(first.body()).isEqualTo(200);
        assertThat(first.json().get("state").asText()).isEqualTo("awaiting-approval");
        assertThat(first.json().at("/approvals/requirements/0/counted/0").asText()).isEqualTo("dave");

        Http.Res replay = env.http.post(base + "/approvals", env.token("dave"), Http.decision(rev1, "ok"));
        assertThat(replay.status()).isEqualTo(409);
        assertThat(replay.json().get("type").asText()).endsWith("/duplicate-decision");

        Http.Res notAuthor = env.http.post(base + "/revisions", env.token("bob"),
                Http.submission("change.yaml", TestEnv.changeFile("raise timeout more", two)));
        assertThat(notAuthor.status()).isEqualTo(403);
        assertThat(notAuthor.json().get("rule").asText()).isEqualTo("only-author-amends");

        Http.Res amended = env.http.post(base + "/revisions", env.token("alice"),
                Http.submission("change.yaml", TestEnv.changeFile("raise timeout more", two)));
        assertThat(amended.status()).as(amended.body()).isEqualTo(201);
        JsonNode rev2 = amended.json();
        assertThat(rev2.get("currentRevision").asInt()).isEqualTo(2);
        assertThat(rev2.get("state").asText()).isEqualTo("awaiting-approval");
        assertThat(rev2.at("/revision/contentHash").asText()).isNotEqualTo(rev1.at("/revision/contentHash").asText());
        assertThat(rev2.at("/approvals/requirements/0/counted")).isEmpty();
        assertThat(rev2.at("/decisions/0/valid").asBoolean()).isFalse();
        assertThat(rev2.at("/decisions/0/invalidatedReason").asText()).contains("revision 2 replaced revision 1");

        Http.Res oldRevision = env.http.post(base + "/approvals", env.token("dave"), Http.decision(rev1, "still ok"));
        assertThat(oldRevision.status()).isEqualTo(409);
        assertThat(oldRevision.json().get("rule").asText()).isEqualTo("stale-revision");
        assertThat(oldRevision.json().get("detail").asText()).contains("revision 1").contains("revision 2");

        Http.Res oldHash = env.http.post(base + "/approvals", env.token("dave"),
                Map.of("revision", 2, "contentHash", rev1.at("/revision/contentHash").asText()));
        assertThat(oldHash.status()).isEqualTo(409);
        assertThat(oldHash.json().get("rule").asText()).isEqualTo("stale-content-hash");

        assertThat(env.http.post(base + "/approvals", env.token("dave"), Http.decision(rev2, "")).json().get("state").asText())
                .isEqualTo("awaiting-approval");
        JsonNode approved = env.http.post(base + "/approvals", env.token("frank"), Http.decision(rev2, "")).json();
        assertThat(approved.get("state").asText()).isEqualTo("approved");

        Http.Res again = env.http.post(base + "/approvals", env.token("carol"), Http.decision(rev2, ""));
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().get("type").asText()).endsWith("/illegal-transition");

        Http.Res revision1 = env.http.get(base + "/revisions/1", env.token("bob"));
        assertThat(revision1.json().get("contentHash").asText()).isEqualTo(rev1.at("/revision/contentHash").asText());
        assertThat(revision1.json().at("/documents/0/name").asText()).isEqualTo("change.yaml");

        Http.Res withdrawnByBob = env.http.post(base + "/withdraw", env.token("bob"), Map.of("reason", "mine now"));
        assertThat(withdrawnByBob.status()).isEqualTo(403);
        Http.Res withdrawn = env.http.postEmpty(base + "/withdraw", env.token("alice"));
        assertThat(withdrawn.json().get("state").asText()).as(withdrawn.body()).isEqualTo("withdrawn");

        assertThat(env.http.get("/api/v1/ledger/verify", env.token("bob")).json().get("intact").asBoolean()).isTrue();
    }

    @Test
    void aRejectionEndsTheChange() {
        JsonNode c = env.http.post("/api/v1/changes", env.token("alice"),
                Http.submission("change.yaml", TestEnv.changeFile("t", Map.of("approvals", "two")))).json();
        Http.Res own = env.http.post("/api/v1/changes/" + c.get("id").asText() + "/rejections", env.token("alice"), Http.decision(c, "no"));
        assertThat(own.status()).isEqualTo(403);
        Http.Res r = env.http.post("/api/v1/changes/" + c.get("id").asText() + "/rejections", env.token("dave"), Http.decision(c, "too risky"));
        assertThat(r.json().get("state").asText()).isEqualTo("rejected");
        assertThat(r.json().at("/decisions/0/decision").asText()).isEqualTo("reject");
    }
}
