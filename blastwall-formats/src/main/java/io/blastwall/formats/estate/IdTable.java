package io.blastwall.formats.estate;

import java.util.Arrays;

/**
 * Canonical strings for node ids read from a parser's character buffer, without creating a String for ids seen
 * before. An estate of a million nodes names each id about six times (once as a node, about five times as an edge
 * target); handing the builder one shared String per id saves most of the allocation, keeps the builder's edge
 * arrays from holding millions of copies, and makes its id lookups identity hits.
 *
 * <p>Open addressing with linear probing over a power-of-two table. Not thread-safe: one per load.
 */
final class IdTable {

    private String[] slots = new String[1 << 12];
    private int[] hashes = new int[1 << 12];
    private int size;

    /** The canonical string with the characters {@code buf[off .. off+len)}. */
    String get(char[] buf, int off, int len) {
        int h = hash(buf, off, len);
        int mask = slots.length - 1;
        int i = mix(h) & mask;
        while (true) {
            String s = slots[i];
            if (s == null) {
                s = new String(buf, off, len);
                insertAt(i, s, h);
                return s;
            }
            if (hashes[i] == h && equal(s, buf, off, len)) return s;
            i = (i + 1) & mask;
        }
    }

    private void insertAt(int i, String s, int h) {
        slots[i] = s;
        hashes[i] = h;
        if (++size * 2 > slots.length) grow();
    }

    private void grow() {
        String[] oldSlots = slots;
        int[] oldHashes = hashes;
        slots = new String[oldSlots.length * 2];
        hashes = new int[oldSlots.length * 2];
        int mask = slots.length - 1;
        for (int k = 0; k < oldSlots.length; k++) {
            if (oldSlots[k] == null) continue;
            int i = mix(oldHashes[k]) & mask;
            while (slots[i] != null) i = (i + 1) & mask;
            slots[i] = oldSlots[k];
            hashes[i] = oldHashes[k];
        }
    }

    /** Same value as {@link String#hashCode()} so the String's own cached hash agrees. */
    private static int hash(char[] buf, int off, int len) {
        int h = 0;
        for (int k = off; k < off + len; k++) h = 31 * h + buf[k];
        return h;
    }

    private static boolean equal(String s, char[] buf, int off, int len) {
        if (s.length() != len) return false;
        for (int k = 0; k < len; k++) if (s.charAt(k) != buf[off + k]) return false;
        return true;
    }

    private static int mix(int h) {
        h *= 0x9E3779B9;
        return h ^ (h >>> 16);
    }

    int size() {
        return size;
    }

    void clear() {
        Arrays.fill(slots, null);
        size = 0;
    }
}
