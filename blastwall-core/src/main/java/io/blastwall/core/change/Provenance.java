package io.blastwall.core.change;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Who proposed a change. For an agent: its own identity, the model, the human it acts for,
 * the session and a hash of the prompt it was given. The agent and the human it acts for count as one author.
 *
 * <p>Immutable value; empty strings stand for "not given".
 */
public record Provenance(AuthorKind kind, String id, String model, String onBehalfOf, String sessionId, String promptHash) {

    public enum AuthorKind {
        HUMAN, AGENT;

        public String externalName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Optional<AuthorKind> parse(String s) {
            if (s == null) return Optional.empty();
            return switch (s.trim().toLowerCase(Locale.ROOT)) {
                case "human", "user", "person" -> Optional.of(HUMAN);
                case "agent", "ai", "bot" -> Optional.of(AGENT);
                default -> Optional.empty();
            };
        }
    }

    /** Used when nobody said who proposed the change: policies treat it as an unidentified human. */
    public static final Provenance UNKNOWN = new Provenance(AuthorKind.HUMAN, "", "", "", "", "");

    public Provenance {
        Objects.requireNonNull(kind, "kind");
        id = id == null ? "" : id.trim();
        model = model == null ? "" : model.trim();
        onBehalfOf = onBehalfOf == null ? "" : onBehalfOf.trim();
        sessionId = sessionId == null ? "" : sessionId.trim();
        promptHash = promptHash == null ? "" : promptHash.trim();
        if (kind == AuthorKind.HUMAN && !(model.isEmpty() && sessionId.isEmpty() && promptHash.isEmpty() && onBehalfOf.isEmpty())) {
            throw new IllegalArgumentException("model, on-behalf-of, session and prompt hash describe an agent; the author kind is human");
        }
        if (kind == AuthorKind.AGENT && id.isEmpty()) {
            throw new IllegalArgumentException("an agent author needs its own id");
        }
        if (kind == AuthorKind.AGENT && onBehalfOf.isEmpty()) {
            throw new IllegalArgumentException("an agent author needs the human it acts for (on-behalf-of)");
        }
    }

    public static Provenance human(String id) {
        return new Provenance(AuthorKind.HUMAN, id, "", "", "", "");
    }

    public static Provenance agent(String id, String model, String onBehalfOf, String sessionId, String promptHash) {
        return new Provenance(AuthorKind.AGENT, id, model, onBehalfOf, sessionId, promptHash);
    }

    public boolean isAgent() {
        return kind == AuthorKind.AGENT;
    }

    /** The human accountable for the change: the author, or the human an agent acts for. */
    public String accountableHuman() {
        return isAgent() ? onBehalfOf : id;
    }
}
