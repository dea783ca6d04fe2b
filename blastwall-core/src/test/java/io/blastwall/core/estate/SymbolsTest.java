package io.blastwall.core.estate;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SymbolsTest {

    /** Characters from a buffer and the same String get the same symbol, numbered in first-seen order. */
    @Property(tries = 50)
    void sameCharactersSameSymbolWhicheverWayTheyCome(@ForAll @Size(max = 3000) List<@StringLength(max = 12) String> words) {
        Symbols s = new Symbols();
        Map<String, Integer> expected = new HashMap<>();
        char[] buf = new char[64];
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            int sym;
            if (i % 2 == 0) {
                w.getChars(0, w.length(), buf, 7); // at an offset, as in a parser's buffer
                sym = s.get(buf, 7, w.length());
            } else {
                sym = s.get(new String(w)); // an equal String, not the same instance
            }
            Integer before = expected.putIfAbsent(w, expected.size());
            assertThat(sym).isEqualTo(before != null ? before : expected.size() - 1);
            assertThat(s.name(sym)).isEqualTo(w);
            assertThat(s.hash(sym)).isEqualTo(w.hashCode());
        }
        assertThat(s.size()).isEqualTo(expected.size());
    }
}
