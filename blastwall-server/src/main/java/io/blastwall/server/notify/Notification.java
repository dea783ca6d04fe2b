package io.blastwall.server.notify;

import java.net.URI;
import java.util.List;
import java.util.Objects;

/**
 * An event with what a message needs beyond the ledger entry: the change's title and author, the roles whose approval
 * the revision requires, and the link to the change in the console.
 *
 * @param event         what happened
 * @param title         the change's title ({@code ""} when it could not be read)
 * @param author        who proposed it ("agent:x acting for carol"), {@code ""} when unknown
 * @param rolesRequired roles that can approve (any of them), for a needs-approval event; empty when any human may
 * @param link          {@code PUBLIC_URL/changes/ID}
 *
 * <p>Immutable.
 */
public record Notification(Event event, String title, String author, List<String> rolesRequired, URI link) {
    public Notification {
        Objects.requireNonNull(event, "event");
        title = title == null ? "" : title;
        author = author == null ? "" : author;
        rolesRequired = rolesRequired == null ? List.of() : List.copyOf(rolesRequired);
        Objects.requireNonNull(link, "link");
    }

    /** The title, or the change id when there is none. */
    public String name() {
        return title.isBlank() ? event.changeId() : title;
    }
}
