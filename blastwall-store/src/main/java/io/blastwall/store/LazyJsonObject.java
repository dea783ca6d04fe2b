package io.blastwall.store;

import java.util.AbstractMap;
import java.util.Map;
import java.util.Set;

/**
 * A stored JSON object that is parsed ({@link StoredJson#readObject}) on first use, not when its row is read. The
 * event feed reads every ledger entry as it is committed, and most subscribers look only at the action and the change
 * id; the entry that records an analysis carries tens of kilobytes that nobody on the feed needs to parse.
 *
 * <p>Reads as the parsed object in every respect (equality and hash code too). A text that cannot be read throws
 * {@link io.blastwall.core.store.StoreException} at first use, as an eager read would have at the row. Thread-safe:
 * two threads racing on first use may both parse; they get equal maps.
 */
final class LazyJsonObject extends AbstractMap<String, Object> {

    private final String text;
    private volatile Map<String, Object> parsed;

    LazyJsonObject(String text) {
        this.text = text;
    }

    private Map<String, Object> map() {
        Map<String, Object> m = parsed;
        if (m == null) {
            m = StoredJson.readObject(text);
            parsed = m;
        }
        return m;
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        return map().entrySet();
    }

    @Override
    public Object get(Object key) {
        return map().get(key);
    }

    @Override
    public boolean containsKey(Object key) {
        return map().containsKey(key);
    }

    @Override
    public int size() {
        return map().size();
    }
}
