package io.blastwall.core.ledger;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class LedgerChainTest {

    private static List<LedgerEntry> chain(int n) {
        List<LedgerEntry> out = new ArrayList<>();
        Optional<LedgerEntry> prev = Optional.empty();
        for (int i = 0; i < n; i++) {
            LedgerEntry e = LedgerChain.next(prev, Instant.parse("2026-11-25T10:00:00.123456Z").plusSeconds(i), "alice",
                    "change.transition", "ch-" + (i % 3), Map.of("to", "approved", "n", (long) i));
            out.add(e);
            prev = Optional.of(e);
        }
        return out;
    }

    @Test
    void anIntactChainVerifies() {
        List<LedgerEntry> c = chain(5);
        assertThat(LedgerChain.verify(c)).isEqualTo(new LedgerChain.Verification.Intact(5, c.get(4).hash()));
        assertThat(c.get(0).previousHash()).isEqualTo(LedgerChain.GENESIS);
        assertThat(c.get(0).time().toString()).isEqualTo("2026-11-25T10:00:00.123Z");
    }

    @Property(tries = 60)
    void anyAlterationDeletionOrInsertionIsFoundAtItsPlace(@ForAll @IntRange(min = 2, max = 12) int n,
                                                           @ForAll @IntRange(min = 0, max = 11) int at,
                                                           @ForAll @IntRange(min = 0, max = 2) int how) {
        int k = at % n;
        List<LedgerEntry> c = new ArrayList<>(chain(n));
        LedgerEntry e = c.get(k);
        long expectedBreak;
        switch (how) {
            case 0 -> { // alter the payload
                c.set(k, new LedgerEntry(e.sequence(), e.time(), e.actor(), e.action(), e.changeId(),
                        Map.of("to", "rejected"), e.previousHash(), e.hash()));
                expectedBreak = e.sequence();
            }
            case 1 -> { // delete a row
                c.remove(k);
                expectedBreak = k + 1;
            }
            default -> { // insert a forged row with a valid-looking hash
                c.add(k, LedgerChain.next(k == 0 ? Optional.empty() : Optional.of(c.get(k - 1)), e.time(), "mallory",
                        "approval.given", e.changeId(), Map.of()));
                expectedBreak = k + 2;
            }
        }
        LedgerChain.Verification v = LedgerChain.verify(c);
        if (how == 1 && k == n - 1) {
            assertThat(v).isInstanceOf(LedgerChain.Verification.Intact.class); // truncating the tail: caught by the head hash/checkpoints, not the chain
            return;
        }
        assertThat(v).isInstanceOf(LedgerChain.Verification.Broken.class);
        assertThat(((LedgerChain.Verification.Broken) v).sequence()).isEqualTo(expectedBreak);
    }

    /** The prepared-payload hash is the documented canonical form: SHA-256 over the canonical JSON of all fields. */
    @Property(tries = 80)
    void preparedPayloadHashEqualsTheCanonicalFormOfTheWholeEntry(@ForAll String actor, @ForAll String action,
                                                                  @ForAll String changeId, @ForAll String text,
                                                                  @ForAll long number, @ForAll @IntRange(min = 1, max = 1_000_000) int seq) {
        Instant t = Instant.parse("2026-11-28T03:04:05.678901Z");
        Map<String, Object> payload = new java.util.LinkedHashMap<>();
        payload.put("zeta", text);
        payload.put("alpha", List.of(number, 1.5, true, Map.of("b", "x\n\"y\"", "a", List.of())));
        payload.put("nothing", null);
        Map<String, Object> whole = new java.util.LinkedHashMap<>();
        whole.put("sequence", (long) seq);
        whole.put("time", "2026-11-28T03:04:05.678Z");
        whole.put("actor", actor);
        whole.put("action", action);
        whole.put("changeId", changeId);
        whole.put("payload", payload);
        whole.put("previousHash", LedgerChain.GENESIS);
        String expected = io.blastwall.core.canonical.CanonicalJson.sha256(whole);
        assertThat(LedgerChain.hash(seq, t, actor, action, changeId, payload, LedgerChain.GENESIS)).isEqualTo(expected);
        assertThat(LedgerChain.next(seq - 1, LedgerChain.GENESIS, t, actor, action, changeId, LedgerPayload.of(payload))
                .hash()).isEqualTo(expected);
    }

    @Test
    void anEmptyOrMissingPayloadHashesAsTheEmptyObject() {
        Instant t = Instant.parse("2026-11-28T03:04:05Z");
        String a = LedgerChain.hash(1, t, "system", "x", null, (Map<String, Object>) null, LedgerChain.GENESIS);
        assertThat(LedgerChain.hash(1, t, "system", "x", "", Map.of(), LedgerChain.GENESIS)).isEqualTo(a);
        assertThat(io.blastwall.core.canonical.CanonicalJson.sha256(Map.of("sequence", 1L, "time", "2026-11-28T03:04:05Z",
                "actor", "system", "action", "x", "changeId", "", "payload", Map.of(), "previousHash", LedgerChain.GENESIS)))
                .isEqualTo(a);
    }
}
