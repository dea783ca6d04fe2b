package io.blastwall.sim;

import java.util.SplittableRandom;

/**
 * The discrete-time model: one {@link #tick()} advances every cell of the estate by {@link SimConfig#tick()}.
 *
 * <p>A tick first draws arrivals (Poisson around the entry points' share of the user rate and the background rate of
 * workers), then walks the nodes callers-first: each caller's requests become calls to its dependencies (binomial or
 * Poisson around the edge's call ratio), and retries of calls that failed are added immediately or, with backoff,
 * scheduled into a ring of later ticks. It then walks dependencies-first, splitting each node's arrivals over its zones
 * in proportion to the instances up in each zone still in rotation, and computing per cell: capacity (instances up,
 * capacity lost, worker pool exhausted by slow calls), utilisation, the queue (it grows while arrivals exceed
 * capacity; requests beyond {@link SimConfig#maxQueueTime} of work are rejected), the median latency (own service
 * time stretched by utilisation, plus queueing, plus the time spent in synchronous calls), and errors (its own error
 * rate, rejections and shed load near saturation, hard dependencies' failures after retries, and, at entry points, the
 * user's timeout) drawn binomially; a failed soft dependency only degrades the answer. A caller sees a call fail when
 * it errs or outlasts {@link SimConfig#callTimeout}. Zones whose smoothed failure exceeds
 * {@link SimConfig#ejectErrorRate} are ejected from rotation for a while (never the last one with capacity).
 *
 * <p>All state lives in primitive arrays; a tick allocates nothing. Not thread-safe: owned by one {@link Simulation}.
 */
final class TickEngine {

    final Topology topo;
    final SimConfig config;
    final SeriesStore series;
    final MetricsBook book = new MetricsBook();
    final RetryModel retries;
    private final SplittableRandom rnd;
    private final double dt;
    private final double timeout;
    private final double lnTimeout;
    private final double[] meanOverMedian; // per node: mean / median of its lognormal latency
    private final double maxQueue;
    private final double latencyKeep;
    private final double latencyKick;
    private final double errorKeep;
    private final double errorKick;
    private final long noiseEvery;         // ticks between updates of the slow noise
    private final double ewmaAlpha;
    private final long ejectTicks;
    private final LatencyHistogram[] histogramOf; // per node
    private final long startEpochSecond;

    long tick;
    double loadOverride = Double.NaN;

    // per node
    final double[] arrivals;
    final double[] retriesIn;
    final double[] failure;        // what callers see per attempt: errors or timeouts
    final double[] latency;        // request-weighted median latency, seconds
    private final double[] nominalBusy;
    final double[] external;       // cumulative user and background requests
    final double[] retriesDelivered;
    final double[] edgeCalls;      // cumulative first attempts per edge

    // per cell
    final double[] cellArrivals;
    final double[] cellRetries;
    final int[] version;
    final long[] deployedAt;
    private final long[] warmUntil;        // tick until which a cell's new instances are still warming up
    private final long warmTicks;
    private final double warmSlowdown;
    final boolean[] zoneDown;
    final long[] ejectedUntil;
    private final double[] backlog;
    private final double[] ewma;
    private final double[] skew;
    private final double[] latencyNoise;
    private final double[] errorNoise;
    private final double[] latencyFactor;  // exp(latencyNoise) × skew, refreshed with the noise
    private final double[] errorFactor;    // exp(errorNoise), refreshed with the noise
    private final double[] busyPrev;
    private final double[] weight;
    private final int[] seriesOf;
    final double[] lastUtilisation;
    final double[] lastLogMedian;   // log of the observed median latency of the last tick with traffic, seconds
    final double[] totalRequests;
    final double[] totalErrors;
    final double[] totalRetries;
    final double[] totalDegraded;

    final VersionTable versions = new VersionTable(); // 0 = what the estate ran when the simulation started

