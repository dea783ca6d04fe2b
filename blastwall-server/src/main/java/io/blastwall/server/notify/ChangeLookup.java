package io.blastwall.server.notify;

import io.blastwall.core.change.Provenance;
import io.blastwall.core.controlplane.ChangeView;
import io.blastwall.core.controlplane.ControlPlane;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads what a message says about a change beyond its ledger entry. Called on the delivery threads, never on the
 * event thread; a change that cannot be read is sent with what the ledger entry holds.
 */
@FunctionalInterface
public interface ChangeLookup {

    /** Title, author and the roles the revision's approvals require. */
    record Facts(String title, String author, List<String> rolesRequired) {
        public Facts {
            rolesRequired = List.copyOf(rolesRequired);
        }
    }

    /** @throws RuntimeException when the change cannot be read (the store is down, the change is unknown) */
    Facts facts(String changeId, int revision);

    /** Reads through the control plane (the same store every replica shares). */
    static ChangeLookup of(ControlPlane cp) {
        return (id, revision) -> {
            ChangeView v = cp.change(id);
            Map<String, Object> analysis = revision > 0 && revision != v.revision().revision()
                    ? cp.analysisOf(cp.revision(id, revision)) : v.analysis();
            return new Facts(v.change().title(), author(v.change().author()), roles(analysis));
        };
    }

    private static String author(Provenance p) {
        if (p.kind() == Provenance.AuthorKind.AGENT && !p.onBehalfOf().isEmpty()) return p.id() + " acting for " + p.onBehalfOf();
        return p.id();
    }

    /** The distinct roles named by the analysis' {@code requirements.approvals[].roles}, in order. */
    static List<String> roles(Map<String, Object> analysis) {
        List<String> out = new ArrayList<>();
        Object approvals = EventClassifier.map(analysis.get("requirements")).get("approvals");
        if (approvals instanceof List<?> list) {
            for (Object r : list) {
                for (String role : EventClassifier.strings(EventClassifier.map(r).get("roles"))) {
                    if (!out.contains(role)) out.add(role);
                }
            }
        }
        return out;
    }
}
