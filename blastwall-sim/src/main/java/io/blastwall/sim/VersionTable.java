package io.blastwall.sim;

import java.util.Arrays;

/**
 * The behaviours of the versions a simulation has seen, as parallel primitive arrays indexed by version number (0 is
 * what every cell ran at the start), so that the tick loop reads a cell's behaviour without touching an object.
 *
 * <p>Not thread-safe: owned by one {@link TickEngine}.
 */
final class VersionTable {

    int size;
    double[] errMult = new double[8];
    double[] addErr = new double[8];
    double[] latMult = new double[8];
    double[] addLat = new double[8];      // seconds
    boolean[] crash = new boolean[8];
    double[] capLoss = new double[8];
    long[] delayTicks = new long[8];

    /** Adds a version behaving as {@code b}, with its delay in ticks of {@code tickMillis}; returns its number. */
    int add(ChangeBehaviour b, long tickMillis) {
        if (size == errMult.length) {
            int m = size * 2;
            errMult = Arrays.copyOf(errMult, m);
            addErr = Arrays.copyOf(addErr, m);
            latMult = Arrays.copyOf(latMult, m);
            addLat = Arrays.copyOf(addLat, m);
            crash = Arrays.copyOf(crash, m);
            capLoss = Arrays.copyOf(capLoss, m);
            delayTicks = Arrays.copyOf(delayTicks, m);
        }
        int v = size++;
        errMult[v] = b.errorRateMultiplier();
        addErr[v] = b.addedErrorRate();
        latMult[v] = b.latencyMultiplier();
        addLat[v] = b.addedLatency().toNanos() / 1e9;
        crash[v] = b.crashLoop();
        capLoss[v] = b.capacityLoss();
        delayTicks[v] = (long) Math.ceil(b.failureDelay().toMillis() / (double) tickMillis);
        return v;
    }
}
