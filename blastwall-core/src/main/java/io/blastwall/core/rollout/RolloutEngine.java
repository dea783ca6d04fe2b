package io.blastwall.core.rollout;

import io.blastwall.core.store.StaleStateException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static io.blastwall.core.rollout.RolloutWrites.SYSTEM;
import static io.blastwall.core.rollout.RolloutWrites.ordered;
import static io.blastwall.core.rollout.RolloutWrites.save;

/**
 * Drives rollouts forward, one persisted step at a time: apply a wave through the {@link RolloutExecutor}, bake it
 * (by the injected clock), fetch canary and baseline metrics, judge, then promote the next wave, complete, halt, or
 * roll back — and reverse applied waves, newest first, when rolling back.
 *
 * <p>Every step is written (with its idempotency key and a ledger entry) before the executor is called, and the
 * outcome is written after; so after a crash or on another replica the engine repeats exactly the step that was
 * started (the executor replays it) and never applies a finished wave again. Before each step the engine takes or
 * renews the rollout's lease; a write by a replica that lost its lease fails ({@link LeaseLostException}).
 *
 * <p>There is no thread inside: {@link #tick()} does what is due now, so tests run in virtual time by moving the clock;
 * a server calls it from one scheduler thread. Thread-safe as far as the store is (two engines on one store coordinate
 * through the lease and compare-and-set).
 */
public final class RolloutEngine implements AutoCloseable {

    /** Extra time granted to an executor beyond its step timeout before the engine gives up waiting. */
    static final Duration GRACE = Duration.ofSeconds(2);
    /** Safety bound on steps per rollout per tick (each step is a write, so a loop would show in the ledger). */
    static final int MAX_STEPS = 1000;

    private final RolloutStore store;
    private final RolloutExecutor executor;
    private final MetricsSource metrics;
    private final WaveJudge judge;
    private final Clock clock;
    private final String replica;
    private final Duration leaseTtl;
    private final ExecutorService calls = Executors.newVirtualThreadPerTaskExecutor();

    /**
     * @param replica  this engine's name in the lease table (unique per server process)
     * @param leaseTtl how long a lease lasts without renewal (plus the step timeout while an executor step runs)
     */
    public RolloutEngine(RolloutStore store, RolloutExecutor executor, MetricsSource metrics, WaveJudge judge,
                         Clock clock, String replica, Duration leaseTtl) {
        this.store = Objects.requireNonNull(store, "store");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.judge = Objects.requireNonNull(judge, "judge");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.replica = Objects.requireNonNull(replica, "replica");
        this.leaseTtl = Objects.requireNonNull(leaseTtl, "leaseTtl");
    }

    public String replica() {
        return replica;
    }

    /**
     * Drives every active rollout as far as it can go now. Returns the number of steps written. A failure on one
     * rollout (the database, a bug) does not keep the others from being driven; the first one is rethrown at the end.
     */
    public int tick() {
        int steps = 0;
        RuntimeException first = null;
        for (Rollout r : store.listRollouts(true)) {
            try {
                steps += drive(r.id());
            } catch (RuntimeException e) {
                if (first == null) first = e;
                else first.addSuppressed(e);
            }
        }
        if (first != null) throw first;
        return steps;
    }

    /** Drives one rollout as far as it can go now; returns the number of steps written. */
    public int drive(String rolloutId) {
        int n = 0;
        while (n < MAX_STEPS && step(rolloutId)) n++;
        return n;
    }

    /** Releases the leases this engine holds (a clean shutdown; a crash leaves them to expire). */
    public void releaseLeases() {
        for (Rollout r : store.listRollouts(true)) {
            store.inTransaction(tx -> {
                tx.releaseLease(r.id(), replica);
                return null;
            });
        }
    }

    @Override
    public void close() {
        calls.shutdownNow();
    }

    /** One step; false when nothing is due (waiting, paused, terminal, or another replica drives it). */
    boolean step(String id) {
        Rollout r = store.findRollout(id).orElse(null);
        if (r == null || (r.state() != RolloutState.RUNNING && r.state() != RolloutState.ROLLING_BACK)) return false;
        Instant now = clock.instant();
        Duration ttl = leaseTtl.plus(r.policy().stepTimeout()).plus(GRACE);
        if (!store.inTransaction(tx -> tx.acquireLease(id, replica, now, ttl))) return false;
        try {
            return r.state() == RolloutState.RUNNING ? forward(r) : backward(r);
        } catch (StaleRolloutException | StaleStateException e) {
            return true; // an operator or another replica wrote first: read again and decide anew
        } catch (LeaseLostException e) {
            return false;
        } catch (RolloutRefusedException e) {
            if (!e.rule().equals("emergency-stop")) throw e;
            return halt(store.findRollout(id).orElseThrow(), e.getMessage());
        }
    }

