package io.blastwall.server.notify;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Something people are told about, read from one ledger entry: which change, what happened to it, who did it, why,
 * and the summary the ledger keeps beside the transition (verdict, risk, approvals required, headline).
 *
 * @param kind              what happened
 * @param sequence          the ledger entry's sequence number: a delivery id receivers can deduplicate on
 * @param at                when it was recorded
 * @param changeId          the change
 * @param actor             who did it ({@code system} for the control plane's own steps)
 * @param action            the ledger action it was read from ({@code change.transition}, {@code rollout.halted} …)
 * @param from              the state the change left ({@code ""} when the entry is not a transition)
 * @param to                the state it entered ({@code ""} likewise)
 * @param revision          the revision concerned, 0 when unknown
 * @param reason            the reason the ledger gives, {@code ""} when none
 * @param verdict           the revision's verdict, {@code ""} when unknown
 * @param risk              its risk score, -1 when unknown
 * @param approvalsRequired one line per approval requirement ("2 approvals from senior, independent of the author")
 * @param headline          the analysis' first line of explanation
 *
 * <p>Immutable.
 */
public record Event(Kind kind, long sequence, Instant at, String changeId, String actor, String action, String from,
                    String to, int revision, String reason, String verdict, int risk, List<String> approvalsRequired,
                    String headline) {

    /** What happened to a change, as people are told. */
    public enum Kind {
        NEEDS_APPROVAL("change.needs-approval", "Approval needed"),
        APPROVED("change.approved", "Approved"),
        REJECTED("change.rejected", "Rejected"),
        ROLLOUT_STARTED("change.rollout-started", "Rolling out"),
        HALTED("change.halted", "Rollout halted"),
        ROLLED_BACK("change.rolled-back", "Rolled back"),
        COMPLETED("change.completed", "Rollout completed");

        private final String eventName;
        private final String headline;

        Kind(String eventName, String headline) {
            this.eventName = eventName;
            this.headline = headline;
        }

        /** The {@code event} field and {@code X-Blastwall-Event} header of webhook deliveries. */
        public String eventName() {
            return eventName;
        }

        /** The words a chat message starts with. */
        public String headline() {
            return headline;
        }
    }

    public Event {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(changeId, "changeId");
        actor = actor == null ? "" : actor;
        action = action == null ? "" : action;
        from = from == null ? "" : from;
        to = to == null ? "" : to;
        reason = reason == null ? "" : reason;
        verdict = verdict == null ? "" : verdict;
        approvalsRequired = approvalsRequired == null ? List.of() : List.copyOf(approvalsRequired);
        headline = headline == null ? "" : headline;
    }
}
