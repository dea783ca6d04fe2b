package io.blastwall.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.blastwall.server.TestEnv.AGENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * The reviewer read endpoints on the example shop estate: who am I, the inbox (what waits for me and why not for
 * others), eligibility with the rule that forbids, the bounded blast-radius subgraph with its explanation path and
 * filters, estate search with dependencies and dependents, and the ticketed ledger event stream.
 */
class ReadApiTest {

    @TempDir
    Path dir;
    TestEnv env;
    String id;

    @BeforeEach
    void start() {
        env = TestEnv.sqlite(dir);
        Http.Res r = env.http.post("/api/v1/changes", env.token(AGENT),
                Http.submission("plan.json", TestEnv.example("02-agent-recreate-orders-db.json")));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        id = r.json().get("id").asText();
    }

    @AfterEach
    void stop() {
        env.close();
    }

    @Test
    void meInboxAndEligibilityFollowTheApprovalRules() {
        JsonNode me = env.http.get("/api/v1/me", env.token("dave")).json();
        assertThat(me.get("id").asText()).isEqualTo("dave");
        assertThat(me.get("roles").toString()).contains("senior");

        JsonNode daves = env.http.get("/api/v1/inbox", env.token("dave")).json();
        List<String> waiting = new ArrayList<>();
        daves.get("awaitingMe").forEach(c -> waiting.add(c.get("id").asText()));
        assertThat(waiting).containsExactly(id);
        assertThat(daves.at("/awaitingMe/0/maxSeverity").asText()).isEqualTo("data-loss");

        // carol launched the agent: it waits for others, and the inbox says why not her
        JsonNode carols = env.http.get("/api/v1/inbox", env.token("carol")).json();
        assertThat(carols.get("awaitingMe")).isEmpty();
        assertThat(carols.at("/awaitingOthers/0/whyNotMe").asText()).contains("launched the agent");

        JsonNode carol = env.http.get("/api/v1/changes/" + id + "/eligibility", env.token("carol")).json();
        assertThat(carol.get("canApprove").asBoolean()).isFalse();
        assertThat(carol.get("rule").asText()).isEqualTo("agent-human-cannot-approve");
        JsonNode alice = env.http.get("/api/v1/changes/" + id + "/eligibility", env.token("alice")).json();
        assertThat(alice.get("rule").asText()).isEqualTo("approver-lacks-role");
        assertThat(alice.get("canReject").asBoolean()).isTrue();
        JsonNode dave = env.http.get("/api/v1/changes/" + id + "/eligibility", env.token("dave")).json();
        assertThat(dave.get("canApprove").asBoolean()).isTrue();
        assertThat(dave.get("countsTowards")).isNotEmpty();

        JsonNode change = env.http.get("/api/v1/changes/" + id, env.token("dave")).json();
        assertThat(env.http.post("/api/v1/changes/" + id + "/approvals", env.token("dave"), Http.decision(change, "ok")).status())
                .isEqualTo(200);
        JsonNode again = env.http.get("/api/v1/changes/" + id + "/eligibility", env.token("dave")).json();
        assertThat(again.get("rule").asText()).isEqualTo("once-per-person");
        assertThat(env.http.get("/api/v1/changes/ch_nope/eligibility", env.token("dave")).status()).isEqualTo(404);
    }