    private boolean forward(Rollout r) {
        Optional<EmergencyStop> stop = store.emergencyStop();
        if (stop.isPresent()) {
            return halt(r, "emergency stop by " + stop.get().by() + (stop.get().reason().isEmpty() ? "" : ": " + stop.get().reason()));
        }
        WaveStatus w = r.status();
        return switch (w.phase()) {
            case PENDING -> {
                String key = key(r, w, "apply");
                Rollout next = write(r, r.withWave(w.applying(key)), "rollout.wave.applying", ordered(
                        "wave", RolloutWrites.wave(r.wave()), "idempotencyKey", key, "executor", executor.name()), true);
                apply(next);
                yield true;
            }
            case APPLYING -> {
                apply(r); // started before a crash or a takeover: the executor replays a finished key
                yield true;
            }
            case BAKING -> bake(r);
            case PASSED -> {
                promoteFrom(r, r.status(), SYSTEM, "rollout.wave.passed", Map.of());
                yield true;
            }
            case FAILED -> {
                fail(r, w, "wave " + w.number() + " had failed: " + w.detail());
                yield true;
            }
            case ROLLING_BACK, ROLLED_BACK -> {
                write(r, r.withState(RolloutState.ROLLING_BACK, "wave " + w.number() + " was being rolled back"),
                        "rollout.rolling-back", Map.of(), false);
                yield true;
            }
        };
    }

    private void apply(Rollout r) {
        WaveStatus w = r.status();
        Wave wave = r.wave();
        ExecutionStep step = new ExecutionStep(r.changeId(), r.revision(), r.contentHash(), wave.number(), wave.targets(),
                w.applyKey(), r.policy().stepTimeout());
        StepOutcome out = call(() -> executor.apply(step), step);
        Instant now = clock.instant();
        Map<String, Object> p = ordered("idempotencyKey", step.idempotencyKey(), "executor", executor.name(),
                "succeeded", out.succeeded(), "replayed", out.replayed(), "detail", out.detail());
        if (out.succeeded()) {
            write(r, r.withWave(w.baking(now, now.plus(wave.bake()), out.detail())), "rollout.wave.applied",
                    with(p, "bakeUntil", now.plus(wave.bake()).toString()), false);
        } else {
            Rollout failed = failed(r, w.with(WaveStatus.Phase.FAILED, "apply failed: " + out.detail()),
                    "wave " + w.number() + " could not be applied: " + out.detail());
            write(r, failed, "rollout.wave.apply-failed", with(p, "output", tail(out.output())), false);
        }
    }

    private boolean bake(Rollout r) {
        WaveStatus w = r.status();
        Instant now = clock.instant();
        // a clock that went backwards only makes the bake longer: never judge before the deadline or the apply
        if (now.isBefore(w.bakeUntil()) || !now.isAfter(w.appliedAt())) return false;
        WaveVerdict v;
        try {
            Samples s = fetch(r, now);
            if (!s.missing().isEmpty()) {
                return halt(r, "the metrics source " + metrics.describe() + " returned no data for "
                        + String.join(", ", s.missing()) + "; a wave is never promoted on missing data");
            }
            v = judge.judge(s.baseline(), s.canary());
        } catch (MetricsUnavailableException e) {
            return halt(r, "the metrics source " + metrics.describe() + " is unavailable (" + e.getMessage()
                    + "); a wave is never promoted on missing data");
        }
        Map<String, Object> p = ordered("verdict", RolloutWrites.verdict(v), "window",
                ordered("from", w.appliedAt().toString(), "to", now.toString()));
        String reasons = v.reasons().isEmpty() ? "" : ": " + String.join("; ", v.reasons());
        switch (v.outcome()) {
            case PASS -> promoteFrom(r, w.judged(WaveStatus.Phase.PASSED, v, "canary analysis passed"), SYSTEM,
                    "rollout.wave.passed", p);
            case MARGINAL -> write(r, r.withWave(w.judged(WaveStatus.Phase.BAKING, v, "marginal"))
                    .withState(RolloutState.HALTED, "wave " + w.number() + " was marginal in canary analysis" + reasons
                            + "; promote it by hand, resume to watch it longer, or roll back"), "rollout.wave.judged", p, false);
            case FAIL -> write(r, failed(r, w.judged(WaveStatus.Phase.FAILED, v, "failed canary analysis"),
                    "wave " + w.number() + " failed canary analysis" + reasons), "rollout.wave.judged", p, false);
            case INSUFFICIENT_DATA -> {
                if (now.isBefore(w.bakeUntil().plus(r.policy().maxWaitForData()))) return false; // wait for samples
                write(r, r.withWave(w.judged(WaveStatus.Phase.BAKING, v, "insufficient data"))
                        .withState(RolloutState.HALTED, "wave " + w.number() + " still had too few samples "
                                + r.policy().maxWaitForData().toSeconds() + " s after its bake" + reasons
                                + "; it was not promoted"), "rollout.wave.judged", p, false);
            }
        }
        return true;
    }

