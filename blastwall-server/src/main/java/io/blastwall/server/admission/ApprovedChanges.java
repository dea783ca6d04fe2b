package io.blastwall.server.admission;

import io.blastwall.core.change.Action;
import io.blastwall.core.change.ActionKind;
import io.blastwall.core.change.Change;
import io.blastwall.core.change.ChangeCodec;
import io.blastwall.core.change.Provenance;
import io.blastwall.core.controlplane.JsonCodec;
import io.blastwall.core.lifecycle.ChangeState;
import io.blastwall.core.store.StoreReader;
import io.blastwall.core.store.StoredChange;
import io.blastwall.core.store.StoredRevision;
import io.blastwall.formats.kubernetes.ObjectDigest;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the webhook needs to know about a change an agent's object names: its state and, for its current revision,
 * each Kubernetes object's digest (recorded by the manifest reader as the {@link ObjectDigest#ATTRIBUTE} action
 * attribute, kept in the revision's stored change) or that the object is deleted.
 *
 * <p>Read from the store on first use and kept for at most {@code ttl}; an entry is dropped as soon as the ledger
 * feed shows any step of its change (approval, withdrawal, rollout …), on every replica. Unknown ids are cached the
 * same way, so a flood of forged ids does not become a flood of store reads. Thread-safe.
 */
final class ApprovedChanges {

    /** One object of a revision: its digest, or a deletion. */
    record ApprovedObject(String digest, boolean delete) {
    }

    /**
     * A change as the webhook sees it.
     *
     * @param id       the change id
     * @param state    its state when read
     * @param revision its current revision number
     * @param objects  the Kubernetes objects of that revision, by address ({@code Kind/namespace/name})
     */
    record Known(String id, ChangeState state, int revision, Map<String, ApprovedObject> objects) {
        Known {
            objects = Map.copyOf(objects);
        }
    }

    private record Entry(Optional<Known> change, long expiresAt) {
    }

    private final StoreReader store;
    private final JsonCodec json;
    private final long ttlNanos;
    private final ConcurrentHashMap<String, Entry> cache = new ConcurrentHashMap<>();
    private static final int MAX_ENTRIES = 10_000;

    ApprovedChanges(StoreReader store, JsonCodec json, Duration ttl) {
        this.store = Objects.requireNonNull(store, "store");
        this.json = Objects.requireNonNull(json, "json");
        this.ttlNanos = ttl.toNanos();
    }

    /**
     * The change {@code id}, or empty when there is none.
     *
     * @throws RuntimeException when the store cannot be read (the caller fails closed)
     */
    Optional<Known> find(String id) {
        long now = System.nanoTime();
        Entry e = cache.get(id);
        if (e != null && now - e.expiresAt() < 0) return e.change();
        Optional<Known> read = read(id);
        if (ttlNanos > 0) {
            if (cache.size() >= MAX_ENTRIES) cache.clear(); // bounded: forged ids cannot grow it without limit
            cache.put(id, new Entry(read, now + ttlNanos));
        }
        return read;
    }

    /** Forgets what is known of a change (a ledger entry says it moved). */
    void invalidate(String id) {
        if (id != null) cache.remove(id);
    }

    private Optional<Known> read(String id) {
        Optional<StoredChange> c = store.findChange(id);
        if (c.isEmpty()) return Optional.empty();
        StoredChange ch = c.get();
        StoredRevision rev = store.findRevision(id, ch.currentRevision()).orElseThrow(() -> new IllegalStateException(
                "change " + id + " has no revision " + ch.currentRevision() + " in the store"));
        return Optional.of(new Known(id, ch.state(), rev.revision(), objects(rev)));
    }

    /** The Kubernetes objects of a revision, from the change kept in its content. */
    @SuppressWarnings("unchecked")
    private Map<String, ApprovedObject> objects(StoredRevision rev) {
        Map<String, ApprovedObject> out = new LinkedHashMap<>();
        if (!(json.read(rev.content()) instanceof Map<?, ?> content) || !(content.get("change") instanceof Map<?, ?> m)) {
            return out;
        }
        Change change = ChangeCodec.decode((Map<String, Object>) m, Provenance.UNKNOWN);
        for (Action a : change.actions()) {
            if (a.kind() instanceof ActionKind.Delete) {
                out.put(a.address(), new ApprovedObject("", true));
            } else if (a.attributes().get(ObjectDigest.ATTRIBUTE) instanceof String d) {
                out.putIfAbsent(a.address(), new ApprovedObject(d, false));
            }
        }
        return out;
    }
}
