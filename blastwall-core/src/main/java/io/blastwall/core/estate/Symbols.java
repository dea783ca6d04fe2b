package io.blastwall.core.estate;

import java.util.Arrays;

/**
 * Numbers for strings read in bulk: every distinct string gets the next number (a symbol) the first time it is
 * seen, and one canonical String. Readers hand over characters straight from their parse buffer, so a value
 * mentioned many times (a node id about six times in an estate, once as a node and about five times as a
 * dependency; an owner or region on thousands of nodes) is hashed each time but made into a String once.
 * {@link EstateBuilder} numbers node ids with it and resolves edges by array lookups at build time.
 *
 * <p>Open addressing with linear probing; each slot packs the string's hash (the same value as
 * {@link String#hashCode}) with the offset of its entry in a character pool that holds the symbol, the length and
 * the characters together, so that a lookup costs one random read of the table and one of the pool.
 * Not thread-safe: one owner at a time.
 */
public final class Symbols {

    private long[] slots = new long[1 << 12]; // 0 = empty, else hash << 32 | (pool offset + 1)
    private char[] pool = new char[1 << 14];  // per entry: symbol (2 chars), length (2 chars), the characters
    private int poolSize;
    private String[] names = new String[1 << 10];
    private int[] hashes = new int[1 << 10];
    private int count;

    /** The symbol of the string with characters {@code buf[off .. off+len)}, adding it when new. */
    public int get(char[] buf, int off, int len) {
        int h = 0;
        for (int k = off, e = off + len; k < e; k++) h = 31 * h + buf[k];
        int mask = slots.length - 1;
        for (int i = mix(h) & mask; ; i = (i + 1) & mask) {
            long s = slots[i];
            if (s == 0) return add(i, h, buf, off, len, null);
            if ((int) (s >>> 32) == h) {
                int p = (int) s - 1;
                if (pool[p + 2] == (char) (len >>> 16) && pool[p + 3] == (char) len
                        && Arrays.equals(pool, p + 4, p + 4 + len, buf, off, off + len)) {
                    return pool[p] << 16 | pool[p + 1];
                }
            }
        }
    }

    /** The symbol of {@code id}, adding it when new. */
    public int get(String id) {
        return get(id, id.hashCode());
    }

    /** Like {@link #get(String)} with the id's {@link String#hashCode} already known (merging tables). */
    int get(String id, int h) {
        int len = id.length();
        int mask = slots.length - 1;
        for (int i = mix(h) & mask; ; i = (i + 1) & mask) {
            long s = slots[i];
            if (s == 0) return add(i, h, null, 0, len, id);
            if ((int) (s >>> 32) == h) {
                int p = (int) s - 1;
                int sym = pool[p] << 16 | pool[p + 1];
                if (names[sym] == id) return sym;
                if (pool[p + 2] == (char) (len >>> 16) && pool[p + 3] == (char) len && names[sym].equals(id)) return sym;
            }
        }
    }

    private int add(int slot, int h, char[] buf, int off, int len, String id) {
        int sym = count;
        if (sym == names.length) {
            names = Arrays.copyOf(names, sym * 2);
            hashes = Arrays.copyOf(hashes, sym * 2);
        }
        names[sym] = id != null ? id : new String(buf, off, len);
        hashes[sym] = h;
        count++;
        if ((long) poolSize + 4 + len > Integer.MAX_VALUE - 16) throw new IllegalStateException("more than 2^31 characters of distinct strings");
        if (poolSize + 4 + len > pool.length) pool = Arrays.copyOf(pool, Math.max(poolSize + 4 + len, pool.length * 2));
        int p = poolSize;
        pool[p] = (char) (sym >>> 16);
        pool[p + 1] = (char) sym;
        pool[p + 2] = (char) (len >>> 16);
        pool[p + 3] = (char) len;
        if (buf != null) System.arraycopy(buf, off, pool, p + 4, len);
        else id.getChars(0, len, pool, p + 4);
        poolSize += 4 + len;
        slots[slot] = (long) h << 32 | (p + 1L);
        if (count * 2 > slots.length) grow();
        return sym;
    }

    private void grow() {
        long[] old = slots;
        slots = new long[old.length * 2];
        int mask = slots.length - 1;
        for (long s : old) {
            if (s == 0) continue;
            int i = mix((int) (s >>> 32)) & mask;
            while (slots[i] != 0) i = (i + 1) & mask;
            slots[i] = s;
        }
    }

    private static int mix(int h) {
        h *= 0x9E3779B9;
        return h ^ (h >>> 16);
    }

    /** The canonical String of a symbol. */
    public String name(int symbol) {
        return names[symbol];
    }

    /** The string's hash ({@link String#hashCode}), already computed. */
    public int hash(int symbol) {
        return hashes[symbol];
    }

    /** Number of symbols so far: they are {@code 0 .. size()-1}. */
    public int size() {
        return count;
    }
}
