package io.blastwall.core.ledger;

import io.blastwall.core.canonical.CanonicalJson;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class LedgerPayloadTest {

    private static final Map<String, Object> TREE = Map.of("verdict", "needs-approval", "risk", Map.of("score", 81L),
            "explanation", List.of("a \"quoted\" line", "é"), "nothing", new LinkedHashMap<>());

    @Test
    void aPreRenderedFirstMemberGivesTheTextOfTheWholePayload() {
        Map<String, Object> rest = new LinkedHashMap<>();
        rest.put("to", "analysed");
        rest.put("revision", 3L);
        rest.put("contentHash", "ab12");
        LedgerPayload spliced = LedgerPayload.withFirst("analysis", TREE, CanonicalJson.write(TREE), rest);
        Map<String, Object> all = new LinkedHashMap<>(rest);
        all.put("analysis", TREE);
        assertThat(spliced.canonical()).isEqualTo(LedgerPayload.of(all).canonical()).isEqualTo(CanonicalJson.write(all));
        assertThat(spliced.value()).isEqualTo(all);
    }

    @Test
    void aKeyThatDoesNotSortFirstIsRenderedWhole() {
        Map<String, Object> rest = Map.of("analysis", "x", "to", "analysed");
        // "summary" sorts after "analysis": the pre-rendered text cannot simply be put first
        LedgerPayload p = LedgerPayload.withFirst("summary", TREE, "{\"not\":\"used\"}", rest);
        Map<String, Object> all = new LinkedHashMap<>(rest);
        all.put("summary", TREE);
        assertThat(p.canonical()).isEqualTo(CanonicalJson.write(all));
        assertThat(LedgerPayload.withFirst("a", TREE, "{}", Map.of()).canonical()).isEqualTo(CanonicalJson.write(Map.of("a", TREE)));
    }
}
