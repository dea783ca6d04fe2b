package io.blastwall.cli.client;

import io.blastwall.cli.CheckCommand;
import io.blastwall.core.BadInputException;
import io.blastwall.core.SourceLocation;
import picocli.CommandLine.Option;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.function.Function;

/**
 * The options every client command shares: which server, which credential, which output format. The server defaults
 * to {@code BLASTWALL_SERVER}, else {@code http://127.0.0.1:8080}; the token to {@code BLASTWALL_TOKEN} (the option
 * wins when both are given). The token is never printed, not even in the usage text's default values.
 *
 * <p>Mutable picocli mixin, used once per command execution.
 */
public final class ClientOptions {

    public static final String DEFAULT_SERVER = "http://127.0.0.1:8080";

    /** Environment lookup; tests replace it. */
    static volatile Function<String, String> environment = System::getenv;

    @Option(names = "--server", paramLabel = "URL",
            description = "The control plane's URL (default: $BLASTWALL_SERVER, else " + DEFAULT_SERVER + ").")
    String server;

    @Option(names = "--token", paramLabel = "TOKEN",
            description = "API token or OIDC JWT (default: $BLASTWALL_TOKEN). Prefer the environment: a command line can be seen by other users.")
    String token;

    @Option(names = "--format", defaultValue = "text",
            description = "text, json (the server's JSON as it came), sarif or markdown (default: ${DEFAULT-VALUE}).")
    CheckCommand.Format format;

    @Option(names = "--timeout", defaultValue = "30", paramLabel = "SECONDS",
            description = "How long to wait for the server (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    /** The server URL to use, checked: http or https with a host. */
    public URI serverUri() {
        String s = server != null && !server.isBlank() ? server.strip() : env("BLASTWALL_SERVER");
        String where = server != null && !server.isBlank() ? "--server" : "$BLASTWALL_SERVER";
        if (s == null || s.isBlank()) {
            s = DEFAULT_SERVER;
            where = "the default server";
        }
        try {
            URI u = new URI(s);
            if (!"http".equalsIgnoreCase(u.getScheme()) && !"https".equalsIgnoreCase(u.getScheme()) || u.getHost() == null) {
                throw new URISyntaxException(s, "expected http://HOST[:PORT] or https://HOST[:PORT]");
            }
            if (u.getRawQuery() != null || u.getRawFragment() != null || u.getUserInfo() != null) {
                throw new URISyntaxException(s, "expected no query, fragment or user information");
            }
            return u;
        } catch (URISyntaxException e) {
            throw new BadInputException(SourceLocation.of(where), "not a server URL: " + e.getReason());
        }
    }

    /** The credential: {@code --token}, else {@code BLASTWALL_TOKEN}; bad input when there is none. */
    public String tokenValue() {
        String t = token != null && !token.isBlank() ? token.strip() : env("BLASTWALL_TOKEN");
        if (t == null || t.isBlank()) {
            throw new BadInputException(SourceLocation.of("--token"),
                    "no credential: set BLASTWALL_TOKEN (or give --token) to an API token from `blastwall token create`");
        }
        return t.strip();
    }

    public CheckCommand.Format format() {
        return format;
    }

    /** A client for the chosen server with the chosen credential. */
    public ApiClient connect() {
        if (timeoutSeconds < 1) {
            throw new BadInputException(SourceLocation.of("--timeout"), "expected seconds >= 1, found " + timeoutSeconds);
        }
        return new ApiClient(serverUri(), tokenValue(), Duration.ofSeconds(timeoutSeconds));
    }

    private static String env(String name) {
        return environment.apply(name);
    }
}
