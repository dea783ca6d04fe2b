package io.blastwall.core.estate;

/**
 * Open-addressing hash index from node id to dense node index, backed by one int array:
 * no boxed integers, one probe sequence per lookup. Immutable after construction.
 */
final class IdIndex {

    private final String[] ids;
    private final int[] slots;
    private final int mask;

    /** Builds the index; {@code duplicates[i]} is set to the first index when ids[i] repeats an earlier id. */
    IdIndex(String[] ids, int count, int[] firstOccurrence) {
        this.ids = ids;
        int cap = Integer.highestOneBit(Math.max(4, count * 2 - 1)) << 1;
        this.slots = new int[cap];
        this.mask = cap - 1;
        java.util.Arrays.fill(slots, -1);
        for (int i = 0; i < count; i++) {
            int existing = insert(ids[i], i);
            if (firstOccurrence != null) firstOccurrence[i] = existing;
        }
    }

    private int insert(String id, int i) {
        int h = mix(id.hashCode()) & mask;
        while (true) {
            int s = slots[h];
            if (s < 0) {
                slots[h] = i;
                return i;
            }
            if (ids[s].equals(id)) return s;
            h = (h + 1) & mask;
        }
    }

    int get(String id) {
        if (id == null) return -1;
        int h = mix(id.hashCode()) & mask;
        while (true) {
            int s = slots[h];
            if (s < 0) return -1;
            if (ids[s].equals(id)) return s;
            h = (h + 1) & mask;
        }
    }

    private static int mix(int h) {
        h *= 0x9E3779B9;
        return h ^ (h >>> 16);
    }
}
