package io.blastwall.core.change;

import io.blastwall.core.SourceLocation;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One thing a change does to one resource.
 *
 * @param address    the resource's address in its own format (Terraform address, {@code Kind/namespace/name}, component id)
 * @param type       resource type ({@code aws_db_instance}, {@code Deployment}, {@code config}), may be empty
 * @param target     what it names, for mapping onto the estate
 * @param kind       what it does
 * @param reason     why the source says it happens (Terraform's {@code action_reason}), may be empty
 * @param nodes      estate node ids it lands on; empty when unmapped (then its blast radius is unknown)
 * @param attributes extra facts for policies (string, long, double, boolean, lists and maps of them only;
 *                   never sensitive values)
 * @param where      where in the input it was read
 */
public record Action(String address, String type, ResourceRef target, ActionKind kind, String reason,
                     List<String> nodes, Map<String, Object> attributes, SourceLocation where) {

    public Action {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(kind, "kind");
        type = type == null ? "" : type;
        reason = reason == null ? "" : reason;
        nodes = nodes == null ? List.of() : List.copyOf(nodes);
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
        where = where == null ? SourceLocation.UNKNOWN : where;
    }

    public Action withNodes(List<String> mapped) {
        return new Action(address, type, target, kind, reason, mapped, attributes, where);
    }

    public boolean mapped() {
        return !nodes.isEmpty();
    }

    /** True for actions that change nothing in the estate (reads and no-ops). */
    public boolean inert() {
        return kind instanceof ActionKind.Read || kind instanceof ActionKind.NoOp;
    }
}
