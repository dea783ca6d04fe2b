package io.blastwall.adapters.command;

import io.blastwall.adapters.Direction;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;

/**
 * A durable record of the idempotency keys whose step completed successfully: one small file per key in a directory,
 * named by the key's SHA-256, written to a temporary file, fsync'd, atomically renamed into place, and the directory
 * fsync'd — so after a crash a key is either fully recorded or not at all. Recorded only after success: a step that
 * failed or was cut off runs again when repeated (commands must therefore tolerate a re-run of a partly done step,
 * as {@code tofu apply} and {@code kubectl apply} do).
 *
 * <p>Thread-safe for distinct keys; the executor never works on one key from two threads at once. Several processes may share the
 * directory (the rename is atomic), but the rollout engine's lease is what keeps two replicas from running one step.
 */
public final class StepJournal {

    /** What was recorded for a completed key. */
    public record Entry(String key, Direction direction, String detail, String output) {
        public Entry {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(direction, "direction");
            Objects.requireNonNull(detail, "detail");
            output = output == null ? "" : output;
        }
    }

    /** The journal could not be read or written; the executor then fails the step rather than guess. */
    public static final class JournalException extends RuntimeException {
        JournalException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static final String SUFFIX = ".done";
    private final Path dir;

    public StepJournal(Path dir) {
        this.dir = dir.toAbsolutePath();
        try {
            Files.createDirectories(this.dir);
        } catch (IOException e) {
            throw new JournalException("cannot create the step journal directory " + this.dir + ": " + e.getMessage(), e);
        }
    }

    public Path directory() {
        return dir;
    }

    /** The entry for {@code key}, if it completed. A record that exists but cannot be read is an error, not absence. */
    public Optional<Entry> find(String key) {
        Path file = fileFor(key);
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | IllegalArgumentException e) {
            throw new JournalException("step journal record " + file + " is unreadable: " + e.getMessage(), e);
        }
        String recordedKey = p.getProperty("key");
        String direction = p.getProperty("direction");
        String detail = p.getProperty("detail");
        if (recordedKey == null || direction == null || detail == null) {
            throw new JournalException("step journal record " + file + " is incomplete (key, direction, detail expected)", null);
        }
        if (!recordedKey.equals(key)) {
            throw new JournalException("step journal record " + file + " belongs to another key", null);
        }
        Direction d;
        try {
            d = Direction.valueOf(direction);
        } catch (IllegalArgumentException e) {
            throw new JournalException("step journal record " + file + " has an unknown direction '" + direction + "'", e);
        }
        return Optional.of(new Entry(recordedKey, d, detail, p.getProperty("output", "")));
    }

    /** Records a completed key durably; returns once the record is on disk. */
    public void record(Entry entry) {
        Properties p = new Properties();
        p.setProperty("key", entry.key());
        p.setProperty("direction", entry.direction().name());
        p.setProperty("detail", entry.detail());
        p.setProperty("output", entry.output());
        StringWriter w = new StringWriter();
        try {
            p.store(w, "blastwall command executor: completed step");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path target = fileFor(entry.key());
        Path tmp = dir.resolve(target.getFileName() + ".tmp-" + Thread.currentThread().threadId());
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE)) {
                ByteBuffer buf = ByteBuffer.wrap(w.toString().getBytes(StandardCharsets.UTF_8));
                while (buf.hasRemaining()) ch.write(buf);
                ch.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new JournalException("the journal directory " + dir + " does not support atomic renames", e);
            }
            syncDirectory();
        } catch (IOException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // the original error is the one to report
            }
            throw new JournalException("cannot write the step journal record " + target + ": " + e.getMessage(), e);
        }
    }

    /** Makes the rename itself durable (POSIX: the directory entry lives in the directory's own blocks). */
    private void syncDirectory() throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }

    Path fileFor(String key) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return dir.resolve(HexFormat.of().formatHex(h) + SUFFIX);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JDK", e);
        }
    }
}
