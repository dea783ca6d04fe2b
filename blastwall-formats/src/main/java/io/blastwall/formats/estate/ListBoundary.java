package io.blastwall.formats.estate;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.function.BooleanSupplier;

/**
 * Finds where a JSON file's node list can be cut in two: the first element that starts at or after a given byte
 * offset, and the column it starts at.
 *
 * <p>Two ways. When the list's first element starts a line, an element is taken to be a line with the same
 * indentation starting with the same byte, after a comma (which may open the line): one node per line, or a
 * pretty-printed file. Only about a megabyte at the offset is read, and the line breaks before it are not counted
 * (the whole-file parse knows the line when it gets there). Otherwise the bytes are scanned from the {@code [}
 * tracking strings, escapes and nesting, counting line breaks as the JSON parser does (LF, CR, CR LF): exact for
 * valid JSON, slower. Either may guess wrongly on unusual or invalid input: the caller uses the result only when the
 * whole-file parse confirms it. Stateless.
 */
final class ListBoundary {

    /**
     * The boundary: byte offset of the element, line breaks since the list's '[' (-1 when not counted: at least
     * one), column (1-based; -1 when on the '[' line).
     */
    record Cut(long start, long breaks, long column) {
    }

    private static final int CHUNK = 1 << 20;

    private ListBoundary() {
    }

    /** The cut, or null when the list ends before {@code earliest}, the file is not as expected, or {@code cancelled}. */
    static Cut find(FileChannel ch, long arrayOffset, long earliest, BooleanSupplier cancelled) throws IOException {
        Cut c = byLines(ch, arrayOffset, earliest);
        return c != null ? c : byStructure(ch, arrayOffset, earliest, cancelled);
    }

    private static byte[] read(FileChannel ch, long at, int max) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(max);
        while (buf.hasRemaining()) {
            int r = ch.read(buf, at + buf.position());
            if (r < 0) break;
        }
        byte[] a = new byte[buf.position()];
        buf.flip().get(a);
        return a;
    }

    private static boolean space(byte b) {
        return b == ' ' || b == '\t' || b == '\n' || b == '\r';
    }

    /** One element per line (or pretty-printed): null when the first element does not start a line, or no line found. */
    static Cut byLines(FileChannel ch, long arrayOffset, long earliest) throws IOException {
        byte[] head = read(ch, arrayOffset, 1 << 16);
        if (head.length == 0 || head[0] != '[') return null;
        int i = 1, lineStart = -1;
        while (i < head.length && space(head[i])) {
            if (head[i] == '\n' || head[i] == '\r') lineStart = i + 1;
            i++;
        }
        if (i >= head.length || lineStart < 0) return null;
        byte first = head[i];
        byte[] indent = java.util.Arrays.copyOfRange(head, lineStart, i);
        if (earliest <= arrayOffset + i) return null;
        byte[] w = read(ch, earliest, CHUNK);
        long cut = -1, column = -1;
        for (int k = 0; k + indent.length + 2 < w.length && cut < 0; k++) {
            if (w[k] != '\n' && w[k] != '\r') continue;
            int line = k + 1;
            if (w[k] == '\r' && line < w.length && w[line] == '\n') line++;
            int j = line;
            boolean commaFirst = j < w.length && w[j] == ','; // the element's comma may open its line
            if (commaFirst) j++;
            if (j + indent.length >= w.length) break;
            if (!java.util.Arrays.equals(w, j, j + indent.length, indent, 0, indent.length)) continue;
            if (w[j + indent.length] != first) continue;
            int b = k - 1; // otherwise the element before must end with a comma
            while (!commaFirst && b >= 0 && space(w[b])) b--;
            if (commaFirst || b >= 0 && w[b] == ',') {
                cut = earliest + j + indent.length;
                column = j + indent.length - line + 1;
            }
        }
        if (cut < 0) return null;
        return new Cut(cut, -1, column); // line breaks not counted: the whole-file parse knows the line
    }

    /** Exact for valid JSON: scans from the '[' tracking strings, escapes and nesting. */
    static Cut byStructure(FileChannel ch, long arrayOffset, long earliest, BooleanSupplier cancelled) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(CHUNK);
        long pos = arrayOffset; // offset of buf's first byte
        boolean first = true, inString = false, escape = false, afterComma = false, cr = false;
        int depth = 0;
        long breaks = 0, lineStart = -1;
        while (!cancelled.getAsBoolean()) {
            buf.clear();
            int read = ch.read(buf, pos);
            if (read <= 0) return null;
            byte[] a = buf.array();
            int from = 0;
            if (first) {
                if (a[0] != '[') return null; // the offset does not point at the list: do not guess
                from = 1;
                first = false;
            }
            for (int i = from; i < read; i++) {
                byte b = a[i];
                if (inString) {
                    if (escape) escape = false;
                    else if (b == '\\') escape = true;
                    else if (b == '"') inString = false;
                    continue;
                }
                if (b == '\n') {
                    if (!cr) breaks++;
                    cr = false;
                    lineStart = pos + i + 1;
                    continue;
                }
                cr = b == '\r';
                if (cr) {
                    breaks++;
                    lineStart = pos + i + 1;
                    continue;
                }
                if (b == ' ' || b == '\t') continue;
                if (afterComma) {
                    long start = pos + i;
                    return new Cut(start, breaks, breaks == 0 ? -1 : start - lineStart + 1);
                }
                switch (b) {
                    case '"' -> inString = true;
                    case '{', '[' -> depth++;
                    case '}', ']' -> {
                        if (--depth < 0) return null; // the list ended
                    }
                    case ',' -> {
                        if (depth == 0 && pos + i >= earliest) afterComma = true;
                    }
                    default -> { }
                }
            }
            pos += read;
        }
        return null;
    }
}
