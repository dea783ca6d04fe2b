package io.blastwall.core.rollout;

import io.blastwall.core.controlplane.ChangeView;
import io.blastwall.core.controlplane.ControlPlane;
import io.blastwall.core.lifecycle.ChangeState;
import io.blastwall.core.lifecycle.IllegalTransitionException;
import io.blastwall.core.store.Principal;
import io.blastwall.core.verdict.RolloutRequirement;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Starts a rollout for a change as the control plane knows it: re-checks the change under the estate and policies in
 * force (refusing before the first wave when anything differs, which has invalidated its approvals), expands the
 * components its actions map to into targets per zone, folds the verdict's rollout requirement into the base policy,
 * and hands it to {@link RolloutCommands#start}.
 *
 * <p>Thread-safe.
 */
public final class RolloutService {

    private final ControlPlane controlPlane;
    private final RolloutCommands commands;
    private final RolloutPolicy basePolicy;

    public RolloutService(ControlPlane controlPlane, RolloutCommands commands, RolloutPolicy basePolicy) {
        this.controlPlane = Objects.requireNonNull(controlPlane, "controlPlane");
        this.commands = Objects.requireNonNull(commands, "commands");
        this.basePolicy = Objects.requireNonNull(basePolicy, "basePolicy");
    }

    public RolloutCommands commands() {
        return commands;
    }

    /**
     * Re-checks, plans and starts.
     *
     * @throws RolloutRefusedException when the change is not approved, its approvals were invalidated by the re-check,
     *                                 or the plan is refused (no targets, "everywhere at once" refused)
     */
    public Rollout start(Principal actor, String changeId) {
        ControlPlane.Recheck rc;
        try {
            rc = controlPlane.recheck(actor, changeId);
        } catch (IllegalTransitionException e) {
            throw new RolloutRefusedException("not-approved", "change " + changeId + " is " + e.from().externalName()
                    + "; only an approved change is rolled out");
        }
        ChangeView v = rc.change();
        if (rc.changed()) {
            throw new RolloutRefusedException("approvals-invalidated", "the re-check before the first wave found "
                    + String.join("; ", rc.differences()) + ": " + rc.approvalsInvalidated() + " approval(s) were "
                    + "invalidated and change " + changeId + " is now " + v.change().state().externalName()
                    + "; it must be approved again at revision " + v.revision().revision() + " before it is rolled out");
        }
        if (v.change().state() != ChangeState.APPROVED) {
            throw new RolloutRefusedException("not-approved", "change " + changeId + " is "
                    + v.change().state().externalName() + "; only an approved change is rolled out");
        }
        var config = controlPlane.config();
        if (!config.estateVersion().equals(v.revision().estateVersion())
                || !config.policyVersion().equals(v.revision().policyVersion())) {
            // a reload landed between the re-check and now: the approvals were given under another estate or policy set
            throw new RolloutRefusedException("approvals-invalidated", "the estate or policies were reloaded while change "
                    + changeId + " was being re-checked; start the rollout again so it is re-checked under the set in force");
        }
        Map<String, Object> tree = v.analysis();
        Map<String, Object> change = object(tree.get("change"));
        Set<String> nodes = new LinkedHashSet<>();
        if (change.get("actions") instanceof List<?> actions) {
            for (Object o : actions) {
                Map<String, Object> a = object(o);
                String kind = String.valueOf(a.get("kind"));
                if (kind.equals("read") || kind.equals("no-op")) continue; // changes nothing: nothing to roll out
                if (a.get("nodes") instanceof List<?> ns) for (Object n : ns) nodes.add(String.valueOf(n));
            }
        }
        boolean everywhere = Boolean.TRUE.equals(object(change.get("scope")).get("everywhere"));
        Map<String, Object> reqs = object(tree.get("requirements"));
        RolloutPolicy policy = basePolicy.strictest(requirement(object(reqs.get("rollout"))));
        List<String> roles = new ArrayList<>();
        if (reqs.get("approvals") instanceof List<?> approvals) {
            for (Object o : approvals) {
                if (object(o).get("roles") instanceof List<?> rs) for (Object r : rs) roles.add(String.valueOf(r));
            }
        }
        List<RolloutTarget> targets = WavePlanner.targets(config.estate(), nodes);
        return commands.start(actor, new RolloutCommands.StartRequest(changeId, v.revision().revision(),
                v.revision().contentHash(), targets, everywhere, policy, roles.stream().distinct().toList()));
    }

    private static Optional<RolloutRequirement> requirement(Map<String, Object> r) {
        if (r.isEmpty()) return Optional.empty();
        return Optional.of(new RolloutRequirement(((Number) r.get("minWaves")).intValue(),
                Duration.ofSeconds(((Number) r.get("bakeTimeSeconds")).longValue()),
                ((Number) r.get("maxShareAtOnce")).doubleValue(), List.of()));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Object o) {
        return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }
}
