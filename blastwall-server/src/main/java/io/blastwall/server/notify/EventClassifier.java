package io.blastwall.server.notify;

import io.blastwall.core.ledger.LedgerEntry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Decides which ledger entries people are told about, and reads the facts out of them.
 *
 * <p>A {@code change.transition} into awaiting-approval, approved, rejected, rolling-out, halted, rolled-back or
 * completed is an event. So are the rollout engine's own entries for the rollout as a whole:
 * {@code rollout.started}, {@code rollout.halted} and {@code rollout.paused}, {@code rollout.rolled-back},
 * {@code rollout.completed}; wave entries ({@code rollout.wave.*}: applied, judged, rolled back one wave) and requests
 * ({@code rollout.rollback-requested}) are progress, not news, and are not sent. When the engine records both a transition and its own entry for the same step, only the first is sent:
 * an event of the same kind for the same change, read from the <em>other</em> kind of entry within
 * {@value #DUPLICATE_WINDOW} ledger entries, is a duplicate. Two transitions are never duplicates of each other (an
 * amended change that needs approval again is news again).
 *
 * <p>Not thread-safe: used by the one thread that delivers the event feed.
 */
final class EventClassifier {

    static final int DUPLICATE_WINDOW = 16;
    private static final int REMEMBERED = 1024;

    private record Sent(long sequence, boolean transition) {
    }

    /** (change id, kind) → the last event sent, the oldest forgotten first. */
    private final Map<String, Sent> recent = new LinkedHashMap<>(64, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Sent> eldest) {
            return size() > REMEMBERED;
        }
    };

    Optional<Event> classify(LedgerEntry e) {
        if (e.changeId().isEmpty()) return Optional.empty();
        Optional<Event.Kind> kind = kindOf(e);
        if (kind.isEmpty()) return Optional.empty();
        String key = e.changeId() + '\n' + kind.get();
        boolean transition = e.action().equals("change.transition");
        Sent last = recent.get(key);
        if (last != null && last.transition() != transition && e.sequence() - last.sequence() <= DUPLICATE_WINDOW) {
            return Optional.empty();
        }
        recent.put(key, new Sent(e.sequence(), transition));
        Map<String, Object> p = e.payload();
        Map<String, Object> summary = map(p.get("summary"));
        return Optional.of(new Event(kind.get(), e.sequence(), e.time(), e.changeId(), e.actor(), e.action(),
                text(p.get("from")), text(p.get("to")), number(p.get("revision"), 0), text(p.get("reason")),
                text(summary.get("verdict")), number(summary.get("risk"), -1), strings(summary.get("approvalsRequired")),
                text(summary.get("headline"))));
    }

    static Optional<Event.Kind> kindOf(LedgerEntry e) {
        if (e.action().equals("change.transition")) {
            return switch (text(e.payload().get("to"))) {
                case "awaiting-approval" -> Optional.of(Event.Kind.NEEDS_APPROVAL);
                case "approved" -> Optional.of(Event.Kind.APPROVED);
                case "rejected" -> Optional.of(Event.Kind.REJECTED);
                case "rolling-out" -> Optional.of(Event.Kind.ROLLOUT_STARTED);
                case "halted" -> Optional.of(Event.Kind.HALTED);
                case "rolled-back" -> Optional.of(Event.Kind.ROLLED_BACK);
                case "completed" -> Optional.of(Event.Kind.COMPLETED);
                default -> Optional.empty();
            };
        }
        if (e.action().startsWith("rollout.")) {
            // the rollout as a whole, not its waves (rollout.wave.rolled-back is one wave of several)
            return switch (e.action().substring("rollout.".length()).toLowerCase(Locale.ROOT)) {
                case "started" -> Optional.of(Event.Kind.ROLLOUT_STARTED);
                case "halted", "paused" -> Optional.of(Event.Kind.HALTED);
                case "rolled-back" -> Optional.of(Event.Kind.ROLLED_BACK);
                case "completed" -> Optional.of(Event.Kind.COMPLETED);
                default -> Optional.empty();
            };
        }
        return Optional.empty();
    }

    static String text(Object o) {
        return o == null ? "" : o.toString();
    }

    static int number(Object o, int otherwise) {
        return o instanceof Number n ? n.intValue() : otherwise;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
        return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    static List<String> strings(Object o) {
        List<String> out = new ArrayList<>();
        if (o instanceof List<?> l) for (Object x : l) if (x != null) out.add(x.toString());
        return out;
    }
}
