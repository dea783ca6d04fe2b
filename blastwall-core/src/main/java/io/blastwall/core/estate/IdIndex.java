package io.blastwall.core.estate;

/**
 * Open-addressing hash index from node id to dense node index, backed by one int array:
 * no boxed integers, one probe sequence per lookup. Immutable after construction.
 */
final class IdIndex {

    private final String[] ids;
    private final int[] slots;
    private final int mask;

    /**
     * Indexes {@code ids[0 .. count)}, which must be distinct; {@code hashes[i]} is {@code ids[i].hashCode()}, already
     * computed by whoever checked them distinct (so the strings themselves are not read).
     */
    IdIndex(String[] ids, int count, int[] hashes) {
        this.ids = ids;
        int cap = Integer.highestOneBit(Math.max(4, count * 2 - 1)) << 1;
        this.slots = new int[cap];
        this.mask = cap - 1;
        java.util.Arrays.fill(slots, -1);
        for (int i = 0; i < count; i++) {
            int h = mix(hashes[i]) & mask;
            while (slots[h] >= 0) h = (h + 1) & mask;
            slots[h] = i;
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
