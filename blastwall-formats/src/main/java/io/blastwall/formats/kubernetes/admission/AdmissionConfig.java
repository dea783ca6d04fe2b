package io.blastwall.formats.kubernetes.admission;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How the admission webhook treats whom: which identities are agents (their writes must be exactly an approved
 * change), which are exempt (cluster machinery, never checked), and what happens when Blastwall cannot decide.
 * Read from a YAML file by {@link AdmissionConfigReader}; the format is in docs/admission-webhook.md.
 *
 * @param agents          identities whose writes need an approved change
 * @param exempt          identities allowed without any check (controllers, nodes); checked before {@code agents}
 * @param agentsOnError   the answer for an agent when Blastwall cannot decide (store unavailable): deny by default
 * @param humansOnError   the answer for anyone else when Blastwall cannot decide (policies fail to evaluate)
 * @param cacheTtl        how long an approved change's state and object digests, and a verdict on one object, are
 *                        reused without asking the store or the policies again
 * @param maxReviewChars  the largest AdmissionReview accepted
 *
 * <p>Immutable and thread-safe.
 */
public record AdmissionConfig(Identities agents, Identities exempt, OnError agentsOnError, OnError humansOnError,
                              Duration cacheTtl, long maxReviewChars) {

    /** 3 MiB: the API server refuses objects over about 1.5 MiB, an UPDATE review carries two of them. */
    public static final long DEFAULT_MAX_REVIEW_CHARS = 3L * 1024 * 1024;
    public static final Duration DEFAULT_CACHE_TTL = Duration.ofSeconds(5);

    /** What to answer when no decision can be taken. */
    public enum OnError { DENY, ALLOW }

    public AdmissionConfig {
        Objects.requireNonNull(agents, "agents");
        Objects.requireNonNull(exempt, "exempt");
        Objects.requireNonNull(agentsOnError, "agentsOnError");
        Objects.requireNonNull(humansOnError, "humansOnError");
        Objects.requireNonNull(cacheTtl, "cacheTtl");
        if (cacheTtl.isNegative()) throw new IllegalArgumentException("cacheTtl must be >= 0");
        if (maxReviewChars < 1024) throw new IllegalArgumentException("maxReviewChars must be at least 1024");
    }

    /** Nobody is an agent or exempt; fail closed; defaults for the rest. */
    public static AdmissionConfig defaults() {
        return new AdmissionConfig(Identities.NONE, Identities.NONE, OnError.DENY, OnError.DENY, DEFAULT_CACHE_TTL,
                DEFAULT_MAX_REVIEW_CHARS);
    }

    /**
     * A set of identities by username, group and service account ({@code namespace:name}); every entry may use the
     * glob wildcards {@code *} (any run of characters) and {@code ?} (one character).
     */
    public record Identities(List<String> usernames, List<String> groups, List<String> serviceAccounts) {

        public static final Identities NONE = new Identities(List.of(), List.of(), List.of());
        /** The username prefix of Kubernetes service accounts. */
        public static final String SERVICE_ACCOUNT_PREFIX = "system:serviceaccount:";

        public Identities {
            usernames = List.copyOf(usernames);
            groups = List.copyOf(groups);
            serviceAccounts = List.copyOf(serviceAccounts);
        }

        /** The entry that matches the user (e.g. {@code group ai-agents}), or empty. */
        public Optional<String> match(AdmissionRequest.UserInfo user) {
            for (String u : usernames) if (glob(u).matcher(user.username()).matches()) return Optional.of("username " + u);
            for (String g : groups) {
                Pattern p = glob(g);
                for (String have : user.groups()) if (p.matcher(have).matches()) return Optional.of("group " + g);
            }
            if (user.username().startsWith(SERVICE_ACCOUNT_PREFIX)) {
                String sa = user.username().substring(SERVICE_ACCOUNT_PREFIX.length());
                for (String s : serviceAccounts) if (glob(s).matcher(sa).matches()) return Optional.of("service account " + s);
            }
            return Optional.empty();
        }

        /** Every entry, for display. */
        public List<String> describe() {
            List<String> out = new ArrayList<>();
            usernames.forEach(u -> out.add("username " + u));
            groups.forEach(g -> out.add("group " + g));
            serviceAccounts.forEach(s -> out.add("serviceAccount " + s));
            return out;
        }
    }

    private static final java.util.concurrent.ConcurrentHashMap<String, Pattern> GLOBS = new java.util.concurrent.ConcurrentHashMap<>();

    /** A glob as a pattern, compiled once per distinct glob (the configured lists are small and fixed). */
    static Pattern glob(String glob) {
        return GLOBS.computeIfAbsent(glob, g -> {
            StringBuilder re = new StringBuilder();
            StringBuilder lit = new StringBuilder();
            for (char c : g.toCharArray()) {
                if (c == '*' || c == '?') {
                    if (!lit.isEmpty()) re.append(Pattern.quote(lit.toString()));
                    lit.setLength(0);
                    re.append(c == '*' ? ".*" : ".");
                } else {
                    lit.append(c);
                }
            }
            if (!lit.isEmpty()) re.append(Pattern.quote(lit.toString()));
            return Pattern.compile(re.toString(), Pattern.DOTALL);
        });
    }
}
