package io.blastwall.core.blast;

import io.blastwall.core.estate.Estate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Picks the worst affected nodes of a propagation: severity (worst first), then tier, then distance, then id, at most
 * {@code limit} of them. A change can affect tens of thousands of nodes while reports show a few dozen, so this selects
 * instead of sorting them all: each node's first three criteria are packed into an int, a bounded heap keeps the
 * {@code limit} smallest, every node tied with the last one kept is then taken in id order, and only the selection is
 * sorted. Nodes whose tier or distance does not fit the packing (tier over 255, distance over 2^20 − 1) are ordered by
 * the plain comparator instead; both give the same order.
 *
 * <p>Stateless.
 */
final class WorstFirst {

    private static final int TIER_BITS = 8, DISTANCE_BITS = 20; // with 3 bits of severity: 31 bits, a non-negative int

    private WorstFirst() {
    }

    /** The at most {@code limit} worst affected nodes (node indexes), worst first. */
    static int[] select(Propagation p, int limit) {
        int count = p.affectedCount();
        int n = Math.min(limit, count);
        if (n <= 0) return new int[0];
        Estate e = p.estate();
        int[] prefix = new int[count];
        for (int i = 0; i < count; i++) {
            int v = p.affectedAt(i);
            int sev = p.severityOrdinal(v), tier = e.tier(v), d = p.distance(v);
            if (sev > 7 || tier < 0 || tier >= 1 << TIER_BITS || d < 0 || d >= 1 << DISTANCE_BITS) return sorted(p, n);
            prefix[i] = ((7 - sev) << (TIER_BITS + DISTANCE_BITS)) | (tier << DISTANCE_BITS) | d;
        }
        // the n smallest (prefix, position) pairs, as a max-heap of packed longs
        long[] heap = new long[n];
        int size = 0;
        for (int i = 0; i < count; i++) {
            long key = (long) prefix[i] << 32 | i;
            if (size < n) {
                heap[size] = key;
                up(heap, size++);
            } else if (key < heap[0]) {
                heap[0] = key;
                down(heap, n);
            }
        }
        int boundary = (int) (heap[0] >>> 32);
        // strictly better than the boundary: all of them are in; tied with it: as many as fit, by id
        List<Integer> chosen = new ArrayList<>(n);
        for (long k : heap) if ((int) (k >>> 32) < boundary) chosen.add((int) k);
        List<Integer> tied = new ArrayList<>();
        for (int i = 0; i < count; i++) if (prefix[i] == boundary) tied.add(i);
        tied.sort(Comparator.comparing(i -> e.id(p.affectedAt(i))));
        chosen.addAll(tied.subList(0, n - chosen.size()));
        chosen.sort(Comparator.<Integer>comparingInt(i -> prefix[i]).thenComparing(i -> e.id(p.affectedAt(i))));
        int[] out = new int[n];
        for (int k = 0; k < n; k++) out[k] = p.affectedAt(chosen.get(k));
        return out;
    }

    /** The reference order: every affected node sorted by the comparator, the first {@code n} kept. */
    static int[] sorted(Propagation p, int n) {
        Estate e = p.estate();
        int count = p.affectedCount();
        Integer[] order = new Integer[count];
        for (int i = 0; i < count; i++) order[i] = p.affectedAt(i);
        Arrays.sort(order, (a, b) -> {
            int c = Integer.compare(p.severityOrdinal(b), p.severityOrdinal(a));
            if (c != 0) return c;
            c = Integer.compare(e.tier(a), e.tier(b));
            if (c != 0) return c;
            c = Integer.compare(p.distance(a), p.distance(b));
            return c != 0 ? c : e.id(a).compareTo(e.id(b));
        });
        int[] out = new int[Math.min(n, count)];
        for (int i = 0; i < out.length; i++) out[i] = order[i];
        return out;
    }

    private static void up(long[] h, int i) {
        long x = h[i];
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (h[parent] >= x) break;
            h[i] = h[parent];
            i = parent;
        }
        h[i] = x;
    }

    private static void down(long[] h, int size) {
        long x = h[0];
        int i = 0;
        while (true) {
            int c = 2 * i + 1;
            if (c >= size) break;
            if (c + 1 < size && h[c + 1] > h[c]) c++;
            if (h[c] <= x) break;
            h[i] = h[c];
            i = c;
        }
        h[i] = x;
    }
}
