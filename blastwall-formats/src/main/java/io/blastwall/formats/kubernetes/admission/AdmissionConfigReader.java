package io.blastwall.formats.kubernetes.admission;

import io.blastwall.core.BadInputException;
import io.blastwall.core.SourceLocation;
import io.blastwall.formats.doc.Documents;
import io.blastwall.formats.doc.Fields;
import io.blastwall.formats.doc.LocatedDocument;
import io.blastwall.formats.kubernetes.admission.AdmissionConfig.Identities;
import io.blastwall.formats.kubernetes.admission.AdmissionConfig.OnError;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads the admission webhook's configuration file ({@code apiVersion: blastwall.io/v1}, {@code kind: AdmissionConfig};
 * format in docs/admission-webhook.md). Unknown keys are refused (a misspelt {@code agents} would otherwise make every
 * agent a human), as are empty entries and service accounts not written {@code namespace:name}; every problem names
 * file, line and path. Stateless and thread-safe.
 */
public final class AdmissionConfigReader {

    private static final Set<String> TOP = Set.of("apiVersion", "kind", "agents", "exempt", "onError", "cache", "maxReviewBytes");
    private static final Set<String> IDENTITY_KEYS = Set.of("usernames", "groups", "serviceAccounts");

    private AdmissionConfigReader() {
    }

    public static AdmissionConfig read(Path file) {
        List<LocatedDocument> docs = Documents.read(file, 1024 * 1024);
        if (docs.size() != 1) {
            throw new BadInputException(SourceLocation.of(file.toString()), "expected one YAML document (kind: AdmissionConfig), found " + docs.size());
        }
        return read(docs.getFirst());
    }

    public static AdmissionConfig read(LocatedDocument doc) {
        Fields f = new Fields(doc);
        Map<String, Object> root = f.object(doc.root(), "$");
        if (!"blastwall.io/v1".equals(root.get("apiVersion"))) {
            throw f.error("$.apiVersion", "expected blastwall.io/v1, found " + Fields.describe(root.get("apiVersion")));
        }
        if (!"AdmissionConfig".equals(root.get("kind"))) {
            throw f.error("$.kind", "expected AdmissionConfig, found " + Fields.describe(root.get("kind")));
        }
        known(f, root, TOP, "$");
        Identities agents = identities(f, root.get("agents"), "$.agents");
        Identities exempt = identities(f, root.get("exempt"), "$.exempt");
        OnError agentsOnError = OnError.DENY, humansOnError = OnError.DENY;
        if (root.get("onError") != null) {
            Map<String, Object> on = f.object(root.get("onError"), "$.onError");
            known(f, on, Set.of("agents", "humans"), "$.onError");
            agentsOnError = onError(f, on, "agents");
            humansOnError = onError(f, on, "humans");
        }
        Duration ttl = AdmissionConfig.DEFAULT_CACHE_TTL;
        if (root.get("cache") != null) {
            Map<String, Object> c = f.object(root.get("cache"), "$.cache");
            known(f, c, Set.of("ttlSeconds"), "$.cache");
            long s = f.optLong(c, "ttlSeconds", "$.cache").orElse(ttl.toSeconds());
            if (s < 0 || s > 3600) throw f.error("$.cache.ttlSeconds", "expected 0..3600 seconds, found " + s);
            ttl = Duration.ofSeconds(s);
        }
        long max = f.optLong(root, "maxReviewBytes", "$").orElse(AdmissionConfig.DEFAULT_MAX_REVIEW_CHARS);
        if (max < 1024 || max > 64L * 1024 * 1024) {
            throw f.error("$.maxReviewBytes", "expected 1024 .. 67108864 bytes, found " + max);
        }
        return new AdmissionConfig(agents, exempt, agentsOnError, humansOnError, ttl, max);
    }

    private static OnError onError(Fields f, Map<String, Object> on, String key) {
        String v = f.optString(on, key, "$.onError").orElse("deny").strip().toLowerCase(Locale.ROOT);
        return switch (v) {
            case "deny" -> OnError.DENY;
            case "allow" -> OnError.ALLOW;
            default -> throw f.error("$.onError." + key, "expected deny or allow, found '" + v + "'");
        };
    }

    private static Identities identities(Fields f, Object node, String at) {
        if (node == null) return Identities.NONE;
        Map<String, Object> m = f.object(node, at);
        known(f, m, IDENTITY_KEYS, at);
        List<String> sas = entries(f, m.get("serviceAccounts"), at + ".serviceAccounts");
        for (int i = 0; i < sas.size(); i++) {
            String s = sas.get(i);
            if (s.startsWith(Identities.SERVICE_ACCOUNT_PREFIX) || s.chars().filter(c -> c == ':').count() != 1) {
                throw f.error(at + ".serviceAccounts[" + i + "]", "expected namespace:name (globs allowed, e.g. agents:*), found '"
                        + s + "'; the username system:serviceaccount:namespace:name goes under usernames");
            }
        }
        return new Identities(entries(f, m.get("usernames"), at + ".usernames"), entries(f, m.get("groups"), at + ".groups"), sas);
    }

    private static List<String> entries(Fields f, Object node, String at) {
        if (node == null) return List.of();
        List<Object> l = f.list(node, at);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < l.size(); i++) {
            if (!(l.get(i) instanceof String s) || s.isBlank()) {
                throw f.error(at + "[" + i + "]", "expected a non-empty name or glob, found " + Fields.describe(l.get(i)));
            }
            out.add(s.strip());
        }
        return out;
    }

    private static void known(Fields f, Map<String, Object> m, Set<String> keys, String at) {
        for (String k : m.keySet()) {
            if (!keys.contains(k)) {
                throw f.error(at + "." + k, "unknown key '" + k + "'; expected one of " + new java.util.TreeSet<>(keys));
            }
        }
    }
}
