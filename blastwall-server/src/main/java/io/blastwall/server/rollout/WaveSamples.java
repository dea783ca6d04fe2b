package io.blastwall.server.rollout;

import io.blastwall.core.BadInputException;
import io.blastwall.core.SourceLocation;
import io.blastwall.core.controlplane.RefusedException;
import io.blastwall.core.rollout.MetricQuery;
import io.blastwall.core.rollout.MetricsSource;
import io.blastwall.core.rollout.Rollout;
import io.blastwall.core.rollout.RolloutStore;
import io.blastwall.core.rollout.RolloutTarget;
import io.blastwall.core.rollout.Wave;
import io.blastwall.core.rollout.WaveJudge;
import io.blastwall.core.rollout.WaveStatus;
import io.blastwall.core.store.RecordNotFoundException;
import io.blastwall.server.Json;
import io.blastwall.server.ServerContext;
import io.blastwall.server.ServerContext.Access;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import static io.blastwall.server.rollout.RolloutViews.ordered;

/**
 * {@code GET /api/v1/rollouts/{id}/waves/{n}/samples}: the canary and baseline series of each of the judge's metrics
 * over an applied wave's bake window, re-read from the server's {@link MetricsSource}, for the console's charts.
 *
 * <p>Canary and baseline are chosen exactly as {@code RolloutEngine} chooses them: the canary is the wave's targets;
 * the baseline is the targets of the later waves (not yet changed at that wave), or, for the last wave, which has
 * none, the same targets over an equally long window just before the apply (its points are then shifted forward by
 * the window so both series share the time axis; {@code baseline.shiftSeconds} says by how much).
 *
 * <p>The port returns values without timestamps (and skips steps without traffic), so the window is cut into at most
 * {@link #MAX_POINTS} buckets, each a whole number of metric steps, and each bucket is one query whose finite values
 * are averaged into one point at the bucket's start. A bucket without data gives no point: a gap, never a zero. That
 * bounds both the answer and the load on the source ({@code metrics × 2 × MAX_POINTS} queries at most). When the
 * source cannot answer, {@code MetricsUnavailableException} propagates and the server answers 503
 * {@code metrics-unavailable}: never an empty success that would look healthy.
 *
 * <p>Stateless apart from its collaborators; thread-safe as far as store and source are.
 */
final class WaveSamples {

    /** Points per series at most: enough for a readable line, few enough to keep Prometheus load bounded. */
    static final int MAX_POINTS = 30;

    private final RolloutStore store;
    private final MetricsSource metrics;
    private final WaveJudge judge;
    private final Clock clock;

    WaveSamples(RolloutStore store, MetricsSource metrics, WaveJudge judge, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.judge = Objects.requireNonNull(judge, "judge");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    void register(ServerContext s) {
        s.route(HandlerType.GET, "/api/v1/rollouts/{id}/waves/{n}/samples", Access.AUTHENTICATED, this::get);
    }

    private void get(Context ctx) {
        String id = ctx.pathParam("id");
        Rollout r = store.findRollout(id).orElseThrow(() -> new RecordNotFoundException("rollout", id));
        int n = waveNumber(ctx.pathParam("n"), r.plan().size());
        ctx.status(200).contentType("application/json").result(Json.write(samples(r, n, clock.instant()), false));
    }

    private static int waveNumber(String raw, int waves) {
        int n;
        try {
            n = Integer.parseInt(raw);
        } catch (NumberFormatException e) {
            n = 0;
        }
        if (n < 1 || n > waves) {
            throw new BadInputException(SourceLocation.of("request", 0, "/waves/{n}"),
                    "expected a wave number from 1 to " + waves + ", was '" + raw + "'");
        }
        return n;
    }

    Map<String, Object> samples(Rollout r, int n, Instant now) {
        Wave wave = r.plan().get(n - 1);
        WaveStatus status = r.waves().get(n - 1);
        Instant from = status.appliedAt();
        if (from == null) {
            throw new RefusedException(RefusedException.Kind.STALE, "wave-not-applied", "wave " + n + " of rollout "
                    + r.id() + " has not been applied (it is " + status.phase().externalName() + "), so it has no samples yet");
        }
        Instant to = status.bakeUntil() == null || status.bakeUntil().isAfter(now) ? now : status.bakeUntil();
        List<RolloutTarget> later = new ArrayList<>();
        for (Wave x : r.plan().subList(n, r.plan().size())) later.addAll(x.targets());
        Duration window = to.isAfter(from) ? Duration.between(from, to) : Duration.ZERO;
        Duration shift = later.isEmpty() ? window : Duration.ZERO;
        List<RolloutTarget> baseTargets = later.isEmpty() ? wave.targets() : later;
        Duration step = r.policy().metricStep();
        Duration bucket = bucket(window, step);
        Map<String, Object> series = new LinkedHashMap<>();
        for (String m : judge.metrics()) {
            series.put(m, ordered(
                    "canary", points(m, MetricQuery.Role.CANARY, wave.targets(), from, to, bucket, step, Duration.ZERO),
                    "baseline", points(m, MetricQuery.Role.BASELINE, baseTargets, from, to, bucket, step, shift)));
        }
        return ordered("rollout", r.id(), "wave", n, "phase", status.phase().externalName(),
                "window", ordered("from", from.toString(), "to", to.toString()), "stepSeconds", step.toSeconds(),
                "bucketSeconds", bucket.toSeconds(), "source", metrics.describe(),
                "baseline", ordered("kind", later.isEmpty() ? "before-apply" : "later-waves", "targets", baseTargets.size(),
                        "shiftSeconds", shift.toSeconds()),
                "canaryTargets", wave.targets().size(), "metrics", series,
                "verdict", status.verdict() == null ? null : RolloutViews.verdict(status.verdict()));
    }

    /** A whole number of steps, so that every bucket holds at most {@link #MAX_POINTS} of them in the window. */
    static Duration bucket(Duration window, Duration step) {
        long steps = Math.max(1, (window.toMillis() + step.toMillis() - 1) / step.toMillis());
        long perBucket = (steps + MAX_POINTS - 1) / MAX_POINTS;
        return step.multipliedBy(perBucket);
    }

    /** {@code [[epochSeconds, mean]…]} over [from, to): one query per bucket; buckets without finite data are gaps. */
    private List<Object> points(String metric, MetricQuery.Role role, List<RolloutTarget> targets, Instant from, Instant to,
                                Duration bucket, Duration step, Duration shift) {
        List<Object> out = new ArrayList<>();
        for (Instant a = from; a.isBefore(to); a = a.plus(bucket)) { // at most MAX_POINTS buckets: see bucket()
            Instant b = a.plus(bucket).isAfter(to) ? to : a.plus(bucket);
            double[] v = metrics.fetch(new MetricQuery(metric, role, targets, a.minus(shift), b.minus(shift), step));
            double sum = 0;
            int count = 0;
            if (v != null) {
                for (double x : v) {
                    if (Double.isFinite(x)) {
                        sum += x;
                        count++;
                    }
                }
            }
            if (count > 0) out.add(List.of(a.toEpochMilli() / 1000.0, sum / count));
        }
        return out;
    }
}
