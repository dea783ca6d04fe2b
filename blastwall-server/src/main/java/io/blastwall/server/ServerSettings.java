package io.blastwall.server;

import java.security.PublicKey;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How the HTTP server listens and what it accepts.
 *
 * @param bind          address to listen on ({@code 127.0.0.1} by default: expose it deliberately)
 * @param port          TCP port; 0 for an ephemeral one (tests)
 * @param maxBodyBytes  largest request body accepted; larger ones get 413
 * @param shutdownGrace how long a graceful stop waits for requests in flight
 * @param oidc          optional OIDC issuer whose JWTs are accepted as bearer tokens
 * @param checkpointKeys public keys whose signed ledger checkpoints {@code GET /api/v1/ledger/verify} checks (this
 *                       server's own and other replicas'); empty: checkpoints are not checked there
 *
 * <p>Immutable.
 */
public record ServerSettings(String bind, int port, long maxBodyBytes, Duration shutdownGrace, Optional<OidcSettings> oidc,
                             List<PublicKey> checkpointKeys) {

    /** 16 MiB: a large plan JSON fits; anything bigger is refused before it is read. */
    public static final long DEFAULT_MAX_BODY = 16L * 1024 * 1024;

    public ServerSettings {
        Objects.requireNonNull(bind, "bind");
        if (port < 0 || port > 65535) throw new IllegalArgumentException("port must be 0..65535");
        if (maxBodyBytes < 1024) throw new IllegalArgumentException("the body limit must be at least 1 KiB");
        Objects.requireNonNull(shutdownGrace, "shutdownGrace");
        oidc = oidc == null ? Optional.empty() : oidc;
        checkpointKeys = checkpointKeys == null ? List.of() : List.copyOf(checkpointKeys);
    }

    /** Settings without checkpoint keys. */
    public ServerSettings(String bind, int port, long maxBodyBytes, Duration shutdownGrace, Optional<OidcSettings> oidc) {
        this(bind, port, maxBodyBytes, shutdownGrace, oidc, List.of());
    }

    public static ServerSettings loopback(int port) {
        return new ServerSettings("127.0.0.1", port, DEFAULT_MAX_BODY, Duration.ofSeconds(20), Optional.empty());
    }

    public ServerSettings withMaxBodyBytes(long n) {
        return new ServerSettings(bind, port, n, shutdownGrace, oidc, checkpointKeys);
    }

    public ServerSettings withOidc(OidcSettings o) {
        return new ServerSettings(bind, port, maxBodyBytes, shutdownGrace, Optional.of(o), checkpointKeys);
    }

    public ServerSettings withCheckpointKeys(List<PublicKey> keys) {
        return new ServerSettings(bind, port, maxBodyBytes, shutdownGrace, oidc, keys);
    }
}
