package io.blastwall.formats.doc;

import java.util.AbstractMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Line maps ({@link LocatedDocument#lines()}) that cost nothing until a line is asked for, for hot paths (the
 * admission webhook) where documents are almost always valid and lines are only needed for error messages.
 * The maps are read-only views; they answer exactly what the eager map would. Thread-safe.
 */
public final class LineMaps {

    private LineMaps() {
    }

    /**
     * The lines of a document: {@code shallow} answers the paths it holds at once; any other path (or iteration)
     * computes {@code full} once and answers from it.
     */
    static Map<String, Integer> lazy(Map<String, Integer> shallow, Supplier<Map<String, Integer>> full) {
        return new Lazy(shallow, full);
    }

    /**
     * The lines of a value inside a document, as a document of its own: path {@code $…} here is path
     * {@code prefix…} in {@code outer} (as {@code $.request.object.spec} is {@code $.spec} of the object).
     * Nothing is copied; lookups go to {@code outer}.
     */
    public static Map<String, Integer> under(Map<String, Integer> outer, String prefix) {
        return new Under(outer, prefix);
    }

    private static final class Lazy extends AbstractMap<String, Integer> {
        private final Map<String, Integer> shallow;
        private final Supplier<Map<String, Integer>> compute;
        private volatile Map<String, Integer> full;

        Lazy(Map<String, Integer> shallow, Supplier<Map<String, Integer>> compute) {
            this.shallow = shallow;
            this.compute = compute;
        }

        private Map<String, Integer> full() {
            Map<String, Integer> f = full;
            if (f == null) {
                synchronized (this) {
                    f = full;
                    if (f == null) full = f = Map.copyOf(compute.get());
                }
            }
            return f;
        }

        @Override
        public Integer get(Object key) {
            Integer v = shallow.get(key);
            return v != null ? v : full().get(key);
        }

        @Override
        public boolean containsKey(Object key) {
            return shallow.containsKey(key) || full().containsKey(key);
        }

        @Override
        public Set<Entry<String, Integer>> entrySet() {
            return full().entrySet();
        }
    }

    private static final class Under extends AbstractMap<String, Integer> {
        private final Map<String, Integer> outer;
        private final String prefix;
        private volatile Map<String, Integer> copy;

        Under(Map<String, Integer> outer, String prefix) {
            this.outer = outer;
            this.prefix = prefix;
        }

        private String outerKey(Object key) {
            return key instanceof String k && k.startsWith("$") ? prefix + k.substring(1) : null;
        }

        @Override
        public Integer get(Object key) {
            String k = outerKey(key);
            return k == null ? null : outer.get(k);
        }

        @Override
        public boolean containsKey(Object key) {
            String k = outerKey(key);
            return k != null && outer.containsKey(k);
        }

        @Override
        public Set<Entry<String, Integer>> entrySet() {
            Map<String, Integer> c = copy;
            if (c == null) {
                Map<String, Integer> m = new HashMap<>();
                for (Entry<String, Integer> e : outer.entrySet()) {
                    String k = e.getKey();
                    if (k.startsWith(prefix) && (k.length() == prefix.length() || k.charAt(prefix.length()) == '.'
                            || k.charAt(prefix.length()) == '[')) {
                        m.put("$" + k.substring(prefix.length()), e.getValue());
                    }
                }
                copy = c = Map.copyOf(m);
            }
            return c.entrySet();
        }
    }
}