    TickEngine(Topology topo, SimConfig config, long seed, long startEpochSecond) {
        this.topo = topo;
        this.config = config;
        this.rnd = new SplittableRandom(seed);
        this.startEpochSecond = startEpochSecond;
        this.dt = config.tick().toMillis() / 1000.0;
        this.timeout = config.callTimeout().toNanos() / 1e9;
        this.lnTimeout = Math.log(timeout);
        this.maxQueue = config.maxQueueTime().toNanos() / 1e9;
        // the slow noise has a 60 s correlation time: stepping it every ~5 s instead of every tick is indistinguishable
        // and saves two normal draws and two exponentials per cell and tick
        this.noiseEvery = Math.max(1, Math.round(5.0 / dt));
        this.latencyKeep = Math.exp(-dt * noiseEvery / 60.0);
        this.latencyKick = Math.sqrt(1 - latencyKeep * latencyKeep) * config.latencyJitter();
        this.errorKeep = latencyKeep;
        this.errorKick = Math.sqrt(1 - errorKeep * errorKeep) * config.errorJitter();
        this.ewmaAlpha = 1 - Math.exp(-dt / 10.0);
        this.ejectTicks = Math.max(1, config.ejectFor().toMillis() / config.tick().toMillis());
        long slotTicks = config.seriesResolution().toMillis() / config.tick().toMillis();
        int slots = (int) Math.max(2, config.retention().toMillis() / config.seriesResolution().toMillis() + 1);
        this.series = new SeriesStore(topo.cells, slotTicks, slots);
        this.retries = new RetryModel(config.retry(), topo.nodes, dt);
        int n = topo.nodes, c = topo.cells;
        arrivals = new double[n];
        retriesIn = new double[n];
        failure = new double[n];
        latency = new double[n];
        nominalBusy = new double[n];
        external = new double[n];
        retriesDelivered = new double[n];
        edgeCalls = new double[topo.depTarget.length];
        histogramOf = new LatencyHistogram[n];
        meanOverMedian = new double[n];
        for (int b = 0; b < n; b++) meanOverMedian[b] = Math.exp(0.5 * topo.sigma[b] * topo.sigma[b]);
        for (int i = n - 1; i >= 0; i--) {
            int b = topo.order[i];
            double busy = topo.serviceTime[b];
            for (int k = topo.depStart[b]; k < topo.depStart[b + 1]; k++) {
                if (topo.depType[k] != Topology.ASYNC) busy += topo.ratio[k] * Math.min(timeout, latency[topo.depTarget[k]]);
            }
            nominalBusy[b] = busy;
            latency[b] = busy;
            histogramOf[b] = LatencyHistogram.of(topo.sigma[b]);
        }

        cellArrivals = new double[c];
        cellRetries = new double[c];
        version = new int[c];
        deployedAt = new long[c];
        warmUntil = new long[c];
        warmTicks = (long) Math.ceil(config.warmUp().duration().toMillis() / (double) config.tick().toMillis());
        warmSlowdown = config.warmUp().slowdown() - 1;
        zoneDown = new boolean[c];
        ejectedUntil = new long[c];
        backlog = new double[c];
        ewma = new double[c];
        skew = new double[c];
        latencyNoise = new double[c];
        errorNoise = new double[c];
        latencyFactor = new double[c];
        errorFactor = new double[c];
        busyPrev = new double[c];
        weight = new double[c];
        seriesOf = new int[c];
        lastUtilisation = new double[c];
        lastLogMedian = new double[c];
        totalRequests = new double[c];
        totalErrors = new double[c];
        totalRetries = new double[c];
        totalDegraded = new double[c];
        for (int k = 0; k < c; k++) {
            skew[k] = Math.exp(config.zoneSkew() * Sampling.gaussian(rnd));
            latencyNoise[k] = config.latencyJitter() * Sampling.gaussian(rnd);
            errorNoise[k] = config.errorJitter() * Sampling.gaussian(rnd);
            latencyFactor[k] = skew[k] * Math.exp(latencyNoise[k]);
            errorFactor[k] = Math.exp(errorNoise[k]);
            busyPrev[k] = nominalBusy[topo.cellNode[k]];
            lastLogMedian[k] = Math.log(latency[topo.cellNode[k]]);
            seriesOf[k] = book.seriesOf(k, 0);
        }
        addVersion(ChangeBehaviour.GOOD);
        retries.refresh(failure);
    }

