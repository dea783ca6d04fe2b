package io.blastwall.server;

import io.blastwall.core.controlplane.ControlPlane;
import io.blastwall.core.store.Principal;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;

/**
 * What a {@link ServerExtension} may use while it registers: the control plane, the server's own route wrapper (the
 * same draining, body-limit, authentication, problem+json and access-log treatment as every built-in endpoint), and
 * the raw Javalin configuration for what routes cannot express (static files, SSE). Valid only during
 * {@link ServerExtension#register}; the handlers it registers may call {@link #principal} at any time.
 */
public interface ServerContext {

    /** Who may call an endpoint. */
    enum Access { PUBLIC, AUTHENTICATED, ADMIN }

    ControlPlane controlPlane();

    /** The events feed: ledger entries as they are committed (by any replica). */
    LedgerEvents events();

    /** The registry {@code /metrics} exposes: an extension registers its own metrics here. */
    io.prometheus.metrics.model.registry.PrometheusRegistry metricsRegistry();

    /**
     * Registers an endpoint wrapped like the built-in ones; it appears in {@link BlastwallServer#routes()} and must be
     * documented in the OpenAPI description when it is under {@code /api/v1}.
     */
    void route(HandlerType method, String path, Access access, Handler handler);

    /** The Javalin configuration being built, for static files and other settings routes cannot express. */
    JavalinConfig javalin();

    /** The authenticated principal of a request handled by a route registered with access other than PUBLIC. */
    Principal principal(Context ctx);
}
