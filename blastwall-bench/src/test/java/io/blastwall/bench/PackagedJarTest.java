package io.blastwall.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The shipped jar ({@code blastwall-cli/target/blastwall.jar}, what {@code bin/blastwall} runs) starts the server with
 * every extension — rollouts, MCP, console — and answers. Tests of the other modules run on their own classpaths, so
 * only this one sees what the shading left in or out (regression: a test-scoped json-schema-validator once overrode
 * the MCP SDK's run-time need and `blastwall serve` died with NoClassDefFoundError). This module is built after the CLI.
 */
class PackagedJarTest {

    @Test
    void theShippedJarServesTheApiTheMcpEndpointAndTheConsole(@TempDir Path dir) throws Exception {
        Path root = Path.of("..").toAbsolutePath().normalize();
        Path jar = root.resolve("blastwall-cli/target/blastwall.jar");
        assumeTrue(Files.isRegularFile(jar), "blastwall.jar is not built: run the whole reactor (mvn verify)");
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(java, "-jar", jar.toString(), "serve", "--estate",
                root.resolve("examples/estate/shop.yaml").toString(), "--data-dir", dir.toString(), "--port", "0",
                "--warm-up", "0", "--checkpoint-every", "0")
                .redirectError(dir.resolve("stderr.log").toFile()).start();
        try {
            CompletableFuture<String> url = CompletableFuture.supplyAsync(() -> serving(p));
            String base = url.get(90, TimeUnit.SECONDS);
            assertThat(base).as(Files.readString(dir.resolve("stderr.log"))).isNotNull();
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
            assertThat(get(http, base + "/healthz").statusCode()).isEqualTo(200);
            assertThat(get(http, base + "/console/").statusCode()).isEqualTo(200);
            HttpResponse<String> mcp = http.send(HttpRequest.newBuilder(URI.create(base + "/mcp"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(mcp.statusCode()).as(mcp.body()).isEqualTo(401);
        } finally {
            p.destroy();
            if (!p.waitFor(20, TimeUnit.SECONDS)) p.destroyForcibly();
        }
    }

    private static HttpResponse<String> get(HttpClient http, String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The base URL from "blastwall: serving on http://…", or null when the process ends first. */
    private static String serving(Process p) {
        Pattern serving = Pattern.compile("serving on (http://\\S+)");
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                Matcher m = serving.matcher(line);
                if (m.find()) return m.group(1);
            }
            return null;
        } catch (java.io.IOException e) {
            return null;
        }
    }
}
