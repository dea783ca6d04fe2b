package io.blastwall.server.notify;

import io.blastwall.core.BadInputException;
import io.blastwall.core.SourceLocation;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What notifications are sent where: the sinks, the console's public URL the links point at, and the delivery
 * tuning. The parse helpers check command-line values and name the option in a {@link BadInputException}
 * ({@code blastwall serve} exits 2 with it).
 *
 * @param publicUrl      the URL people reach the server at; links are {@code publicUrl/changes/ID}
 * @param sinks          where to send
 * @param queueCapacity  events each sink may hold before new ones are dropped
 * @param retry          attempts and backoff
 * @param requestTimeout how long one attempt may take
 *
 * <p>Immutable.
 */
public record NotifySettings(URI publicUrl, List<Sink> sinks, int queueCapacity, RetryPolicy retry, Duration requestTimeout) {

    public static final int DEFAULT_QUEUE = 1000;
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    /** A shorter secret is guessable: HMAC keys should carry at least 128 bits. */
    public static final int MIN_SECRET_BYTES = 16;

    public NotifySettings {
        Objects.requireNonNull(publicUrl, "publicUrl");
        sinks = List.copyOf(sinks);
        if (queueCapacity < 1) throw new IllegalArgumentException("queueCapacity must be at least 1");
        Objects.requireNonNull(retry, "retry");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
    }

    public static NotifySettings of(URI publicUrl, List<Sink> sinks) {
        return new NotifySettings(publicUrl, sinks, DEFAULT_QUEUE, RetryPolicy.DEFAULT, DEFAULT_TIMEOUT);
    }

    /** An http(s) URL with a host, without user information, query or fragment; bad input names {@code option}. */
    public static URI url(String option, String value) {
        String v = value == null ? "" : value.strip();
        try {
            URI u = new URI(v);
            if (!"http".equalsIgnoreCase(u.getScheme()) && !"https".equalsIgnoreCase(u.getScheme()) || u.getHost() == null) {
                throw new URISyntaxException(v, "expected an http:// or https:// URL with a host");
            }
            if (u.getRawUserInfo() != null || u.getRawFragment() != null) {
                throw new URISyntaxException(v, "expected no user information or fragment");
            }
            return u;
        } catch (URISyntaxException e) {
            // the value itself may be a credential (a Slack webhook URL): it is not repeated
            throw new BadInputException(SourceLocation.of(option), "not a usable URL: " + e.getReason());
        }
    }

    /** The console's base URL: as {@link #url}, without a query, and without a trailing slash. */
    public static URI publicUrl(String option, String value) {
        URI u = url(option, value);
        if (u.getRawQuery() != null) throw new BadInputException(SourceLocation.of(option), "expected a base URL without a query");
        String s = u.toString();
        return URI.create(s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
    }

    /**
     * The webhook secret from a file: its content without surrounding whitespace (a trailing newline is usual), at
     * least {@value #MIN_SECRET_BYTES} bytes. Errors name the option and the file, never the content.
     */
    public static byte[] secret(String option, Path file) {
        if (file == null || !Files.isRegularFile(file)) {
            throw new BadInputException(SourceLocation.of(option), "expected a readable file holding the webhook secret, found none at " + file);
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new BadInputException(SourceLocation.of(option), "cannot read " + file + ": " + e.getClass().getSimpleName());
        }
        byte[] secret = text.getBytes(StandardCharsets.UTF_8);
        if (secret.length < MIN_SECRET_BYTES) {
            throw new BadInputException(SourceLocation.of(option), "the secret in " + file + " is " + secret.length
                    + " bytes long; expected at least " + MIN_SECRET_BYTES + " (e.g. `openssl rand -hex 32 > " + file + "`)");
        }
        return secret;
    }
}
