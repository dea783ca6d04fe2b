package io.blastwall.server.rollout;

import io.blastwall.core.BadInputException;
import io.blastwall.core.SourceLocation;
import io.blastwall.core.controlplane.RefusedException;
import io.blastwall.core.controlplane.Tokens;
import io.blastwall.core.rollout.MetricsSource;
import io.blastwall.core.rollout.Rollout;
import io.blastwall.core.rollout.RolloutCommands;
import io.blastwall.core.rollout.RolloutEngine;
import io.blastwall.core.rollout.RolloutExecutor;
import io.blastwall.core.rollout.RolloutPolicy;
import io.blastwall.core.rollout.RolloutRefusedException;
import io.blastwall.core.rollout.RolloutService;
import io.blastwall.core.rollout.RolloutStore;
import io.blastwall.core.rollout.StaleRolloutException;
import io.blastwall.core.rollout.WaveJudge;
import io.blastwall.core.store.RecordNotFoundException;
import io.blastwall.server.Json;
import io.blastwall.server.ServerContext;
import io.blastwall.server.ServerContext.Access;
import io.blastwall.server.ServerExtension;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static io.blastwall.server.rollout.RolloutViews.ordered;

/**
 * The rollout API under {@code /api/v1} and the driver that moves rollouts forward: one scheduler thread ticks the
 * {@link RolloutEngine} every {@link Settings#tickEvery}. Several replicas may each run one; the lease in the database
 * decides which drives a given rollout. Executor, metrics source and judge come from the constructor (the simulator,
 * Kubernetes, a command; Prometheus; the canary judge); {@link Unconfigured} is the fail-closed default.
 *
 * <p>Thread-safe once registered.
 */
public final class RolloutExtension implements ServerExtension {

    private static final Logger LOG = LoggerFactory.getLogger("io.blastwall.server.rollout");
    private static final Set<String> FORBIDDEN_RULES = Set.of("admin-only", "agents-may-not", "promoter-may-not-approve",
            "promoter-lacks-role");

    /**
     * @param policy    the base rollout policy (the verdict's requirement tightens it per change)
     * @param clock     the engine's clock (bake times, leases)
     * @param replica   this server's name in the lease table, unique per process
     * @param tickEvery how often the driver looks for due steps
     * @param leaseTtl  how long this replica's lease on a rollout lasts without renewal
     */
    public record Settings(RolloutPolicy policy, Clock clock, String replica, Duration tickEvery, Duration leaseTtl) {
        public Settings {
            Objects.requireNonNull(policy, "policy");
            Objects.requireNonNull(clock, "clock");
            Objects.requireNonNull(replica, "replica");
            if (tickEvery.isNegative() || tickEvery.isZero()) throw new IllegalArgumentException("tickEvery must be positive");
            if (leaseTtl.isNegative() || leaseTtl.isZero()) throw new IllegalArgumentException("leaseTtl must be positive");
        }

        /** Default policy, the system clock, a random replica name, a tick a second, 30-second leases. */
        public static Settings defaults() {
            return new Settings(RolloutPolicy.defaults(), Clock.systemUTC(), Tokens.randomId("replica-"),
                    Duration.ofSeconds(1), Duration.ofSeconds(30));
        }
    }

    record StartBody(String changeId) {
    }

    record ReasonBody(String reason) {
    }

    record CommentBody(String comment) {
    }

    private final RolloutStore store;
    private final RolloutExecutor executor;
    private final MetricsSource metrics;
    private final WaveJudge judge;
    private final Settings settings;
    private RolloutEngine engine;
    private RolloutCommands commands;
    private RolloutService service;
    private ScheduledExecutorService driver;
    private ServerContext server;

    public RolloutExtension(RolloutStore store, RolloutExecutor executor, MetricsSource metrics, WaveJudge judge,
                            Settings settings) {
        this.store = Objects.requireNonNull(store, "store");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.judge = Objects.requireNonNull(judge, "judge");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    @Override
    public void register(ServerContext s) {
        this.server = s;
        engine = new RolloutEngine(store, executor, metrics, judge, settings.clock(), settings.replica(), settings.leaseTtl());
        commands = new RolloutCommands(store, settings.clock(), () -> Tokens.randomId("ro_"));
        service = new RolloutService(s.controlPlane(), commands, settings.policy());
        String v1 = "/api/v1";
        s.route(HandlerType.POST, v1 + "/rollouts", Access.AUTHENTICATED, guarded(this::start));
        s.route(HandlerType.GET, v1 + "/rollouts", Access.AUTHENTICATED, guarded(this::list));
        s.route(HandlerType.GET, v1 + "/rollouts/{id}", Access.AUTHENTICATED, guarded(this::get));
        s.route(HandlerType.POST, v1 + "/rollouts/{id}/pause", Access.AUTHENTICATED,
                guarded(ctx -> json(ctx, 200, view(commands.pause(server.principal(ctx), ctx.pathParam("id"), reason(ctx))))));
        s.route(HandlerType.POST, v1 + "/rollouts/{id}/resume", Access.AUTHENTICATED,
                guarded(ctx -> json(ctx, 200, view(commands.resume(server.principal(ctx), ctx.pathParam("id"))))));
        s.route(HandlerType.POST, v1 + "/rollouts/{id}/abort", Access.AUTHENTICATED,
                guarded(ctx -> json(ctx, 200, view(commands.abort(server.principal(ctx), ctx.pathParam("id"), reason(ctx))))));
        s.route(HandlerType.POST, v1 + "/rollouts/{id}/promote", Access.AUTHENTICATED,
                guarded(ctx -> json(ctx, 200, view(commands.promote(server.principal(ctx), ctx.pathParam("id"), comment(ctx))))));
        s.route(HandlerType.POST, v1 + "/rollouts/{id}/rollback", Access.AUTHENTICATED,
                guarded(ctx -> json(ctx, 200, view(commands.rollback(server.principal(ctx), ctx.pathParam("id"), reason(ctx))))));
        new WaveSamples(store, metrics, judge, settings.clock()).register(s);
        s.route(HandlerType.GET, v1 + "/emergency-stop", Access.AUTHENTICATED, guarded(this::stopStatus));
        s.route(HandlerType.POST, v1 + "/emergency-stop", Access.AUTHENTICATED, guarded(this::stop));
        s.route(HandlerType.DELETE, v1 + "/emergency-stop", Access.ADMIN, guarded(ctx -> {
            commands.clearEmergencyStop(server.principal(ctx), reason(ctx));
            stopStatus(ctx);
        }));
        driver = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon().name("blastwall-rollout-driver")
                .unstarted(r));
        long every = settings.tickEvery().toMillis();
        driver.scheduleWithFixedDelay(this::tick, every, every, TimeUnit.MILLISECONDS);
    }

