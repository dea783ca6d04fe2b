package io.blastwall.server;

import io.blastwall.core.controlplane.Config;
import io.blastwall.core.controlplane.ControlPlane;
import io.blastwall.core.controlplane.RefusedException;
import io.blastwall.core.store.Principal;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.router.Endpoint;
import io.blastwall.server.ServerContext.Access;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The control plane's HTTP server (Javalin on Jetty): the versioned API under {@code /api/v1}, {@code /openapi.json},
 * {@code /healthz}, {@code /readyz} and {@code /metrics}.
 *
 * <p>Every endpoint handler is wrapped once: it refuses new work while the server drains, refuses bodies over the
 * limit (413) before reading them, authenticates the bearer credential (except on the public operational endpoints),
 * and turns any failure into an RFC 9457 problem. One JSON log line per request records method, route template,
 * status, duration and principal id — never a credential, a body or a plan value.
 *
 * <p>{@link #stop()} is graceful: new requests get 503 while those in flight finish (up to the grace period), then
 * Jetty stops and the store is closed. Thread-safe.
 */
public final class BlastwallServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger("io.blastwall.server");
    private static final Logger ACCESS = LoggerFactory.getLogger("io.blastwall.server.access");

    static final String PRINCIPAL = "blastwall.principal";
    static final String ROUTE = "blastwall.route";
    static final String ERROR_ID = "blastwall.errorId";

    private static final java.time.Duration EVENT_POLL = java.time.Duration.ofMillis(200);

    private final ControlPlane controlPlane;
    private final ServerSettings settings;
    private final ServerMetrics metrics;
    private final Authenticator authenticator;
    private final List<String> routes = new ArrayList<>();
    private final AtomicBoolean draining = new AtomicBoolean();
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
    private final List<Runnable> beforeStoreClose = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final List<ServerExtension> extensions;
    private final LedgerEvents events;
    private final Javalin app;

    private BlastwallServer(ControlPlane controlPlane, Supplier<Config> reloadSource, ServerSettings settings,
                            List<ServerExtension> extensions) {
        this.controlPlane = Objects.requireNonNull(controlPlane, "controlPlane");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.extensions = List.copyOf(extensions);
        this.metrics = new ServerMetrics(controlPlane.store(), controlPlane.analysisGate());
        this.authenticator = new Authenticator(controlPlane, settings.oidc());
        this.events = LedgerEvents.start(controlPlane.store(), EVENT_POLL);
        // a token revoked or a principal disabled (by the CLI, on any replica) stops authenticating here within a poll
        events.subscribe(e -> {
            if (e.action().startsWith("token.") || e.action().startsWith("principal.")) controlPlane.forgetCredentials();
        });
        Api api = new Api(controlPlane, reloadSource, metrics, this::ready, settings.checkpointKeys());
        this.app = Javalin.create(cfg -> configure(cfg, api));
    }

    /**
     * Starts a server for {@code controlPlane}. {@code reloadSource} loads the estate and policies again for
     * {@code POST /api/v1/admin/reload} (from the same files the server started with).
     */
    public static BlastwallServer start(ControlPlane controlPlane, Supplier<Config> reloadSource, ServerSettings settings) {
        return start(controlPlane, reloadSource, settings, List.of());
    }

    /** Starts a server with extensions registered in the given order after the built-in endpoints. */
    public static BlastwallServer start(ControlPlane controlPlane, Supplier<Config> reloadSource, ServerSettings settings,
                                        List<ServerExtension> extensions) {
        BlastwallServer s = new BlastwallServer(controlPlane, reloadSource, settings, extensions);
        try {
            s.app.start(settings.bind(), settings.port());
        } catch (RuntimeException e) {
            s.events.close();
            s.extensions.forEach(ServerExtension::close);
            throw e;
        }
        LOG.atInfo().addKeyValue("bind", settings.bind()).addKeyValue("port", s.port())
                .addKeyValue("store", controlPlane.store().describe())
                .addKeyValue("estateVersion", controlPlane.config().estateVersion())
                .addKeyValue("policyVersion", controlPlane.config().policyVersion())
                .log("blastwall server started");
        return s;
    }

    public int port() {
        return app.port();
    }

    /** The ledger event feed this server tails. */
    public LedgerEvents events() {
        return events;
    }

    /** The base URL, {@code http://bind:port}. */
    public String baseUrl() {
        String host = settings.bind().contains(":") ? "[" + settings.bind() + "]" : settings.bind();
        return "http://" + host + ":" + port();
    }

    /** Every registered endpoint as {@code METHOD /path}, in registration order (for the OpenAPI check). */
    public List<String> routes() {
        return List.copyOf(routes);
    }

    /**
     * Stops gracefully: new requests get 503 (with {@code Connection: close}) while those in flight finish, up to the
     * grace period; then the HTTP server stops and the store is closed. Idempotent.
     */
    public void stop() {
        if (!stopped.compareAndSet(false, true)) return;
        draining.set(true);
        LOG.atInfo().addKeyValue("inFlight", inFlight.get()).log("blastwall server draining");
        long deadline = System.nanoTime() + settings.shutdownGrace().toNanos();
        while (inFlight.get() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        int left = inFlight.get();
        try {
            app.stop();
        } finally {
            events.close();
            for (ServerExtension x : extensions) {
                try {
                    x.close();
                } catch (RuntimeException e) {
                    LOG.atWarn().setCause(e).log("extension failed to close");
                }
            }
            for (Runnable r : beforeStoreClose) {
                try {
                    r.run();
                } catch (RuntimeException e) {
                    LOG.atWarn().setCause(e).log("shutdown step failed");
                }
            }
            controlPlane.store().close();
            done.countDown();
        }
        LOG.atInfo().addKeyValue("abandoned", left).log("blastwall server stopped");
    }

    /**
     * Registers work for a graceful stop that needs the store after the last request finished (e.g. the final ledger
     * checkpoint): it runs after the HTTP server stopped and before the store is closed, in registration order.
     */
    public void beforeStoreClose(Runnable work) {
        beforeStoreClose.add(Objects.requireNonNull(work, "work"));
    }

    /** Blocks until {@link #stop()} has finished (from any thread, e.g. a shutdown hook). */
    public void awaitStop() throws InterruptedException {
        done.await();
    }

    @Override
    public void close() {
        stop();
    }

    boolean ready() {
        return !draining.get();
    }

    private void configure(JavalinConfig cfg, Api api) {
        cfg.startup.showJavalinBanner = false;
        cfg.startup.showOldJavalinVersionWarning = false;
        cfg.concurrency.useVirtualThreads = true;
        cfg.http.maxRequestSize = settings.maxBodyBytes();
        cfg.http.defaultContentType = "application/json";
        // Javalin copies every result into the response through a buffer of this size, allocated per response
        // (32 KiB by default: more garbage than a typical answer of a few hundred bytes to a few KiB is long)
        cfg.http.responseBufferSize = 4096;
        cfg.jetty.modifyServer(server -> server.setStopTimeout(settings.shutdownGrace().toMillis()));

        String v1 = Views.API;
        route(cfg, HandlerType.POST, v1 + "/changes", Access.AUTHENTICATED, api::submit);
        route(cfg, HandlerType.GET, v1 + "/changes", Access.AUTHENTICATED, api::list);
        route(cfg, HandlerType.GET, v1 + "/changes/{id}", Access.AUTHENTICATED, api::get);
        route(cfg, HandlerType.GET, v1 + "/changes/{id}/revisions/{n}", Access.AUTHENTICATED, api::revision);
        route(cfg, HandlerType.POST, v1 + "/changes/{id}/revisions", Access.AUTHENTICATED, api::amend);
        route(cfg, HandlerType.POST, v1 + "/changes/{id}/approvals", Access.AUTHENTICATED, api::approve);
        route(cfg, HandlerType.POST, v1 + "/changes/{id}/rejections", Access.AUTHENTICATED, api::reject);
        route(cfg, HandlerType.POST, v1 + "/changes/{id}/withdraw", Access.AUTHENTICATED, api::withdraw);
        route(cfg, HandlerType.POST, v1 + "/changes/{id}/recheck", Access.AUTHENTICATED, api::recheck);
        route(cfg, HandlerType.GET, v1 + "/changes/{id}/attribution", Access.AUTHENTICATED, api::attribution);
        route(cfg, HandlerType.GET, v1 + "/estate", Access.AUTHENTICATED, api::estate);
        route(cfg, HandlerType.GET, v1 + "/policies", Access.AUTHENTICATED, api::policies);
        route(cfg, HandlerType.POST, v1 + "/admin/reload", Access.ADMIN, api::reload);
        route(cfg, HandlerType.GET, v1 + "/ledger", Access.AUTHENTICATED, api::ledger);
        route(cfg, HandlerType.GET, v1 + "/ledger/verify", Access.AUTHENTICATED, api::verify);
        route(cfg, HandlerType.GET, v1 + "/ledger/export", Access.AUTHENTICATED, api::export);
        ReadApi.Routes own = (m, p, a, h) -> route(cfg, m, p, a, h);
        new ReadApi(controlPlane, java.time.Clock.systemUTC()).register(own);
        new EventStream(controlPlane.store(), events, java.time.Clock.systemUTC(), this::ready).register(own);
        route(cfg, HandlerType.GET, "/openapi.json", Access.PUBLIC, api::openapi);
        route(cfg, HandlerType.GET, "/healthz", Access.PUBLIC, api::healthz);
        route(cfg, HandlerType.GET, "/readyz", Access.PUBLIC, api::readyz);
        route(cfg, HandlerType.GET, "/metrics", Access.PUBLIC, api::metrics);
        ServerContext context = new ServerContext() {
            @Override
            public ControlPlane controlPlane() {
                return controlPlane;
            }

            @Override
            public LedgerEvents events() {
                return events;
            }

            @Override
            public io.prometheus.metrics.model.registry.PrometheusRegistry metricsRegistry() {
                return metrics.registry();
            }

            @Override
            public void route(HandlerType method, String path, Access access, Handler handler) {
                BlastwallServer.this.route(cfg, method, path, access, handler);
            }

            @Override
            public JavalinConfig javalin() {
                return cfg;
            }

            @Override
            public Principal principal(Context ctx) {
                Principal p = ctx.attribute(PRINCIPAL);
                if (p == null) throw new IllegalStateException("no authenticated principal on " + ctx.path());
                return p;
            }
        };
        for (ServerExtension x : extensions) x.register(context);

        // whatever fails outside our wrapped handlers (no such route, wrong method) is a problem too
        cfg.routes.exception(Exception.class, (e, ctx) -> problem(ctx, e));
        cfg.routes.error(404, ctx -> {
            if (ctx.attribute(ROUTE) == null) problem(ctx, new io.javalin.http.NotFoundResponse());
        });
        cfg.requestLogger.http(this::logRequest);
    }

    private void route(JavalinConfig cfg, HandlerType method, String path, Access access, Handler handler) {
        routes.add(method + " " + path);
        Handler wrapped = ctx -> {
            inFlight.incrementAndGet();
            ctx.attribute(ROUTE, path);
            try {
                if (draining.get()) {
                    ctx.header("Connection", "close");
                    throw new Problems.Fixed(503, "shutting-down", "The server is shutting down",
                            "this server is stopping and accepts no new requests; retry against another replica or after restart");
                }
                long declared = declaredLength(ctx);
                if (declared > settings.maxBodyBytes()) {
                    writeProblem(ctx, Problems.tooLarge(ctx.path(), settings.maxBodyBytes()));
                    return;
                }
                if (access != Access.PUBLIC) {
                    Principal p = authenticator.authenticate(ctx.header("Authorization"));
                    ctx.attribute(PRINCIPAL, p);
                    if (access == Access.ADMIN && !p.roles().contains(ControlPlane.ADMIN)) {
                        throw new RefusedException(RefusedException.Kind.FORBIDDEN, "admin-only",
                                method + " " + path + " needs the admin role; " + p.id() + " holds "
                                        + (p.roles().isEmpty() ? "no roles" : String.join(", ", p.roles())));
                    }
                }
                handler.handle(ctx);
            } catch (io.javalin.http.HttpResponseException e) {
                if (e.getStatus() == 413) writeProblem(ctx, Problems.tooLarge(ctx.path(), settings.maxBodyBytes()));
                else problem(ctx, e);
            } catch (Exception e) {
                problem(ctx, e);
            } finally {
                inFlight.decrementAndGet();
            }
        };
        cfg.routes.addEndpoint(new Endpoint(method, path, wrapped));
    }

    private static long declaredLength(Context ctx) {
        String h = ctx.header("Content-Length");
        if (h == null) return -1;
        try {
            return Long.parseLong(h.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private void problem(Context ctx, Exception e) {
        String errorId = UUID.randomUUID().toString();
        Problems.Problem p = Problems.of(e, ctx.path(), errorId);
        if (p.status() == 500) {
            ctx.attribute(ERROR_ID, errorId);
            // the cause goes to the log (for operators), never to the client
            LOG.atError().addKeyValue("errorId", errorId).addKeyValue("route", String.valueOf(ctx.<String>attribute(ROUTE)))
                    .setCause(e).log("unexpected error");
        }
        writeProblem(ctx, p);
    }

    private static void writeProblem(Context ctx, Problems.Problem p) {
        p.headers().forEach(ctx::header);
        ctx.status(p.status()).contentType(Problems.CONTENT_TYPE).result(Json.write(p.body(), false));
    }

    private void logRequest(Context ctx, Float ms) {
        String route = ctx.attribute(ROUTE);
        String r = route == null ? "unmatched" : route;
        int status = ctx.status().getCode();
        metrics.request(r, ctx.method().name(), status, ms / 1000.0);
        Principal p = ctx.attribute(PRINCIPAL);
        LoggingEventBuilder ev = (status >= 500 ? ACCESS.atWarn() : ACCESS.atInfo())
                .addKeyValue("method", ctx.method().name()).addKeyValue("route", r)
                .addKeyValue("status", status).addKeyValue("durationMs", Math.round(ms * 1000) / 1000.0);
        if (p != null) ev = ev.addKeyValue("principal", p.id());
        String errorId = ctx.attribute(ERROR_ID);
        if (errorId != null) ev = ev.addKeyValue("errorId", errorId);
        ev.log("request");
    }
}