    private record Samples(Map<String, double[]> baseline, Map<String, double[]> canary, List<String> missing) {
    }

    /**
     * Canary: the wave's targets since it was applied. Baseline: the targets not yet changed (later waves); for the
     * last wave, which has none, the same targets over an equally long window just before the apply.
     */
    private Samples fetch(Rollout r, Instant now) {
        Wave wave = r.wave();
        Instant applied = r.status().appliedAt();
        List<RolloutTarget> later = new ArrayList<>();
        for (Wave x : r.plan().subList(r.currentWave(), r.plan().size())) later.addAll(x.targets());
        Duration window = Duration.between(applied, now);
        Map<String, double[]> base = new LinkedHashMap<>();
        Map<String, double[]> canary = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        for (String m : judge.metrics()) {
            double[] c = metrics.fetch(new MetricQuery(m, MetricQuery.Role.CANARY, wave.targets(), applied, now,
                    r.policy().metricStep()));
            double[] b = later.isEmpty()
                    ? metrics.fetch(new MetricQuery(m, MetricQuery.Role.BASELINE, wave.targets(), applied.minus(window),
                    applied, r.policy().metricStep()))
                    : metrics.fetch(new MetricQuery(m, MetricQuery.Role.BASELINE, later, applied, now, r.policy().metricStep()));
            if (c == null || c.length == 0) missing.add(m + " (canary)");
            if (b == null || b.length == 0) missing.add(m + " (baseline)");
            canary.put(m, c == null ? new double[0] : c);
            base.put(m, b == null ? new double[0] : b);
        }
        return new Samples(base, canary, missing);
    }

    private boolean backward(Rollout r) {
        int n = 0;
        for (WaveStatus s : r.waves()) if (s.touched() && s.phase() != WaveStatus.Phase.ROLLED_BACK) n = s.number();
        if (n == 0) {
            // keep why it was rolled back: that is what people look for in a finished rollout
            write(r, r.withState(RolloutState.ROLLED_BACK, (r.reason().isEmpty() ? "" : r.reason() + "; ")
                    + "every applied wave was rolled back"), "rollout.rolled-back", Map.of(), false);
            return true;
        }
        WaveStatus w = r.waves().get(n - 1);
        if (w.phase() != WaveStatus.Phase.ROLLING_BACK || w.rollbackKey().isEmpty()) {
            String key = key(r, w, "rollback");
            r = write(r, r.withWave(w.rollingBack(key)), "rollout.wave.rolling-back", ordered(
                    "rolledBackWave", RolloutWrites.wave(r.plan().get(n - 1)), "idempotencyKey", key,
                    "executor", executor.name()), false);
            w = r.waves().get(n - 1);
        }
        Wave wave = r.plan().get(n - 1);
        ExecutionStep step = new ExecutionStep(r.changeId(), r.revision(), r.contentHash(), n, wave.targets(),
                w.rollbackKey(), r.policy().stepTimeout());
        StepOutcome out = call(() -> executor.rollBack(step), step);
        Map<String, Object> p = ordered("rolledBackWave", (long) n, "idempotencyKey", step.idempotencyKey(),
                "executor", executor.name(), "succeeded", out.succeeded(), "replayed", out.replayed(), "detail", out.detail());
        if (out.succeeded()) {
            write(r, r.withWave(w.with(WaveStatus.Phase.ROLLED_BACK, out.detail())), "rollout.wave.rolled-back", p, false);
        } else {
            write(r, r.withWave(w.retry(WaveStatus.Phase.ROLLING_BACK).with(WaveStatus.Phase.ROLLING_BACK,
                            "rollback failed: " + out.detail()))
                    .withState(RolloutState.HALTED, "the rollback of wave " + n + " failed: " + out.detail()
                            + "; resume to retry it"), "rollout.wave.rollback-failed", with(p, "output", tail(out.output())), false);
        }
        return true;
    }

