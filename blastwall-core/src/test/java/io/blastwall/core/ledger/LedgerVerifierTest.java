package io.blastwall.core.ledger;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class LedgerVerifierTest {

    private static List<LedgerEntry> chain(int n) {
        List<LedgerEntry> out = new ArrayList<>();
        Optional<LedgerEntry> prev = Optional.empty();
        for (int i = 0; i < n; i++) {
            LedgerEntry e = LedgerChain.next(prev, Instant.parse("2026-11-25T10:00:00.5Z").plusSeconds(i),
                    i % 2 == 0 ? "alice" : "agent:copilot", "change.transition", "ch-" + (i % 4),
                    Map.of("to", "approved", "n", (long) i, "nested", List.of(1L, "x", Map.of("k", 2.5))));
            out.add(e);
            prev = Optional.of(e);
        }
        return out;
    }

    /**
     * The list-based verification as it was written before the streaming verifier existed: an independent reference,
     * so that agreement is not LedgerChain.verify agreeing with itself (it now delegates to the verifier).
     */
    private static LedgerChain.Verification reference(List<LedgerEntry> entries) {
        String prev = LedgerChain.GENESIS;
        long expected = 1;
        for (LedgerEntry e : entries) {
            if (e.sequence() != expected) {
                return new LedgerChain.Verification.Broken(expected, e.sequence() < expected
                        ? "entry " + e.sequence() + " appears again or out of order after entry " + (expected - 1)
                        : "entry " + expected + " is missing (next present is " + e.sequence() + ")");
            }
            if (!e.previousHash().equals(prev)) {
                return new LedgerChain.Verification.Broken(e.sequence(), "its previous-hash does not match entry "
                        + (expected - 1) + ": an entry before it was altered, deleted or inserted");
            }
            String h = LedgerChain.hash(e.sequence(), e.time(), e.actor(), e.action(), e.changeId(), e.payload(), e.previousHash());
            if (!h.equals(e.hash())) {
                return new LedgerChain.Verification.Broken(e.sequence(), "its content does not match its hash: the entry was altered");
            }
            prev = e.hash();
            expected++;
        }
        return new LedgerChain.Verification.Intact(expected - 1, prev);
    }

    private static LedgerChain.Verification streamed(List<LedgerEntry> entries) {
        LedgerVerifier v = new LedgerVerifier();
        for (LedgerEntry e : entries) v.accept(e); // keeps feeding after a break: later entries must not matter
        return v.result();
    }

    /** One kind of tampering at a position (taken modulo the current length). */
    record Tamper(int kind, int at) { }

    @Provide
    Arbitrary<List<Tamper>> tampers() {
        return Combinators.combine(Arbitraries.integers().between(0, 8), Arbitraries.integers().between(0, 40))
                .as(Tamper::new).list().ofMaxSize(3);
    }

    private static void apply(List<LedgerEntry> c, Tamper t) {
        if (c.isEmpty()) return;
        int k = t.at() % c.size();
        LedgerEntry e = c.get(k);
        switch (t.kind()) {
            case 0 -> c.set(k, new LedgerEntry(e.sequence(), e.time(), e.actor(), e.action(), e.changeId(),
                    Map.of("to", "rejected"), e.previousHash(), e.hash()));
            case 1 -> c.set(k, new LedgerEntry(e.sequence(), e.time(), "mallory", e.action(), e.changeId(),
                    e.payload(), e.previousHash(), e.hash()));
            case 2 -> c.set(k, new LedgerEntry(e.sequence(), e.time().plusMillis(1), e.actor(), e.action(),
                    e.changeId(), e.payload(), e.previousHash(), e.hash()));
            case 3 -> c.remove(k);
            case 4 -> c.add(k, LedgerChain.next(k == 0 ? Optional.empty() : Optional.of(c.get(k - 1)), e.time(),
                    "mallory", "approval.given", e.changeId(), Map.of()));
            case 5 -> { // swap with the next
                if (k + 1 < c.size()) {
                    c.set(k, c.get(k + 1));
                    c.set(k + 1, e);
                }
            }
            case 6 -> c.add(k, e); // duplicate
            case 7 -> { // re-hash a forged entry so that its own hash is right, but not its successors' links
                LedgerEntry forged = new LedgerEntry(e.sequence(), e.time(), e.actor(), "approval.given", e.changeId(),
                        e.payload(), e.previousHash(), LedgerChain.hash(e.sequence(), e.time(), e.actor(),
                        "approval.given", e.changeId(), e.payload(), e.previousHash()));
                c.set(k, forged);
            }
            default -> { } // leave the chain alone
        }
    }

    @Property(tries = 300)
    void agreesWithTheListVerificationOnAnyTampering(@ForAll @IntRange(min = 0, max = 15) int n,
                                                     @ForAll("tampers") List<Tamper> tampers) {
        List<LedgerEntry> c = new ArrayList<>(chain(n));
        for (Tamper t : tampers) apply(c, t);
        LedgerChain.Verification expected = reference(c);
        assertThat(streamed(c)).isEqualTo(expected);
        assertThat(LedgerChain.verify(c)).isEqualTo(expected);
    }

    @Property(tries = 100)
    void verifyingASuffixFromATrustedEntryAgreesWithTheWholeLedger(@ForAll @IntRange(min = 1, max = 12) int n,
                                                                   @ForAll @IntRange(min = 0, max = 11) int split,
                                                                   @ForAll("tampers") List<Tamper> tampers) {
        List<LedgerEntry> clean = chain(n);
        int s = split % n; // entries 1..s are trusted
        List<LedgerEntry> c = new ArrayList<>(clean);
        List<LedgerEntry> suffix = new ArrayList<>(c.subList(s, c.size()));
        for (Tamper t : tampers) apply(suffix, t);
        LedgerVerifier v = LedgerVerifier.after(s, s == 0 ? LedgerChain.GENESIS : clean.get(s - 1).hash());
        suffix.forEach(v::accept);
        List<LedgerEntry> whole = new ArrayList<>(clean.subList(0, s));
        whole.addAll(suffix);
        assertThat(v.result()).isEqualTo(reference(whole));
    }

    @Test
    void reportsProgressAndStopsAtTheFirstBreak() {
        List<LedgerEntry> c = chain(4);
        LedgerVerifier v = new LedgerVerifier();
        assertThat(v.result()).isEqualTo(new LedgerChain.Verification.Intact(0, LedgerChain.GENESIS));
        assertThat(v.accept(c.get(0))).isTrue();
        assertThat(v.lastVerified()).isEqualTo(1);
        assertThat(v.headHash()).isEqualTo(c.get(0).hash());
        assertThat(v.accept(c.get(2))).isFalse();
        assertThat(v.accept(c.get(1))).isFalse(); // already broken: not examined
        assertThat(v.intact()).isFalse();
        assertThat(v.result()).isEqualTo(new LedgerChain.Verification.Broken(2, "entry 2 is missing (next present is 3)"));
    }

    @Test
    void anUnreadableEntryBreaksTheLedgerAtTheNextNumber() {
        List<LedgerEntry> c = chain(3);
        LedgerVerifier v = new LedgerVerifier();
        v.accept(c.get(0));
        v.accept(c.get(1));
        v.unreadable("it cannot be read");
        v.unreadable("ignored: already broken");
        assertThat(v.result()).isEqualTo(new LedgerChain.Verification.Broken(3, "it cannot be read"));
    }
}
