package io.blastwall.server;

import io.blastwall.core.canonical.Sha256;
import io.blastwall.core.BadInputException;
import io.blastwall.core.SourceLocation;
import io.blastwall.core.controlplane.Config;
import io.blastwall.core.estate.Estate;
import io.blastwall.core.policy.PolicySet;
import io.blastwall.core.policy.PolicySpec;
import io.blastwall.formats.estate.EstateSources;
import io.blastwall.formats.policy.PolicyFileReader;
import io.blastwall.formats.policy.PolicyPacks;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Loads the estate and policy set the server analyses against, and computes their versions: {@code sha256:} over the
 * sources' file names and bytes, in a fixed order, so identical sources give identical versions on every replica and
 * after every restart. Without policy paths the bundled default pack is used (its version is the hash of the pack's
 * files). Anything wrong throws one {@link BadInputException} naming file, line and path; nothing partial is returned.
 *
 * <p>Stateless and thread-safe.
 */
public final class ConfigLoader {

    /** Sources label of the bundled pack. */
    public static final String BUNDLED = "bundled:default";

    private ConfigLoader() {
    }

    public static Config load(List<Path> estateFiles, List<Path> policyPaths, Clock clock) {
        if (estateFiles.isEmpty()) {
            throw new BadInputException(SourceLocation.of("--estate"), "no estate given: the server needs the estate "
                    + "changes are analysed against (Blastwall estate files or Backstage catalogs)");
        }
        Estate estate = EstateSources.loadDetected(estateFiles, false).requireNoErrors();
        Digest estateDigest = new Digest();
        for (Path f : estateFiles.stream().sorted().toList()) estateDigest.add(f.getFileName().toString(), read(f));

        PolicySet policies;
        Digest policyDigest = new Digest();
        List<String> policySources = new ArrayList<>();
        if (policyPaths.isEmpty()) {
            policies = PolicyPacks.defaultPolicySet();
            for (String name : PolicyPacks.index(PolicyPacks.DEFAULT_PACK)) {
                policyDigest.add(name, resource(PolicyPacks.DEFAULT_PACK + name));
            }
            policySources.add(BUNDLED);
        } else {
            List<PolicySpec> specs = new ArrayList<>();
            List<BadInputException.Problem> problems = new ArrayList<>();
            for (Path p : policyPaths) {
                try {
                    specs.addAll(PolicyFileReader.read(p));
                    for (Path f : policyFiles(p)) policyDigest.add(f.getFileName().toString(), read(f));
                    policySources.add(p.toString());
                } catch (BadInputException e) {
                    problems.addAll(e.problems());
                }
            }
            if (!problems.isEmpty()) throw new BadInputException(problems);
            if (specs.isEmpty()) {
                throw new BadInputException(SourceLocation.of(policyPaths.getFirst().toString()), "no policies found; "
                        + "an empty policy set would allow everything");
            }
            policies = PolicySet.compile(specs);
        }
        return new Config(estate, policies, estateDigest.version(), policyDigest.version(),
                estateFiles.stream().map(Path::toString).toList(), policySources, clock.instant());
    }

    private static List<Path> policyFiles(Path p) {
        if (!Files.isDirectory(p)) return List.of(p);
        try (Stream<Path> s = Files.list(p)) {
            return s.filter(f -> {
                String n = f.getFileName().toString().toLowerCase(Locale.ROOT);
                return (n.endsWith(".yaml") || n.endsWith(".yml")) && Files.isRegularFile(f);
            }).sorted().toList();
        } catch (IOException e) {
            throw new BadInputException(SourceLocation.of(p.toString()), "cannot be read: " + e.getMessage());
        }
    }

    private static byte[] read(Path f) {
        try {
            return Files.readAllBytes(f);
        } catch (IOException e) {
            throw new BadInputException(SourceLocation.of(f.toString()), "cannot be read: " + e.getMessage());
        }
    }

    private static byte[] resource(String path) {
        try (InputStream in = PolicyPacks.class.getResourceAsStream(path)) {
            if (in == null) throw new IllegalStateException("missing classpath resource " + path);
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read classpath resource " + path, e);
        }
    }

    /** SHA-256 over (name length, name, content length, content) of each source, so no two inputs collide by concatenation. */
    private static final class Digest {
        private final MessageDigest md;

        Digest() {
            md = Sha256.newDigest();
        }

        void add(String name, byte[] content) {
            Sha256.addPart(md, name.getBytes(StandardCharsets.UTF_8));
            Sha256.addPart(md, content);
        }

        String version() {
            return "sha256:" + HexFormat.of().formatHex(md.digest());
        }
    }
}