    @Test
    void graphIsTheImpactedSubgraphWithPathsAndItsNeighbourhoodCapped() {
        JsonNode g = env.http.get("/api/v1/changes/" + id + "/revisions/1/graph", env.token("dave")).json();
        List<String> ids = g.get("nodes").findValuesAsText("id");
        assertThat(ids).contains("orders-db-eu-west-1", "checkout-api-eu-west-1", "shop-dns");
        assertThat(ids.size()).isLessThan(31); // the shop estate has 31 components: not all of them are drawn
        JsonNode dns = node(g, "shop-dns");
        assertThat(dns.get("severity").asText()).isEqualTo("degraded");
        assertThat(dns.get("path").size()).isEqualTo(4);
        // checkout-api depends on orders-db, on the explanation path
        JsonNode edge = null;
        for (JsonNode e : g.get("edges")) {
            if (e.get("source").asText().equals("checkout-api-eu-west-1") && e.get("target").asText().equals("orders-db-eu-west-1")) edge = e;
        }
        assertThat(edge).isNotNull();
        assertThat(edge.get("onPath").asBoolean()).isTrue();
        assertThat(g.get("truncated").asBoolean()).isFalse();

        JsonNode capped = env.http.get("/api/v1/changes/" + id + "/revisions/1/graph?maxNodes=2", env.token("dave")).json();
        assertThat(capped.get("nodes")).hasSize(2);
        assertThat(capped.get("truncated").asBoolean()).isTrue();
        assertThat(capped.get("notes").toString()).contains("narrow it");

        JsonNode worst = env.http.get("/api/v1/changes/" + id + "/revisions/1/graph?minSeverity=outage", env.token("dave")).json();
        assertThat(worst.get("filteredOut").asInt()).isEqualTo(1); // shop-dns is only degraded
        assertThat(worst.get("nodes").findValuesAsText("severity")).doesNotContain("degraded");

        Http.Res bad = env.http.get("/api/v1/changes/" + id + "/revisions/1/graph?minSeverity=awful", env.token("dave"));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("detail").asText()).contains("minSeverity").contains("data-loss");
        assertThat(env.http.get("/api/v1/changes/" + id + "/revisions/9/graph", env.token("dave")).status()).isEqualTo(404);
    }

    @Test
    void estateSearchAndOneHopNeighbours() {
        JsonNode page = env.http.get("/api/v1/estate/components?q=checkout&region=eu-west-1", env.token("alice")).json();
        assertThat(page.get("components").findValuesAsText("id")).contains("checkout-api-eu-west-1");
        assertThat(page.get("components").findValuesAsText("region")).containsOnly("eu-west-1");
        assertThat(page.get("total").asInt()).isEqualTo(page.get("count").asInt());
        JsonNode c = env.http.get("/api/v1/estate/components/checkout-api-eu-west-1", env.token("alice")).json();
        assertThat(c.get("dependencies").findValuesAsText("id")).contains("orders-db-eu-west-1");
        assertThat(c.get("dependents").findValuesAsText("id")).contains("edge-lb-eu-west-1");
        Http.Res none = env.http.get("/api/v1/estate/components/%3Cscript%3E", env.token("alice"));
        assertThat(none.status()).isEqualTo(404);
        assertThat(env.http.get("/api/v1/estate/components?kind=spaceship", env.token("alice")).status()).isEqualTo(400);
    }

    @Test
    void eventStreamNeedsASingleUseTicketAndReplaysWhatWasMissed() throws Exception {
        assertThat(env.http.get("/api/v1/events?ticket=made-up", null).status()).isEqualTo(401);
        Http.Res t = env.http.postEmpty("/api/v1/events/tickets", env.token("dave"));
        assertThat(t.status()).as(t.body()).isEqualTo(201);
        String ticket = t.json().get("ticket").asText();

        HttpClient client = HttpClient.newHttpClient();
        HttpRequest req = HttpRequest.newBuilder(URI.create(env.server.baseUrl() + "/api/v1/events?after=0&ticket=" + ticket))
                .timeout(Duration.ofSeconds(30)).GET().build();
        HttpResponse<java.io.InputStream> res = client.send(req, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(res.headers().firstValue("content-type").orElse("")).startsWith("text/event-stream");
        List<String> data = new ArrayList<>();
        // a hang guard, not a timing assertion: a stream that never delivers must fail the test, not block the build
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(res.body(), StandardCharsets.UTF_8))) {
                // the submission's entries are replayed; then a live one: carol withdraws
                String line;
                boolean withdrew = false;
                while ((line = in.readLine()) != null) {
                    if (line.startsWith("data: ")) data.add(line);
                    if (!withdrew && data.stream().anyMatch(s -> s.contains(id))) {
                        withdrew = true;
                        assertThat(env.http.postEmpty("/api/v1/changes/" + id + "/withdraw", env.token("carol")).status()).isEqualTo(200);
                    }
                    if (data.stream().anyMatch(s -> s.contains("\"actor\":\"carol\""))) break;
                }
            }
        });
        assertThat(data).anyMatch(s -> s.contains("change.proposed") && s.contains(id));
        assertThat(data).anyMatch(s -> s.contains("change.transition") && s.contains("\"actor\":\"carol\""));
        // the ticket was used up
        assertThat(env.http.get("/api/v1/events?ticket=" + ticket, null).status()).isEqualTo(401);
    }

    private static JsonNode node(JsonNode g, String id) {
        for (JsonNode n : g.get("nodes")) if (n.get("id").asText().equals(id)) return n;
        throw new AssertionError("no node " + id + " in " + g);
    }
}
