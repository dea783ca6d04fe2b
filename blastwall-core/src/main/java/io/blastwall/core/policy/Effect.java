package io.blastwall.core.policy;

import java.time.Duration;
import java.util.List;

/**
 * What a policy asks for when its condition holds. A closed set: the verdict is a fold over the effects of the
 * findings, so every consumer switches over all of them. Immutable values.
 */
public sealed interface Effect {

    /** The name used in policy files and in output ({@code deny}, {@code require-approval} …). */
    String externalName();

    /** The change must not go ahead. */
    record Deny() implements Effect {
        public String externalName() { return "deny"; }
    }

    /** Worth telling the author and the reviewers; does not block. */
    record Warn() implements Effect {
        public String externalName() { return "warn"; }
    }

    /**
     * The change needs {@code count} human approvals, each from someone holding one of {@code roles} (any role when
     * empty). When {@code independentOfAuthor} is true no approval may come from the author — and for an agent's
     * change the agent and the human it acts for count as one author, so the operator who launched the agent cannot
     * approve it.
     */
    record RequireApproval(int count, List<String> roles, boolean independentOfAuthor) implements Effect {
        public RequireApproval {
            if (count < 1) throw new IllegalArgumentException("approval count must be at least 1, was " + count);
            roles = List.copyOf(roles);
        }
        public String externalName() { return "require-approval"; }
    }

    /**
     * The change must be rolled out in at least {@code minWaves} waves, each watched for {@code bakeTime} before the
     * next starts, and no wave may reach more than {@code maxShareAtOnce} (0 &lt; share &le; 1) of the targets.
     */
    record RequireProgressiveRollout(int minWaves, Duration bakeTime, double maxShareAtOnce) implements Effect {
        public RequireProgressiveRollout {
            if (minWaves < 1) throw new IllegalArgumentException("minWaves must be at least 1, was " + minWaves);
            if (bakeTime == null || bakeTime.isNegative()) throw new IllegalArgumentException("bakeTime must be zero or more");
            if (!(maxShareAtOnce > 0 && maxShareAtOnce <= 1)) {
                throw new IllegalArgumentException("maxShareAtOnce must be greater than 0 and at most 1, was " + maxShareAtOnce);
            }
        }
        public String externalName() { return "require-progressive-rollout"; }
    }
}