    /** Registers a version's behaviour; returns its number. */
    int addVersion(ChangeBehaviour b) {
        return versions.add(b, config.tick().toMillis());
    }

    /** Puts cell {@code c} on version {@code v} from now on (instances restart: the delay clock starts again). */
    void setVersion(int c, int v) {
        version[c] = v;
        deployedAt[c] = tick;
        warmUntil[c] = tick + warmTicks;
        seriesOf[c] = book.seriesOf(c, v);
    }

    double loadFactor() {
        if (!Double.isNaN(loadOverride)) return loadOverride;
        double sod = Math.floorMod(startEpochSecond + (long) Math.floor(tick * dt), 86400L);
        return config.load().factorAt(sod);
    }

    void tick() {
        double lf = loadFactor();
        int slot = retries.slotOf(tick);
        int n = topo.nodes;
        for (int b = 0; b < n; b++) {
            double due = retries.takeDue(b, slot);
            arrivals[b] = due;
            retriesIn[b] = due;
            double ext = Sampling.poisson(rnd, (topo.entryRate[b] + topo.backgroundRate[b]) * lf * dt);
            arrivals[b] += ext;
            external[b] += ext;
        }
        callsDown(slot);
        int row = series.rowFor(tick);
        for (int i = n - 1; i >= 0; i--) serveNode(topo.order[i], row);
        retries.refresh(failure);
        tick++;
    }

    private void callsDown(int slot) {
        for (int idx = 0; idx < topo.nodes; idx++) {
            int a = topo.order[idx];
            double calls = arrivals[a];
            if (calls <= 0) continue;
            for (int k = topo.depStart[a]; k < topo.depStart[a + 1]; k++) {
                int b = topo.depTarget[k];
                double r = topo.ratio[k];
                double first = r == 1 ? calls : r < 1 ? Sampling.binomial(rnd, calls, r) : Sampling.poisson(rnd, calls * r);
                if (first <= 0) continue;
                arrivals[b] += first;
                edgeCalls[k] += first;
                // producers to a queue do not wait for its consumers, so there is nothing to retry
                if (topo.depType[k] == Topology.ASYNC || retries.perCall[b] <= 0) continue;
                double now = retries.retry(rnd, b, first, failure[b], slot);
                arrivals[b] += now;
                retriesIn[b] += now;
            }
        }
    }

