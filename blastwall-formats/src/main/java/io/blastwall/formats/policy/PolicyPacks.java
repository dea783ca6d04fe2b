package io.blastwall.formats.policy;

import io.blastwall.core.BadInputException;
import io.blastwall.core.policy.PolicySet;
import io.blastwall.core.policy.PolicySpec;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The policy pack bundled with Blastwall, read from the classpath so it works inside a shaded jar (where a directory
 * cannot be listed): {@value #DEFAULT_PACK}{@code index.txt} names the pack's files, one per line, in evaluation
 * order. What each policy does and why is in docs/policies.md. Stateless and thread-safe; the pack is read again on
 * every call (it is small), so callers cache the compiled {@link PolicySet} themselves.
 */
public final class PolicyPacks {

    /** Classpath folder of the default pack. */
    public static final String DEFAULT_PACK = "/io/blastwall/policies/default/";

    private PolicyPacks() {
    }

    /** The default pack's policies, in index order. */
    public static List<PolicySpec> defaultPack() {
        return fromClasspath(DEFAULT_PACK);
    }

    /** The default pack, compiled. */
    public static PolicySet defaultPolicySet() {
        return PolicySet.compile(defaultPack());
    }

    /** The file names listed in a classpath pack's {@code index.txt}, in order. */
    public static List<String> index(String folder) {
        String text = resource(folder + "index.txt");
        List<String> names = new ArrayList<>();
        for (String line : text.split("\r?\n")) {
            String t = line.strip();
            if (!t.isEmpty() && !t.startsWith("#")) names.add(t);
        }
        return List.copyOf(names);
    }

    /**
     * Reads a pack from a classpath folder holding an {@code index.txt}. A broken bundled pack is a build defect, but
     * it is still reported as {@link BadInputException} naming the resource and line, like any other policy file.
     */
    public static List<PolicySpec> fromClasspath(String folder) {
        List<PolicySpec> out = new ArrayList<>();
        List<BadInputException.Problem> problems = new ArrayList<>();
        for (String name : index(folder)) {
            try {
                out.addAll(PolicyFileReader.parse("classpath:" + folder.substring(1) + name, resource(folder + name)));
            } catch (BadInputException e) {
                problems.addAll(e.problems());
            }
        }
        if (!problems.isEmpty()) throw new BadInputException(problems);
        return List.copyOf(out);
    }

    private static String resource(String path) {
        try (InputStream in = PolicyPacks.class.getResourceAsStream(path)) {
            if (in == null) throw new IllegalStateException("missing classpath resource " + path + " (a packaging defect)");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read classpath resource " + path, e);
        }
    }
}
