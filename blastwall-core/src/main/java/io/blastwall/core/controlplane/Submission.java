package io.blastwall.core.controlplane;

import java.util.List;
import java.util.Objects;

/**
 * What a client submits (or amends with): the documents and the little provenance the body may carry. Who the author
 * is — human or agent, model, the human an agent acts for — never comes from here but from the authenticated
 * principal.
 *
 * @param title      a short title; empty to take the one the documents carry, if any
 * @param format     {@code auto}, {@code terraform-plan}, {@code kubernetes} or {@code blastwall-change}
 * @param documents  the documents, at least one
 * @param sessionId  an agent's session id; empty when not given (a human may not give one)
 * @param promptHash a hash of the prompt the agent was given; empty when not given
 *
 * <p>Immutable.
 */
public record Submission(String title, String format, List<SubmittedDocument> documents, String sessionId,
                         String promptHash) {
    public Submission {
        title = title == null ? "" : title.strip();
        format = format == null || format.isBlank() ? "auto" : format.strip();
        documents = List.copyOf(Objects.requireNonNull(documents, "documents"));
        sessionId = sessionId == null ? "" : sessionId.strip();
        promptHash = promptHash == null ? "" : promptHash.strip();
    }

    public static Submission of(List<SubmittedDocument> documents) {
        return new Submission("", "auto", documents, "", "");
    }
}