    /** Marks {@code w} passed and moves to the next wave, or completes the rollout after the last. */
    private Rollout promoteFrom(Rollout r, WaveStatus w, String actor, String action, Map<String, Object> payload) {
        Rollout next = r.withWave(w.with(WaveStatus.Phase.PASSED, w.detail()));
        next = r.lastWave()
                ? next.withState(RolloutState.COMPLETED, "every wave passed")
                : next.withCurrentWave(r.currentWave() + 1).withState(RolloutState.RUNNING, "");
        return write(r, next, action, payload, false, actor); // the next wave's apply step checks the emergency stop
    }

    private void fail(Rollout r, WaveStatus w, String reason) {
        write(r, failed(r, w, reason), "rollout.halted", Map.of(), false);
    }

    /** A failed wave: rolled back at once, or halted for an operator, per policy. */
    private static Rollout failed(Rollout r, WaveStatus w, String reason) {
        Rollout next = r.withWave(w);
        return r.policy().autoRollback()
                ? next.withState(RolloutState.ROLLING_BACK, reason + "; rolling back automatically")
                : next.withState(RolloutState.HALTED, reason + "; the policy leaves the rollback to an operator");
    }

    private boolean halt(Rollout r, String reason) {
        write(r, r.withState(RolloutState.HALTED, reason), "rollout.halted", ordered("reason", reason), false);
        return true;
    }

    private Rollout write(Rollout before, Rollout next, String action, Map<String, Object> payload, boolean forward) {
        return write(before, next, action, payload, forward, SYSTEM);
    }

    private Rollout write(Rollout before, Rollout next, String action, Map<String, Object> payload, boolean forward,
                          String actor) {
        Instant now = clock.instant();
        return store.inTransaction(tx -> {
            if (!tx.holdsLease(before.id(), replica, now)) throw new LeaseLostException(before.id(), replica);
            return save(tx, before, next, actor, action, with(payload, "replica", replica), forward, now);
        });
    }

    /** Runs an executor step with its timeout; an exception or a timeout is a failed outcome, never a hang. */
    private StepOutcome call(Callable<StepOutcome> work, ExecutionStep step) {
        Future<StepOutcome> f = calls.submit(work);
        try {
            StepOutcome o = f.get(step.timeout().plus(GRACE).toMillis(), TimeUnit.MILLISECONDS);
            if (calls.isShutdown()) throw closing(step, null);
            return o != null ? o : StepOutcome.failed(executor.name() + " returned no outcome", "");
        } catch (TimeoutException e) {
            f.cancel(true);
            return StepOutcome.failed(executor.name() + " did not finish within " + step.timeout().toSeconds() + " s", "");
        } catch (ExecutionException e) {
            Throwable c = e.getCause() == null ? e : e.getCause();
            // closing the engine interrupts the step: that is this replica going away, not the step failing
            if (calls.isShutdown()) throw closing(step, c);
            return StepOutcome.failed(executor.name() + " failed: " + c, "");
        } catch (InterruptedException e) {
            f.cancel(true);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("the rollout driver was interrupted during step " + step.idempotencyKey()
                    + "; the step stays started and is repeated on resume", e);
        }
    }

    /**
     * The engine was closed while a step ran: its outcome is not recorded (a failure caused by the interruption would
     * roll back a healthy rollout); the step stays started and whichever replica drives the rollout next repeats it
     * under the same idempotency key.
     */
    private static IllegalStateException closing(ExecutionStep step, Throwable cause) {
        return new IllegalStateException("the rollout engine closed during step " + step.idempotencyKey()
                + "; the step stays started and is repeated on resume", cause);
    }

    /** Unique per change, revision, rollout, wave, direction and attempt. */
    static String key(Rollout r, WaveStatus w, String direction) {
        return r.changeId() + "@" + r.revision() + "/" + r.id() + "/wave-" + w.number() + "/" + direction + "/" + w.attempt();
    }

    private static Map<String, Object> with(Map<String, Object> m, String k, Object v) {
        Map<String, Object> out = new LinkedHashMap<>(m);
        out.put(k, v);
        return out;
    }

    private static String tail(String s) {
        return s.length() <= 4000 ? s : "…" + s.substring(s.length() - 4000);
    }
}
