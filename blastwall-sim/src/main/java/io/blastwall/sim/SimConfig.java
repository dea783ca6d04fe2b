package io.blastwall.sim;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * The knobs of a {@link Simulation}; {@link #defaults()} gives a realistic estate, the {@code with…} methods change one
 * knob each. See docs/simulator.md for the model each knob belongs to.
 *
 * <p>Immutable.
 *
 * @param tick               length of one simulation step (1 s by default); every per-tick quantity is sampled once
 * @param userRate           user requests per second entering the estate at load factor 1, split over entry points by
 *                           trafficWeight; NaN = the sum of the entry points' declared peakLoad
 * @param load               share of the peak offered over the day
 * @param retry              how clients retry failed calls
 * @param callTimeout        a caller gives up on a call (and counts it failed) after this long
 * @param maxQueueTime       a server rejects requests once its queue holds this much work
 * @param baseErrorRate      each component's own error rate when healthy
 * @param latencyJitter      standard deviation of the slow (AR(1), ~1 min) noise on each cell's log service time
 * @param errorJitter        standard deviation of the slow noise on each cell's log error rate
 * @param zoneSkew           standard deviation of the fixed per-cell offset of log service time (zones differ a bit)
 * @param concurrencyHeadroom a server's worker pool holds this many times the concurrency it needs at nominal
 *                           latency; when calls slow beyond that, its throughput falls (how slowness cascades upward)
 * @param ejectErrorRate     a zone whose failure rate (smoothed over ~10 s) exceeds this is taken out of rotation
 * @param ejectFor           how long an ejected zone stays out before it is tried again
 * @param seriesResolution   resolution of the retained per-target series the metrics source reads; a multiple of tick
 * @param retention          how much series history is kept
 * @param histograms         whether to keep latency histograms for the Prometheus exposition (off saves time in
 *                           harnesses that only read the metrics source)
 * @param serviceTimes       per node id, its own service time when idle, overriding the default of its kind
 * @param warmUp             how freshly (re)started instances are slower (cold caches, JIT); {@link WarmUp#NONE} by
 *                           default
 */
public record SimConfig(Duration tick, double userRate, LoadProfile load, RetryPolicy retry, Duration callTimeout,
                        Duration maxQueueTime, double baseErrorRate, double latencyJitter, double errorJitter,
                        double zoneSkew, double concurrencyHeadroom, double ejectErrorRate, Duration ejectFor,
                        Duration seriesResolution, Duration retention, boolean histograms,
                        Map<String, Duration> serviceTimes, WarmUp warmUp) {

    public SimConfig {
        positive(tick, "tick");
        if (tick.toNanos() % 1_000_000 != 0) throw new IllegalArgumentException("tick must be a whole number of milliseconds");
        if (!(Double.isNaN(userRate) || userRate >= 0) || Double.isInfinite(userRate)) {
            throw new IllegalArgumentException("userRate must be >= 0 or NaN, was " + userRate);
        }
        Objects.requireNonNull(load, "load");
        Objects.requireNonNull(retry, "retry");
        positive(callTimeout, "callTimeout");
        positive(maxQueueTime, "maxQueueTime");
        unit(baseErrorRate, "baseErrorRate");
        nonNegative(latencyJitter, "latencyJitter");
        nonNegative(errorJitter, "errorJitter");
        nonNegative(zoneSkew, "zoneSkew");
        if (!(concurrencyHeadroom >= 1)) throw new IllegalArgumentException("concurrencyHeadroom must be >= 1");
        unit(ejectErrorRate, "ejectErrorRate");
        positive(ejectFor, "ejectFor");
        positive(seriesResolution, "seriesResolution");
        if (seriesResolution.toMillis() % tick.toMillis() != 0) {
            throw new IllegalArgumentException("seriesResolution (" + seriesResolution + ") must be a multiple of tick (" + tick + ")");
        }
        positive(retention, "retention");
        if (retention.compareTo(seriesResolution) < 0) throw new IllegalArgumentException("retention must be >= seriesResolution");
        serviceTimes = Map.copyOf(serviceTimes);
        serviceTimes.forEach((k, v) -> positive(v, "serviceTimes." + k));
        Objects.requireNonNull(warmUp, "warmUp");
    }

    /**
     * After a cell changes version its own service time is {@code slowdown} times longer, falling linearly back to
     * normal over {@code duration}: a source of canary noise every good deploy has. Immutable.
     */
    public record WarmUp(Duration duration, double slowdown) {
        /** No warm-up: a new version is at full speed at once. */
        public static final WarmUp NONE = new WarmUp(Duration.ZERO, 1);

        public WarmUp {
            Objects.requireNonNull(duration, "duration");
            if (duration.isNegative()) throw new IllegalArgumentException("warm-up duration must not be negative");
            if (!(slowdown >= 1) || Double.isInfinite(slowdown)) throw new IllegalArgumentException("warm-up slowdown must be >= 1, was " + slowdown);
        }
    }

    /** 1 s ticks, 60 % of peak load, 2 retries with backoff and budget, 1 s call timeout, mild noise. */
    public static SimConfig defaults() {
        return new SimConfig(Duration.ofSeconds(1), Double.NaN, new LoadProfile.Constant(0.6), RetryPolicy.exponentialBackoff(2),
                Duration.ofSeconds(1), Duration.ofSeconds(2), 0.001, 0.05, 0.2, 0.03, 3, 0.5, Duration.ofSeconds(30),
                Duration.ofSeconds(10), Duration.ofHours(6), true, Map.of(), WarmUp.NONE);
    }

    public SimConfig withTick(Duration t) {
        return new SimConfig(t, userRate, load, retry, callTimeout, maxQueueTime, baseErrorRate, latencyJitter, errorJitter,
                zoneSkew, concurrencyHeadroom, ejectErrorRate, ejectFor, seriesResolution, retention, histograms, serviceTimes, warmUp);
    }

    public SimConfig withUserRate(double r) {
        return new SimConfig(tick, r, load, retry, callTimeout, maxQueueTime, baseErrorRate, latencyJitter, errorJitter,
                zoneSkew, concurrencyHeadroom, ejectErrorRate, ejectFor, seriesResolution, retention, histograms, serviceTimes, warmUp);
    }

    public SimConfig withLoad(LoadProfile l) {
        return new SimConfig(tick, userRate, l, retry, callTimeout, maxQueueTime, baseErrorRate, latencyJitter, errorJitter,
                zoneSkew, concurrencyHeadroom, ejectErrorRate, ejectFor, seriesResolution, retention, histograms, serviceTimes, warmUp);
    }

    public SimConfig withRetry(RetryPolicy r) {
        return new SimConfig(tick, userRate, load, r, callTimeout, maxQueueTime, baseErrorRate, latencyJitter, errorJitter,
                zoneSkew, concurrencyHeadroom, ejectErrorRate, ejectFor, seriesResolution, retention, histograms, serviceTimes, warmUp);
    }

    public SimConfig withCallTimeout(Duration t) {
        return new SimConfig(tick, userRate, load, retry, t, maxQueueTime, baseErrorRate, latencyJitter, errorJitter,
                zoneSkew, concurrencyHeadroom, ejectErrorRate, ejectFor, seriesResolution, retention, histograms, serviceTimes, warmUp);
    }

    public SimConfig withBaseErrorRate(double r) {
        return new SimConfig(tick, userRate, load, retry, callTimeout, maxQueueTime, r, latencyJitter, errorJitter,
                zoneSkew, concurrencyHeadroom, ejectErrorRate, ejectFor, seriesResolution, retention, histograms, serviceTimes, warmUp);
    }

    /** Sets the three noise levels at once (0, 0, 0 = no noise but Poisson arrivals and binomial errors). */
    public SimConfig withNoise(double latency, double errors, double skew) {
        return new SimConfig(tick, userRate, load, retry, callTimeout, maxQueueTime, baseErrorRate, latency, errors,
                skew, concurrencyHeadroom, ejectErrorRate, ejectFor, seriesResolution, retention, histograms, serviceTimes, warmUp);
    }

    public SimConfig withEjection(double errorRate, Duration forHowLong) {
        return new SimConfig(tick, userRate, load, retry, callTimeout, maxQueueTime, baseErrorRate, latencyJitter, errorJitter,
                zoneSkew, concurrencyHeadroom, errorRate, forHowLong, seriesResolution, retention, histograms, serviceTimes, warmUp);
    }

    public SimConfig withSeries(Duration resolution, Duration keep) {
        return new SimConfig(tick, userRate, load, retry, callTimeout, maxQueueTime, baseErrorRate, latencyJitter, errorJitter,
                zoneSkew, concurrencyHeadroom, ejectErrorRate, ejectFor, resolution, keep, histograms, serviceTimes, warmUp);
    }

    public SimConfig withHistograms(boolean on) {
        return new SimConfig(tick, userRate, load, retry, callTimeout, maxQueueTime, baseErrorRate, latencyJitter, errorJitter,
                zoneSkew, concurrencyHeadroom, ejectErrorRate, ejectFor, seriesResolution, retention, on, serviceTimes, warmUp);
    }

    public SimConfig withServiceTimes(Map<String, Duration> times) {
        return new SimConfig(tick, userRate, load, retry, callTimeout, maxQueueTime, baseErrorRate, latencyJitter, errorJitter,
                zoneSkew, concurrencyHeadroom, ejectErrorRate, ejectFor, seriesResolution, retention, histograms, times, warmUp);
    }

    public SimConfig withWarmUp(WarmUp w) {
        return new SimConfig(tick, userRate, load, retry, callTimeout, maxQueueTime, baseErrorRate, latencyJitter, errorJitter,
                zoneSkew, concurrencyHeadroom, ejectErrorRate, ejectFor, seriesResolution, retention, histograms, serviceTimes, w);
    }

    private static void positive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) throw new IllegalArgumentException(name + " must be positive, was " + d);
    }

    private static void nonNegative(double v, String name) {
        if (!(v >= 0) || Double.isInfinite(v)) throw new IllegalArgumentException(name + " must be a finite number >= 0, was " + v);
    }

    private static void unit(double v, String name) {
        if (!(v >= 0 && v <= 1)) throw new IllegalArgumentException(name + " must be within 0..1, was " + v);
    }
}
