package io.blastwall.core.blast;

import io.blastwall.core.estate.Estate;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Capacity arithmetic for scaling a node: the node's redundancy group within its region shares load, each
 * member's capacity is spread evenly over its zones, and N+1 means the group still carries its peak load after
 * losing whichever zone hurts most. Members without zones are not hit by a zone loss; when no member has zones,
 * N+1 cannot be judged and is reported as held.
 *
 * <p>Stateless and thread-safe.
 */
final class CapacityModel {

    private CapacityModel() {
    }

    /** The check for scaling node x from {@code from} to {@code to} replicas; empty when capacity or peak is unknown. */
    static Optional<CapacityCheck> check(Estate e, int x, long from, long to) {
        if (from <= 0 || Double.isNaN(e.capacity(x))) return Optional.empty();
        List<Integer> members = regionalGroup(e, x);
        double peak = 0;
        boolean anyPeak = false;
        for (int m : members) {
            if (!Double.isNaN(e.peakLoad(m))) {
                peak += e.peakLoad(m);
                anyPeak = true;
            }
        }
        if (!anyPeak) return Optional.empty();
        Set<Integer> zones = new LinkedHashSet<>();
        for (int m : members) for (int k = 0; k < e.zoneCount(m); k++) zones.add(e.zoneCode(m, k));
        double before = capacity(e, members, x, from, from);
        double after = capacity(e, members, x, from, to);
        ZoneLoss lossAfter = worstZoneLoss(e, members, zones, x, from, to);
        ZoneLoss lossBefore = worstZoneLoss(e, members, zones, x, from, from);
        boolean belowPeak = after < peak;
        boolean belowN1 = !zones.isEmpty() && lossAfter.remaining < peak;
        boolean n1Before = zones.isEmpty() || lossBefore.remaining >= peak;
        long safe = safeMinimum(e, members, zones, x, from, peak);
        return Optional.of(new CapacityCheck(e.id(x), from, to, before, after, peak, lossAfter.remaining,
                lossAfter.zone, belowPeak, belowN1, n1Before, safe));
    }

    private record ZoneLoss(double remaining, String zone) {
    }

    private static List<Integer> regionalGroup(Estate e, int x) {
        List<Integer> out = new ArrayList<>();
        int g = e.groupIndex(x);
        String region = e.region(x);
        for (int k = e.groupMembersStart(g); k < e.groupMembersEnd(g); k++) {
            int m = e.groupMemberAt(k);
            if (e.region(m).equals(region) && !Double.isNaN(e.capacity(m))) out.add(m);
        }
        return out;
    }

    private static double memberCapacity(Estate e, int m, int x, long from, long to) {
        return m == x ? e.capacity(x) * to / from : e.capacity(m);
    }

    private static double capacity(Estate e, List<Integer> members, int x, long from, long to) {
        double sum = 0;
        for (int m : members) sum += memberCapacity(e, m, x, from, to);
        return sum;
    }

    private static ZoneLoss worstZoneLoss(Estate e, List<Integer> members, Set<Integer> zones, int x, long from, long to) {
        double total = capacity(e, members, x, from, to);
        if (zones.isEmpty()) return new ZoneLoss(total, "");
        double worst = Double.POSITIVE_INFINITY;
        String worstZone = "";
        for (int z : zones) {
            double remaining = 0;
            String name = "";
            for (int m : members) {
                double c = memberCapacity(e, m, x, from, to);
                int zc = e.zoneCount(m);
                boolean in = false;
                for (int k = 0; k < zc; k++) {
                    if (e.zoneCode(m, k) == z) {
                        in = true;
                        name = e.zone(m, k);
                    }
                }
                remaining += in ? c * (zc - 1) / zc : c;
            }
            if (remaining < worst) {
                worst = remaining;
                worstZone = name;
            }
        }
        return new ZoneLoss(worst, worstZone);
    }

    /** Smallest replica count in [0, from] keeping peak and N+1 (both monotone in the count), -1 if even {@code from} fails. */
    private static long safeMinimum(Estate e, List<Integer> members, Set<Integer> zones, int x, long from, double peak) {
        if (!holds(e, members, zones, x, from, from, peak)) return -1;
        long lo = 0, hi = from;
        while (lo < hi) {
            long mid = (lo + hi) >>> 1;
            if (holds(e, members, zones, x, from, mid, peak)) hi = mid;
            else lo = mid + 1;
        }
        return lo;
    }

    private static boolean holds(Estate e, List<Integer> members, Set<Integer> zones, int x, long from, long to, double peak) {
        if (capacity(e, members, x, from, to) < peak) return false;
        return zones.isEmpty() || worstZoneLoss(e, members, zones, x, from, to).remaining >= peak;
    }
}
