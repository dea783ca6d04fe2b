package io.blastwall.adapters.command;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Drains a stream completely (so a chatty process never blocks on a full pipe) while keeping only a bounded amount:
 * the first half of the limit and the last half, with a note saying how much of the middle was cut. The head shows
 * what the command set out to do, the tail how it ended.
 *
 * <p>One instance per stream; {@link #drain} runs on one thread. Thread-safe: {@link #text} may be read while a
 * drain still runs (when a detached descendant keeps the pipe open past the step).
 */
final class BoundedCapture {

    private final byte[] head;
    private final byte[] tail;
    private int headLen;
    private long tailWritten;
    private long total;

    BoundedCapture(int limitBytes) {
        this.head = new byte[limitBytes / 2];
        this.tail = new byte[limitBytes - limitBytes / 2];
    }

    /** Reads {@code in} to its end (or until it fails, e.g. closed because the process was killed). */
    void drain(InputStream in) {
        byte[] buf = new byte[8192];
        try (in) {
            int n;
            while ((n = in.read(buf)) > 0) accept(buf, n);
        } catch (IOException e) {
            // the pipe closed under us (process killed): keep what was read
        }
    }

    synchronized void accept(byte[] buf, int n) {
        total += n;
        int off = 0;
        if (headLen < head.length) {
            int k = Math.min(n, head.length - headLen);
            System.arraycopy(buf, 0, head, headLen, k);
            headLen += k;
            off = k;
        }
        for (int i = off; i < n; i++) {
            tail[(int) (tailWritten % tail.length)] = buf[i];
            tailWritten++;
        }
    }

    synchronized long totalBytes() {
        return total;
    }

    /** The kept text (UTF-8, malformed bytes replaced), with a note where bytes were cut. */
    synchronized String text() {
        StringBuilder sb = new StringBuilder(new String(head, 0, headLen, StandardCharsets.UTF_8));
        if (tailWritten == 0) return sb.toString();
        long omitted = tailWritten - Math.min(tailWritten, tail.length);
        if (omitted > 0) {
            sb.append("\n[... ").append(omitted).append(" bytes omitted; output truncated to the first and last ")
                    .append(head.length + tail.length).append(" bytes ...]\n");
        }
        int kept = (int) Math.min(tailWritten, tail.length);
        byte[] ordered = new byte[kept];
        int start = (int) ((tailWritten - kept) % tail.length);
        for (int i = 0; i < kept; i++) ordered[i] = tail[(start + i) % tail.length];
        sb.append(new String(ordered, StandardCharsets.UTF_8));
        return sb.toString();
    }
}
