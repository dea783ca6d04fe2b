package io.blastwall.formats;

import io.blastwall.core.BadInputException;
import io.blastwall.core.SourceLocation;
import io.blastwall.core.change.Change;
import io.blastwall.formats.changefile.ChangeFileReader;
import io.blastwall.formats.doc.Documents;
import io.blastwall.formats.doc.LocatedDocument;
import io.blastwall.formats.kubernetes.KubernetesManifestReader;
import io.blastwall.formats.terraform.TerraformPlanReader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The one entry point for reading a change: detects the format of each file and hands it to its reader.
 * <ul>
 *   <li>a JSON object with {@code format_version} (output of {@code terraform show -json} / {@code tofu show -json}):
 *       {@link TerraformPlanReader};</li>
 *   <li>{@code apiVersion: blastwall.io/v1}, {@code kind: Change}: {@link ChangeFileReader};</li>
 *   <li>any other YAML/JSON documents with {@code apiVersion} and {@code kind}: {@link KubernetesManifestReader};
 *       several manifest files and directories combine into one change.</li>
 * </ul>
 * A directory stands for its {@code *.yaml}, {@code *.yml} and {@code *.json} files (not its subdirectories), sorted
 * by name. A plan or a change file is a change on its own and is not combined with anything. Files larger than
 * {@link #MAX_BYTES} are refused before they are read.
 *
 * <p>Stateless and thread-safe.
 */
public final class ChangeReaders {

    /** The largest change input read: 256 MiB (plans of very large estates run to tens of MiB). */
    public static final long MAX_BYTES = 256L * 1024 * 1024;

    /** What each format is recognised by, for messages. */
    public static final String ACCEPTED = "expected one of: a Terraform/OpenTofu plan as JSON (`terraform show -json PLANFILE`, "
            + "with format_version), a Blastwall change file (apiVersion: blastwall.io/v1, kind: Change), "
            + "or Kubernetes manifests (YAML or JSON documents with apiVersion and kind)";

    /** The formats a change can come in. */
    public enum Format { TERRAFORM_PLAN, CHANGE_FILE, KUBERNETES }

    private ChangeReaders() {
    }

    /**
     * Reads a change from files and directories.
     *
     * @param files      one plan, one change file, or any number of manifest files and directories
     * @param currentK8s live Kubernetes objects (file or directory) to compare manifests against
     * @param prune      with manifests and {@code currentK8s}: live objects no manifest names are deleted
     * @throws BadInputException naming file, line and path for anything that cannot be read
     */
    public static Change read(List<Path> files, Optional<Path> currentK8s, boolean prune) {
        if (files.isEmpty()) throw new BadInputException(SourceLocation.UNKNOWN, "no change given; " + ACCEPTED);
        List<Parsed> parsed = new ArrayList<>();
        for (Path file : expand(files)) parsed.add(new Parsed(file.toString(), parse(file)));
        // current objects are read only once the change is known to be manifests, as before
        return combine(parsed, currentK8s.map(p -> () -> currentObjects(p)), prune, Optional.empty());
    }

    /** A document given as text rather than as a file (an API request body). {@link #toString()} omits the text. */
    public record Text(String name, String text) {
        public Text {
            java.util.Objects.requireNonNull(name, "name");
            java.util.Objects.requireNonNull(text, "text");
        }

        @Override
        public String toString() {
            return "Text[name=" + name + ", " + text.length() + " chars]";
        }
    }

    /**
     * Reads a change from documents held in memory, with the same detection and combination rules as
     * {@link #read(List, Optional, boolean)}: one plan, one change file, or any number of manifest documents.
     *
     * @param documents the documents; each name is used in messages and locations
     * @param format    the format the caller insists on, or empty to detect it
     * @throws BadInputException naming document, line and path for anything that cannot be read, or when a document
     *                           is not of the insisted format
     */
    public static Change parse(List<Text> documents, Optional<Format> format) {
        if (documents.isEmpty()) throw new BadInputException(SourceLocation.UNKNOWN, "no change given; " + ACCEPTED);
        List<Parsed> parsed = new ArrayList<>();
        for (Text t : documents) {
            // lines beyond $.a[i] (each action's own place) are found only when a message needs one: recording every
            // value's line and path was a fifth of a submission's CPU on the server
            List<LocatedDocument> docs = Documents.parseLinesOnDemand(t.name(), t.text(), Documents.guessSyntax(t.name(), t.text()));
            if (docs.isEmpty()) throw new BadInputException(SourceLocation.of(t.name()), "is empty; " + ACCEPTED);
            parsed.add(new Parsed(t.name(), docs));
        }
        return combine(parsed, Optional.empty(), false, format);
    }

    /** The format named {@code terraform-plan}, {@code kubernetes} or {@code blastwall-change} (a change's source). */
    public static Optional<Format> formatNamed(String name) {
        if (name == null) return Optional.empty();
        return switch (name.strip().toLowerCase(Locale.ROOT)) {
            case TerraformPlanReader.SOURCE, "terraform", "opentofu", "tofu" -> Optional.of(Format.TERRAFORM_PLAN);
            case KubernetesManifestReader.SOURCE -> Optional.of(Format.KUBERNETES);
            case ChangeFileReader.SOURCE, "change-file" -> Optional.of(Format.CHANGE_FILE);
            default -> Optional.empty();
        };
    }

    private record Parsed(String name, List<LocatedDocument> docs) {
    }

    private static Change combine(List<Parsed> files, Optional<java.util.function.Supplier<List<LocatedDocument>>> current, boolean prune,
                                  Optional<Format> insisted) {
        List<LocatedDocument> docs = new ArrayList<>();
        Format format = null;
        String firstFile = null;
        for (Parsed file : files) {
            for (LocatedDocument d : file.docs()) {
                Format f = detect(d);
                if (insisted.isPresent() && f != insisted.get()) {
                    throw new BadInputException(d.at("$"), "is a " + describe(f) + ", but the format given is "
                            + describe(insisted.get()) + "; send format auto to detect it");
                }
                if (format == null) {
                    format = f;
                    firstFile = file.name();
                } else if (f != format || f != Format.KUBERNETES) {
                    throw new BadInputException(d.at("$"), "a " + describe(f) + " cannot be combined with the "
                            + describe(format) + " in " + firstFile + "; one change is one plan, one change file, "
                            + "or a set of Kubernetes manifests");
                }
                docs.add(d);
            }
        }
        if (format != Format.KUBERNETES && (current.isPresent() || prune)) {
            throw new BadInputException(SourceLocation.of(firstFile), "current objects and prune apply only to Kubernetes "
                    + "manifests, and this is a " + describe(format));
        }
        return switch (format) {
            case TERRAFORM_PLAN -> TerraformPlanReader.read(docs.getFirst());
            case CHANGE_FILE -> ChangeFileReader.read(docs.getFirst());
            case KUBERNETES -> {
                if (prune && current.isEmpty()) {
                    throw new BadInputException(SourceLocation.of(firstFile), "prune needs the current objects "
                            + "(the live state to compare with); without them nothing is known to delete");
                }
                yield KubernetesManifestReader.read(docs, current.map(java.util.function.Supplier::get), prune);
            }
        };
    }

    /** Reads a single file or directory without current objects. */
    public static Change read(Path file) {
        return read(List.of(file), Optional.empty(), false);
    }

    /** The format of one parsed document, or a {@link BadInputException} saying which formats are accepted. */
    public static Format detect(LocatedDocument doc) {
        Object root = doc.root();
        if (TerraformPlanReader.looksLikeTerraform(root)) return Format.TERRAFORM_PLAN;
        if (ChangeFileReader.looksLikeChangeFile(root)) return Format.CHANGE_FILE;
        if (KubernetesManifestReader.looksLikeManifest(root)) return Format.KUBERNETES;
        String index = doc.index() > 0 ? "document " + (doc.index() + 1) + " is not a change; " : "not a change; ";
        throw new BadInputException(doc.at("$"), index + ACCEPTED);
    }

    private static List<LocatedDocument> currentObjects(Path path) {
        List<LocatedDocument> out = new ArrayList<>();
        for (Path file : expand(List.of(path))) {
            for (LocatedDocument d : parse(file)) {
                if (!KubernetesManifestReader.looksLikeManifest(d.root())) {
                    throw new BadInputException(d.at("$"), "current objects must be Kubernetes objects (apiVersion and kind), "
                            + "e.g. the output of `kubectl get -o yaml`");
                }
                out.add(d);
            }
        }
        return out;
    }

    private static List<LocatedDocument> parse(Path file) {
        String name = file.toString();
        List<LocatedDocument> docs = Documents.parse(name, Documents.readText(file, MAX_BYTES));
        if (docs.isEmpty()) throw new BadInputException(SourceLocation.of(name), "is empty; " + ACCEPTED);
        return docs;
    }

    /** Files as given; directories replaced by their JSON/YAML files sorted by name. */
    private static List<Path> expand(List<Path> paths) {
        List<Path> out = new ArrayList<>();
        for (Path p : paths) {
            if (!Files.isDirectory(p)) {
                out.add(p);
                continue;
            }
            try (Stream<Path> s = Files.list(p)) {
                List<Path> found = s.filter(Files::isRegularFile).filter(ChangeReaders::dataFile)
                        .sorted((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString())).toList();
                if (found.isEmpty()) {
                    throw new BadInputException(SourceLocation.of(p.toString()), "directory holds no *.yaml, *.yml or *.json files");
                }
                out.addAll(found);
            } catch (IOException e) {
                throw new BadInputException(SourceLocation.of(p.toString()), "directory cannot be listed: " + e.getMessage());
            }
        }
        return out;
    }

    private static boolean dataFile(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".yaml") || n.endsWith(".yml") || n.endsWith(".json");
    }

    private static String describe(Format f) {
        return switch (f) {
            case TERRAFORM_PLAN -> "Terraform/OpenTofu plan";
            case CHANGE_FILE -> "Blastwall change file";
            case KUBERNETES -> "Kubernetes manifest";
        };
    }
}