    /** Drives every active rollout once now (the scheduler does this every tick). Returns the steps written. */
    public int tick() {
        try {
            return engine.tick();
        } catch (RuntimeException e) {
            // a database outage or an executor bug must not kill the driver: nothing was promoted, retry next tick
            LOG.atWarn().setCause(e).addKeyValue("replica", settings.replica()).log("rollout driver tick failed");
            return 0;
        }
    }

    @Override
    public void close() {
        if (driver == null) return;
        driver.shutdown();
        try {
            if (!driver.awaitTermination(10, TimeUnit.SECONDS)) driver.shutdownNow();
        } catch (InterruptedException e) {
            driver.shutdownNow();
            Thread.currentThread().interrupt();
        }
        try {
            engine.releaseLeases(); // another replica may take over at once instead of after the lease expires
        } catch (RuntimeException e) {
            LOG.atWarn().setCause(e).log("could not release rollout leases; they expire on their own");
        }
        engine.close();
    }

    private void start(Context ctx) {
        byte[] body = ctx.bodyAsBytes();
        StartBody b = Json.request(body, StartBody.class);
        if (b.changeId() == null || b.changeId().isBlank()) {
            throw new BadInputException(SourceLocation.of("request", 0, "$.changeId"), "is required: the id of an approved change");
        }
        Rollout r = service.start(server.principal(ctx), b.changeId().strip());
        ctx.header("Location", "/api/v1/rollouts/" + r.id());
        json(ctx, 201, view(r));
    }

    private void list(Context ctx) {
        String state = ctx.queryParam("state");
        boolean all = "all".equals(state);
        if (state != null && !all && !"active".equals(state)) {
            throw new BadInputException(SourceLocation.of("request", 0, "?state"), "expected active or all, was '" + state + "'");
        }
        List<Object> out = new ArrayList<>();
        for (Rollout r : store.listRollouts(!all)) out.add(RolloutViews.summary(r));
        json(ctx, 200, ordered("rollouts", out, "count", out.size(),
                "emergencyStop", store.emergencyStop().map(RolloutViews::stop).orElse(null)));
    }

    private void get(Context ctx) {
        String id = ctx.pathParam("id");
        json(ctx, 200, view(store.findRollout(id).orElseThrow(() -> new RecordNotFoundException("rollout", id))));
    }

    private void stopStatus(Context ctx) {
        json(ctx, 200, store.emergencyStop().map(RolloutViews::stop).orElse(ordered("active", false)));
    }

    private void stop(Context ctx) {
        byte[] body = ctx.bodyAsBytes();
        String reason = body.length == 0 ? "" : Json.request(body, ReasonBody.class).reason();
        if (reason == null || reason.isBlank()) {
            throw new BadInputException(SourceLocation.of("request", 0, "$.reason"), "is required: say why every rollout is stopped");
        }
        List<Object> halted = new ArrayList<>();
        for (Rollout r : commands.emergencyStop(server.principal(ctx), reason)) halted.add(r.id());
        json(ctx, 200, ordered("emergencyStop", store.emergencyStop().map(RolloutViews::stop).orElse(null), "halted", halted));
    }

    private Object view(Rollout r) {
        return RolloutViews.rollout(r, store.emergencyStop());
    }

    private static String reason(Context ctx) {
        byte[] body = ctx.bodyAsBytes();
        return body.length == 0 ? "" : Json.request(body, ReasonBody.class).reason();
    }

    private static String comment(Context ctx) {
        byte[] body = ctx.bodyAsBytes();
        return body.length == 0 ? "" : Json.request(body, CommentBody.class).comment();
    }

    /** The engine's refusals as the server's problem types: 403 for who-may rules, 409 for state rules. */
    private static Handler guarded(Handler h) {
        return ctx -> {
            try {
                h.handle(ctx);
            } catch (RolloutRefusedException e) {
                throw new RefusedException(FORBIDDEN_RULES.contains(e.rule()) ? RefusedException.Kind.FORBIDDEN
                        : RefusedException.Kind.STALE, e.rule(), e.getMessage());
            } catch (StaleRolloutException e) {
                throw new RefusedException(RefusedException.Kind.STALE, "concurrent-modification", e.getMessage());
            }
        };
    }

    private static void json(Context ctx, int status, Object body) {
        ctx.status(status).contentType("application/json").result(Json.write(body, false));
    }
}
