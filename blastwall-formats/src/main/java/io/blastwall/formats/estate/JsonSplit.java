package io.blastwall.formats.estate;

import com.fasterxml.jackson.core.JsonParser;
import io.blastwall.core.BadInputException;
import io.blastwall.core.SourceLocation;
import io.blastwall.core.estate.EstateBuilder;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reads the node list of one large JSON estate file on two threads, with exactly the outcome of reading it on one.
 *
 * <p>The whole-file parse (the head) runs as always. When it reaches the {@code [} of the {@code nodes} list, a
 * second thread (the tail) picks the first element that starts after the middle of the rest of the file
 * ({@link ListBoundary}) and parses from there to the end of the file, into a builder of its own. Its parser reads a
 * synthetic {@code {"nodes":[} before that element, so it goes on exactly as the whole-file parse would: the rest of
 * the nodes, the fields after them, the end of the document. Lines: when the cut was found without counting the
 * lines before it, the tail counts from its own start (the element on its line 2, at its real column) and its
 * places are shifted by the line the head reports when it arrives there; otherwise the synthetic text puts the
 * brace, the bracket and the element at their real lines and columns. The head stops at that element; the tail's
 * nodes and edges are appended after the head's ({@link EstateBuilder#addAll}) and its problems after the head's,
 * with JSON paths renumbered from the head's count of nodes.
 *
 * <p>The tail is used only when the head arrives exactly at the tail's first element as an element of the node
 * list; otherwise (a string that looks like a boundary, malformed input, a list that ends first) the tail is
 * dropped and the head reads on alone. A syntax error before the cut stops the head as it stops the whole-file
 * parse, and the tail is dropped. So thread timing never changes the estate, the problems or their order.
 *
 * <p>One per file read; the head's thread calls {@link #begin} and {@link #finish}, the tail runs on its own thread.
 */
final class JsonSplit {

    private static final java.util.regex.Pattern MARKER =
            java.util.regex.Pattern.compile("start marker at \\[([^\\]]*?)line: (\\d+), column: (\\d+)\\]");

    /** How many reads were split (tests check that large files really take this path). */
    static final AtomicLong SPLITS = new AtomicLong();

    private final Path path;
    private final String name;
    private final long size;
    private Tail tail;

    JsonSplit(Path path, String name, long size) {
        this.path = path;
        this.name = name;
        this.size = size;
    }

    /**
     * Called by the head at the {@code [} of the node list (byte offset, line and column of that token; the
     * document's state, whose {@code start} is the place of its opening brace). Returns the tail now running, or
     * null when the list is not worth splitting.
     */
    Tail begin(long arrayOffset, int arrayLine, int arrayColumn, DocState state) {
        if (tail != null || arrayOffset < 0 || size - arrayOffset < 2) return null;
        tail = new Tail(arrayOffset, arrayLine, arrayColumn, state.start.line(), state.start.column(), state);
        Thread.ofPlatform().name("estate-tail-" + path.getFileName()).daemon().start(tail::run);
        return tail;
    }

    /**
     * After the head's parse: waits for the tail and, if the head handed over to it, appends the tail's nodes,
     * edges and problems after the head's. Returns the estate name (the head's, else the tail's).
     */
    String finish(EstateDocumentParser head, String headName, EstateBuilder into) throws IOException {
        if (tail == null) return headName;
        if (!head.handedOff()) {
            tail.cancel();
            tail.awaitEnd();
            return headName;
        }
        tail.awaitEnd();
        if (tail.failure instanceof IOException e) throw e;
        if (tail.failure instanceof RuntimeException e) throw e;
        if (tail.failure instanceof Error e) throw e;
        if (tail.failure != null) throw new IllegalStateException(tail.failure);
        SPLITS.incrementAndGet();
        int shift = tail.localLines ? tail.headLine - 2 : 0;
        into.addAll(tail.part, shift);
        int base = tail.headNodes;
        head.bad.addAll(tail.parser.bad, p -> tail.localLines ? tail.relocate(renumber(p, base)) : renumber(p, base));
        return headName.isEmpty() ? tail.estateName : headName;
    }

    /** The head failed (not with a syntax error, which it reports): stops the tail and waits for it. */
    void abandon() {
        if (tail == null) return;
        tail.cancel();
        tail.awaitEnd();
    }

    /** A tail problem's JSON path counts nodes from the tail's first one: shift it by the head's count. */
    static BadInputException.Problem renumber(BadInputException.Problem p, int base) {
        String path = p.where().path();
        String prefix = "$.nodes[";
        if (path == null || !path.startsWith(prefix)) return p;
        int close = path.indexOf(']', prefix.length());
        if (close < 0) return p;
        long index;
        try {
            index = Long.parseLong(path, prefix.length(), close, 10);
        } catch (NumberFormatException e) {
            return p;
        }
        String shifted = prefix + (index + base) + path.substring(close);
        SourceLocation w = p.where();
        return new BadInputException.Problem(new SourceLocation(w.file(), w.line(), w.column(), shifted), p.message());
    }

    /** The second part of the node list: its first element found, then parsed, on its own thread. */
    final class Tail {
        private final long arrayOffset;
        private final int arrayLine, arrayColumn, docLine, docColumn;
        private final DocState state, localState;
        /** The tail's parser counts lines from its own start: its line 2 is {@link #headLine}. */
        private boolean localLines;
        private int headLine;
        /** The tail begins at the first element at or after this offset. */
        private final long earliest;
        private final CountDownLatch found = new CountDownLatch(1);
        private final CountDownLatch ended = new CountDownLatch(1);
        private volatile boolean cancelled;
        private long start = -1;          // written before found opens
        private int headNodes;            // written by the head before it waits for ended
        private EstateBuilder part;
        private EstateDocumentParser parser;
        private String estateName = "";
        private Throwable failure;

        private Tail(long arrayOffset, int arrayLine, int arrayColumn, int docLine, int docColumn,
                     DocState state) {
            this.arrayOffset = arrayOffset;
            this.arrayLine = arrayLine;
            this.arrayColumn = arrayColumn;
            this.docLine = docLine;
            this.docColumn = docColumn;
            this.state = state.copy(state.start);
            // when the tail's lines are counted from its own start, its document starts at line 1, column 1
            this.localState = state.copy(new SourceLocation(state.start.file(), 1, 1, state.start.path()));
            this.earliest = arrayOffset + (size - arrayOffset) / 2;
        }

        long earliestStart() {
            return earliest;
        }

        /** The byte offset of the tail's first element, or -1 when there is none; waits for the scan. */
        long awaitStart() {
            await(found);
            return start;
        }

        /** The head arrived at the tail's first element after {@code headNodes} elements of the list. */
        void handOver(int headNodes, int line) {
            this.headNodes = headNodes;
            this.headLine = line;
        }

        void cancel() {
            cancelled = true;
        }

        /**
         * A problem of a tail parsed with its own line numbers, at its real place: line 1 holds only the synthetic
         * document brace (column 1) and list bracket (column 10), which stand for the real ones; later lines are
         * shifted. Parser messages that name the start of an unclosed object or list are mapped the same way.
         */
        private BadInputException.Problem relocate(BadInputException.Problem p) {
            SourceLocation w = p.where();
            String message = p.message();
            if (message.startsWith("malformed JSON")) {
                java.util.regex.Matcher m = MARKER.matcher(message);
                StringBuilder sb = new StringBuilder();
                while (m.find()) {
                    int[] at = real(Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
                    m.appendReplacement(sb, "start marker at [" + java.util.regex.Matcher.quoteReplacement(m.group(1))
                            + "line: " + at[0] + ", column: " + at[1] + "]");
                }
                m.appendTail(sb);
                message = sb.toString();
            }
            if (w.line() <= 0) return new BadInputException.Problem(w, message);
            int[] at = real(w.line(), w.column());
            return new BadInputException.Problem(new SourceLocation(w.file(), at[0], at[1], w.path()), message);
        }

        private int[] real(int line, int column) {
            if (line == 1) return column == 10 ? new int[] {arrayLine, arrayColumn} : new int[] {docLine, docColumn};
            return new int[] {line + headLine - 2, column};
        }

        void awaitEnd() {
            await(ended);
        }

        private void run() {
            try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
                ListBoundary.Cut cut = ListBoundary.find(ch, arrayOffset, earliest, () -> cancelled);
                byte[] prefix = cut == null ? null : prefix(cut);
                if (prefix == null) {
                    found.countDown();
                    return;
                }
                start = cut.start();
                found.countDown();
                part = new EstateBuilder();
                ch.position(cut.start());
                InputStream rest = new BufferedInputStream(Channels.newInputStream(ch), 1 << 16);
                try (JsonParser p = EstateFileReader.JSON.createParser(
                        new SequenceInputStream(new ByteArrayInputStream(prefix), rest))) {
                    parser = new EstateDocumentParser(name, p, part, null, () -> cancelled);
                    estateName = parser.readTail(localLines ? localState : state);
                }
            } catch (Throwable t) {
                failure = t instanceof UncheckedIOException u ? u.getCause() : t;
            } finally {
                found.countDown();
                ended.countDown();
            }
        }

        /**
         * {@code {"nodes":[} with the brace, the bracket and the end at the lines and columns of the document's
         * brace, the list's bracket and the cut's element; null when they cannot be placed so (not expected).
         */
        private byte[] prefix(ListBoundary.Cut cut) {
            long breaks = cut.breaks();
            if (breaks < 0) {
                // lines not counted: the element goes to line 2 at its real column, lines are shifted at the end
                localLines = true;
                return ("{\"nodes\":[\n" + " ".repeat((int) cut.column() - 1)).getBytes(StandardCharsets.US_ASCII);
            }
            long line = arrayLine + breaks;
            long column = breaks == 0 ? arrayColumn + (cut.start() - arrayOffset) : cut.column();
            if (line > Integer.MAX_VALUE || column > Integer.MAX_VALUE || docLine < 1 || docColumn < 1
                    || arrayLine < docLine || arrayColumn < 1) {
                return null;
            }
            StringBuilder sb = new StringBuilder();
            int l = 1, c = 1;
            sb.repeat('\n', docLine - l).repeat(' ', docColumn - 1).append("{\"nodes\":");
            l = docLine;
            c = docColumn + 9;
            if (arrayLine > l) {
                sb.repeat('\n', arrayLine - l).repeat(' ', arrayColumn - 1);
            } else {
                if (arrayColumn < c) return null;
                sb.repeat(' ', arrayColumn - c);
            }
            sb.append('[');
            l = arrayLine;
            c = arrayColumn + 1;
            if (line > l) {
                sb.repeat('\n', (int) (line - l)).repeat(' ', (int) column - 1);
            } else {
                if (column < c) return null;
                sb.repeat(' ', (int) (column - c));
            }
            return sb.toString().getBytes(StandardCharsets.US_ASCII);
        }
    }

    private static void await(CountDownLatch latch) {
        boolean interrupted = false;
        while (true) {
            try {
                latch.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
    }
}