    private void serveNode(int b, int row) {
        // what the node's synchronous dependencies cost it this tick
        double survive = 1, intact = 1, depBusy = 0;
        for (int k = topo.depStart[b]; k < topo.depStart[b + 1]; k++) {
            int type = topo.depType[k];
            if (type == Topology.ASYNC) continue;
            int d = topo.depTarget[k];
            double r = topo.ratio[k];
            depBusy += r * Math.min(timeout, latency[d]) * (1 + retries.perCall[d]);
            double ff = retries.finalFailure[d];
            double ok = r < 1 ? 1 - r * ff : r == 1 ? 1 - ff : Math.pow(1 - ff, r);
            if (type == Topology.HARD) survive *= ok; else intact *= ok;
        }
        double depFail = 1 - survive;
        double degradedShare = 1 - intact;   // served, but without what a failed soft dependency adds
        int c0 = topo.cellStart[b], c1 = topo.cellStart[b + 1];
        splitArrivals(b, c0, c1);
        boolean entry = topo.entryRate[b] > 0;
        double sigma = topo.sigma[b];
        double sumN = 0, sumFail = 0, sumLog = 0, sumW = 0, sumWFail = 0, sumWLog = 0;
        boolean noiseStep = tick % noiseEvery == 0;
        for (int c = c0; c < c1; c++) {
            int v = version[c];
            boolean active = tick - deployedAt[c] >= versions.delayTicks[v];
            boolean crash = active && versions.crash[v];
            double up = zoneDown[c] ? 0 : crash ? 0.05 + 0.25 * rnd.nextDouble() : 1;
            double capLoss = active ? versions.capLoss[v] : 0;
            double pool = Math.min(1, config.concurrencyHeadroom() * nominalBusy[b] / busyPrev[c]);
            double mu = topo.cellCapacity[c] * up * (1 - capLoss) * pool;
            double n = cellArrivals[c];
            double lambda = n / dt;
            if (noiseStep) {
                latencyNoise[c] = latencyKeep * latencyNoise[c] + latencyKick * Sampling.gaussian(rnd);
                errorNoise[c] = errorKeep * errorNoise[c] + errorKick * Sampling.gaussian(rnd);
                latencyFactor[c] = skew[c] * Math.exp(latencyNoise[c]);
                errorFactor[c] = Math.exp(errorNoise[c]);
            }
            double own = (topo.serviceTime[b] * (active ? versions.latMult[v] : 1) + (active ? versions.addLat[v] : 0))
                    * latencyFactor[c];
            if (warmUntil[c] > tick) own *= 1 + warmSlowdown * (warmUntil[c] - tick) / (double) warmTicks;
            double rejected = 0, queueDelay = 0, stretch = 1, util = 0;
            if (Double.isInfinite(mu)) {
                backlog[c] = 0;
            } else if (mu <= 0) {
                rejected = n;
                queueDelay = maxQueue;
                util = n > 0 ? Double.POSITIVE_INFINITY : 0;
            } else {
                util = lambda / mu;
                double q = Math.max(0, backlog[c] + (lambda - mu) * dt);
                double cap = mu * maxQueue;
                if (q > cap) {
                    rejected = Math.min(n, Math.rint(q - cap));
                    q = cap;
                }
                backlog[c] = q;
                queueDelay = q / mu;
                double rho = Math.min(util, 0.98);
                double r2 = rho * rho, r4 = r2 * r2;
                stretch = 1 + 0.5 * r4 * r4 * r2 / (1 - rho);
            }
            double busy = own + depBusy;
            busyPrev[c] = busy;
            double median = own * stretch + queueDelay + depBusy;
            double fOwn = Math.min(1, config.baseErrorRate() * errorFactor[c] * (active ? versions.errMult[v] : 1)
                    + (active ? versions.addErr[v] : 0) + (crash ? 0.3 : 0) + (zoneDown[c] ? 1 : 0));
            double fRejected = n > 0 ? rejected / n : 0;
            // a server near saturation starts failing some requests (internal timeouts, shed load) before its queue is full
            double pressure = util > 0.85 ? Math.min(1, (util - 0.85) / 0.15) : 0;
            fRejected = 1 - (1 - fRejected) * (1 - 0.02 * pressure * pressure);
            double lnMedian = Math.log(median);
            double slowShare = 1 - Sampling.phi((lnTimeout - lnMedian) / sigma);
            double fTimeout = entry ? slowShare : 0;
            double f = 1 - (1 - fOwn) * (1 - fRejected) * (1 - depFail) * (1 - fTimeout);
            double errs = Sampling.binomial(rnd, n, f);
            double seen = 1 - (1 - (n > 0 ? errs / n : f)) * (1 - slowShare);
            sumW += weight[c];
            sumWFail += weight[c] * seen;
            sumWLog += weight[c] * lnMedian;
            if (n > 0) {
                sumN += n;
                sumFail += n * seen;
                sumLog += n * lnMedian;
                ewma[c] += ewmaAlpha * (seen - ewma[c]);
                // the median of n draws scatters around the true one by about 1.25·σ/√n (in log terms)
                double observed = lnMedian + sigma * 1.2533 * Sampling.gaussian(rnd) / Math.sqrt(n);
                lastLogMedian[c] = observed;
                series.add(row, c, n, errs, observed);
                int s = seriesOf[c];
                book.requests[s] += n;
                book.errors[s] += errs;
                // expected rather than drawn: a secondary counter, not worth a draw per cell and tick
                double degraded = (n - errs) * degradedShare;
                book.degraded[s] += degraded;
                totalDegraded[c] += degraded;
                book.retries[s] += cellRetries[c];
                book.durationSum[s] += n * median * meanOverMedian[b];
                if (config.histograms()) histogramOf[b].add(book.buckets, s * LatencyHistogram.BUCKETS, n, lnMedian);
            }
            lastUtilisation[c] = util;
            totalRequests[c] += n;
            totalErrors[c] += errs;
            totalRetries[c] += cellRetries[c];
        }
        if (sumN > 0) {
            failure[b] = sumFail / sumN;
            latency[b] = Math.exp(sumLog / sumN);
        } else if (sumW > 0) {
            failure[b] = sumWFail / sumW;
            latency[b] = Math.exp(sumWLog / sumW);
        }
        retriesDelivered[b] += retriesIn[b];
        eject(c0, c1);
    }

