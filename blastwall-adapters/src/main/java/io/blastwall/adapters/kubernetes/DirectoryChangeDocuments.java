package io.blastwall.adapters.kubernetes;

import io.blastwall.core.controlplane.SubmittedDocument;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@link ChangeDocuments} read from a directory tree laid out as {@code ROOT/CHANGE_ID/REVISION/*.yaml|*.yml|*.json}
 * (e.g. written by the pipeline that submitted the change), in file-name order. A change id that could climb out of
 * the root ({@code ..}, slashes) is refused.
 *
 * <p>Thread-safe (reads the file system on each call).
 */
public final class DirectoryChangeDocuments implements ChangeDocuments {

    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private final Path root;

    public DirectoryChangeDocuments(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    @Override
    public Optional<List<SubmittedDocument>> documents(String changeId, int revision) {
        if (!SAFE_ID.matcher(changeId).matches() || changeId.contains("..")) {
            throw new IllegalArgumentException("change id '" + changeId + "' is not usable as a directory name");
        }
        Path dir = root.resolve(changeId).resolve(Integer.toString(revision));
        List<SubmittedDocument> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.filter(Files::isRegularFile).filter(DirectoryChangeDocuments::manifestName).sorted().toList()) {
                out.add(new SubmittedDocument(p.getFileName().toString(), Files.readString(p, StandardCharsets.UTF_8)));
            }
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the manifests in " + dir, e);
        }
        return out.isEmpty() ? Optional.empty() : Optional.of(out);
    }

    private static boolean manifestName(Path p) {
        String n = p.getFileName().toString();
        return n.endsWith(".yaml") || n.endsWith(".yml") || n.endsWith(".json");
    }
}
