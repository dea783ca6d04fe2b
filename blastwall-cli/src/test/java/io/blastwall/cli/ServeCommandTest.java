package io.blastwall.cli;

import io.blastwall.server.BlastwallServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code blastwall serve}: first start creates an admin token shown once; the server answers; a stop is clean. */
class ServeCommandTest {

    @TempDir
    Path dir;

    @AfterEach
    void reset() {
        ServeCommand.startedHook = s -> { };
    }

    @Test
    void firstStartPrintsTheAdminTokenOnceAndTheServerAcceptsIt() throws Exception {
        Run first = serve();
        String token = adminToken(first);
        HttpClient client = HttpClient.newHttpClient();
        HttpResponse<String> estate = client.send(HttpRequest.newBuilder(URI.create(first.server.baseUrl() + "/api/v1/estate"))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(estate.statusCode()).isEqualTo(200);
        assertThat(estate.body()).contains("\"name\":\"shop\"");
        first.stop();
        assertThat(first.code()).isEqualTo(0);

        Run second = serve();
        assertThat(second.out).doesNotContain("bw_").contains("serving on http://127.0.0.1:");
        HttpResponse<String> again = client.send(HttpRequest.newBuilder(URI.create(second.server.baseUrl() + "/api/v1/estate"))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(again.statusCode()).isEqualTo(200);
        second.stop();
    }

    /**
     * GET /api/v1/ledger/verify runs the same audit as {@code ledger verify --checkpoints}: with the server's own key it
     * reports the checkpoints, and the two answers are the same, intact or not.
     */
    @Test
    void theVerifyEndpointChecksSignedCheckpointsAndReportsWhatTheCliReports() throws Exception {
        Run first = serve();
        String token = adminToken(first);
        first.stop(); // a graceful stop signs a checkpoint of the bootstrap entries

        Run second = serve("--checkpoint-max-age", "600");
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        com.fasterxml.jackson.databind.JsonNode served = json.readTree(verify(second, token, ""));
        assertThat(served.get("intact").asBoolean()).as(served.toString()).isTrue();
        assertThat(served.at("/checkpoints/hold").asBoolean()).as(served.toString()).isTrue();
        assertThat(served.at("/checkpoints/checked").asInt()).isPositive();
        assertThat(cliVerify(json)).isEqualTo(served);

        // the newest entry is cut off: the chain alone still verifies, the checkpoint does not
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("blastwall.db"));
             java.sql.Statement s = c.createStatement()) {
            s.execute("DELETE FROM ledger WHERE seq = (SELECT MAX(seq) FROM ledger)");
        }
        com.fasterxml.jackson.databind.JsonNode cut = json.readTree(verify(second, token, ""));
        assertThat(cut.get("intact").asBoolean()).isTrue();
        assertThat(cut.at("/checkpoints/hold").asBoolean()).isFalse();
        assertThat(cut.at("/checkpoints/reason").asText()).contains("cut off the end");
        assertThat(cliVerify(json)).isEqualTo(cut);

        HttpResponse<String> bad = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(second.server.baseUrl()
                + "/api/v1/ledger/verify?expectHead=nothex")).header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("expectHead");
        second.stop();
    }

    private static String verify(Run run, String token, String query) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(run.server.baseUrl()
                + "/api/v1/ledger/verify" + query)).header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return r.body();
    }

    /** {@code ledger verify --format json --checkpoints checkpoint-key.pub}, without the database line. */
    private com.fasterxml.jackson.databind.JsonNode cliVerify(com.fasterxml.jackson.databind.ObjectMapper json) throws Exception {
        CliRun r = CliRun.of("ledger", "verify", "--format", "json", "--checkpoints",
                dir.resolve("checkpoint-key.pub").toString(), "--data-dir", dir.toString());
        com.fasterxml.jackson.databind.node.ObjectNode n = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(r.out());
        n.remove("database");
        return n;
    }

    @Test
    void checkpointOptionsAreCheckedBeforeAnythingStarts() {
        CliRun age = CliRun.of("serve", "--data-dir", dir.toString(), "--port", "0", "--checkpoint-max-age", "0",
                "--estate", CliRun.example("estate/shop.yaml"));
        assertThat(age.code()).isEqualTo(Main.EXIT_BAD_INPUT);
        assertThat(age.err()).contains("--checkpoint-max-age");
        CliRun trust = CliRun.of("serve", "--data-dir", dir.toString(), "--port", "0", "--checkpoint-trust",
                dir.resolve("other.pub").toString(), "--estate", CliRun.example("estate/shop.yaml"));
        assertThat(trust.code()).isEqualTo(Main.EXIT_BAD_INPUT);
        assertThat(trust.err()).contains("other.pub").contains("no such file");
        CliRun analyses = CliRun.of("serve", "--data-dir", dir.toString(), "--port", "0", "--max-analyses", "-1",
                "--estate", CliRun.example("estate/shop.yaml"));
        assertThat(analyses.code()).isEqualTo(Main.EXIT_BAD_INPUT);
        assertThat(analyses.err()).contains("--max-analyses").contains("≥ 1");
        assertThat(dir.resolve("blastwall.db")).doesNotExist();
    }

    @Test
    void aMissingEstateIsBadInput() {
        CliRun r = CliRun.of("serve", "--data-dir", dir.toString(), "--port", "0", "--estate", dir.resolve("nope.yaml").toString());
        assertThat(r.code()).isEqualTo(Main.EXIT_BAD_INPUT);
        assertThat(r.err()).contains("nope.yaml");
    }

    @Test
    void anOidcClientIdWithoutAnIssuerIsBadInput() {
        CliRun r = CliRun.of("serve", "--data-dir", dir.toString(), "--port", "0", "--estate", CliRun.example("estate/shop.yaml"),
                "--oidc-client-id", "blastwall-console");
        assertThat(r.code()).isEqualTo(Main.EXIT_BAD_INPUT);
        assertThat(r.err()).contains("--oidc-client-id").contains("--oidc-issuer").doesNotContain("Exception");
    }

    @Test
    void rolloutWiringMistakesAreBadInputBeforeAnythingStarts() throws Exception {
        CliRun noConfig = CliRun.of("serve", "--data-dir", dir.toString(), "--port", "0", "--estate", CliRun.example("estate/shop.yaml"), "--executor", "command");
        assertThat(noConfig.code()).isEqualTo(Main.EXIT_BAD_INPUT);
        assertThat(noConfig.err()).contains("--executor-config");
        CliRun both = CliRun.of("serve", "--data-dir", dir.toString(), "--port", "0", "--estate", CliRun.example("estate/shop.yaml"), "--simulate", "--metrics", "prometheus");
        assertThat(both.code()).isEqualTo(Main.EXIT_BAD_INPUT);
        assertThat(both.err()).contains("--simulate already chooses the simulator");
        java.nio.file.Path bad = dir.resolve("prom.yaml");
        java.nio.file.Files.writeString(bad, "url: http://127.0.0.1:9090\nmetrics:\n  error_rate: 12\n");
        CliRun badFile = CliRun.of("serve", "--data-dir", dir.toString(), "--port", "0", "--estate", CliRun.example("estate/shop.yaml"), "--metrics", "prometheus",
                "--metrics-config", bad.toString());
        assertThat(badFile.code()).isEqualTo(Main.EXIT_BAD_INPUT);
        assertThat(badFile.err()).contains("prom.yaml");
        assertThat(java.nio.file.Files.exists(dir.resolve("blastwall.db"))).as("no database was created").isFalse();
    }

    @Test
    void badNotificationOptionsAreBadInputNamingTheOption() throws Exception {
        String estate = CliRun.example("estate/shop.yaml");
        java.nio.file.Path secret = java.nio.file.Files.writeString(dir.resolve("secret"), "0123456789abcdef0123\n");
        String[][] cases = {
                {"--notify-slack", "https://hooks.example/services/T/B/x"},
                {"--notify-slack", "not a url", "--public-url", "https://bw.example"},
                {"--notify-webhook", "https://h.example/in", "--public-url", "https://bw.example"},
                {"--notify-secret-file", secret.toString()},
                {"--notify-webhook", "https://h.example/in", "--notify-secret-file", dir.resolve("none").toString(), "--public-url", "https://bw.example"},
                {"--public-url", "ftp://bw.example"},
        };
        String[] named = {"--public-url", "--notify-slack", "--notify-secret-file", "--notify-secret-file", "--notify-secret-file", "--public-url"};
        for (int i = 0; i < cases.length; i++) {
            java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("serve", "--data-dir", dir.toString(), "--port", "0", "--estate", estate));
            args.addAll(java.util.List.of(cases[i]));
            CliRun r = CliRun.of(args.toArray(String[]::new));
            assertThat(r.code()).as(String.join(" ", cases[i]) + ": " + r.err()).isEqualTo(Main.EXIT_BAD_INPUT);
            assertThat(r.err()).as(String.join(" ", cases[i])).contains(named[i]).doesNotContain("Exception").doesNotContain("0123456789abcdef");
        }
    }

    @Test
    void aServerWithASlackWebhookTellsItAboutASubmittedChange() throws Exception {
        java.util.concurrent.BlockingQueue<String> received = new java.util.concurrent.LinkedBlockingQueue<>();
        com.sun.net.httpserver.HttpServer slack = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        slack.createContext("/", ex -> {
            received.add(new String(ex.getRequestBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        slack.start();
        try {
            Run run = serve("--notify-slack", "http://127.0.0.1:" + slack.getAddress().getPort() + "/services/T/B/x",
                    "--public-url", "https://bw.example");
            String token = adminToken(run);
            String change = java.nio.file.Files.readString(Path.of(CliRun.example("changes/01-human-config-timeout.yaml")));
            String body = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(
                    java.util.Map.of("documents", java.util.List.of(java.util.Map.of("name", "c.yaml", "content", change))));
            HttpResponse<String> submitted = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(run.server.baseUrl() + "/api/v1/changes"))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(201);
            String id = new com.fasterxml.jackson.databind.ObjectMapper().readTree(submitted.body()).get("id").asText();
            String msg = received.poll(30, TimeUnit.SECONDS);
            assertThat(msg).as("a Slack message").isNotNull().contains("https://bw.example/changes/" + id);
            run.stop();
        } finally {
            slack.stop(0);
        }
    }

    private final class Run {
        BlastwallServer server;
        String out = "";
        CompletableFuture<CliRun> done;

        void stop() throws Exception {
            server.stop();
            CliRun r = done.get(30, TimeUnit.SECONDS);
            out = r.out();
        }

        int code() throws Exception {
            return done.get(30, TimeUnit.SECONDS).code();
        }
    }

    private Run serve(String... more) throws Exception {
        BlockingQueue<BlastwallServer> started = new ArrayBlockingQueue<>(1);
        ServeCommand.startedHook = started::add;
        Run run = new Run();
        java.io.StringWriter out = new java.io.StringWriter();
        run.done = CompletableFuture.supplyAsync(() -> {
            java.io.StringWriter err = new java.io.StringWriter();
            java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("serve", "--data-dir", dir.toString(),
                    "--port", "0", "--warm-up", "1", "--estate", CliRun.example("estate/shop.yaml")));
            args.addAll(java.util.List.of(more));
            int code = Main.run(args.toArray(String[]::new), new java.io.PrintWriter(out, true), new java.io.PrintWriter(err, true));
            return new CliRun(code, out.toString(), err.toString());
        });
        run.server = started.poll(60, TimeUnit.SECONDS);
        assertThat(run.server).as("server started").isNotNull();
        run.out = out.toString();
        return run;
    }

    /** The admin token a first start prints once. */
    private static String adminToken(Run run) {
        Matcher m = Pattern.compile("\\s(bw_[A-Za-z0-9_-]+)").matcher(run.out);
        assertThat(m.find()).as(run.out).isTrue();
        return m.group(1);
    }
}