    /** Splits the node's arrivals over its cells in rotation, in proportion to the instances up in each. */
    private void splitArrivals(int b, int c0, int c1) {
        double total = 0;
        for (int c = c0; c < c1; c++) {
            int v = version[c];
            boolean active = tick - deployedAt[c] >= versions.delayTicks[v];
            double w = zoneDown[c] ? 0 : (active && versions.crash[v] ? 0.15 : 1) * (1 - (active ? versions.capLoss[v] : 0));
            if (ejectedUntil[c] > tick) w = 0;
            weight[c] = w;
            total += w;
        }
        if (total <= 0) {
            // nowhere healthy to send it: the traffic still arrives, spread evenly, and fails there
            for (int c = c0; c < c1; c++) weight[c] = 1;
            total = c1 - c0;
        }
        double left = arrivals[b], wLeft = total, rLeft = retriesIn[b];
        for (int c = c0; c < c1; c++) {
            double share = wLeft > 0 ? weight[c] / wLeft : 0;
            double x = c == c1 - 1 ? left : Sampling.binomial(rnd, left, share);
            cellArrivals[c] = x;
            double rx = c == c1 - 1 ? rLeft : left > 0 ? Math.rint(rLeft * x / left) : 0;
            cellRetries[c] = rx;
            left -= x;
            rLeft -= rx;
            wLeft -= weight[c];
        }
    }

    /** Takes zones that keep failing out of rotation for {@link SimConfig#ejectFor}, never the last one with capacity. */
    private void eject(int c0, int c1) {
        for (int c = c0; c < c1; c++) {
            if (ejectedUntil[c] > tick || ewma[c] <= config.ejectErrorRate()) continue;
            int inRotation = 0;
            // only zones that can take traffic count: ejecting the last one with capacity helps nobody
            for (int o = c0; o < c1; o++) if (o != c && ejectedUntil[o] <= tick && weight[o] > 0) inRotation++;
            if (inRotation == 0) continue;
            ejectedUntil[c] = tick + ejectTicks;
            ewma[c] = 0;
        }
    }

    boolean inRotation(int c) {
        return ejectedUntil[c] <= tick;
    }

    /** Node {@code b}'s median latency when idle and healthy, seconds. */
    double nominalLatency(int b) {
        return nominalBusy[b];
    }

    /** Retries scheduled for later ticks and not yet delivered. */
    double pendingRetries() {
        return retries.pending();
    }
}
