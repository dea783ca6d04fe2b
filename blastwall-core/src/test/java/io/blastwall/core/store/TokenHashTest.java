package io.blastwall.core.store;

import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class TokenHashTest {

    @Test
    void hashIsLowerCaseHexSha256OfTheUtf8Bytes() {
        // known answer: sha256("abc")
        assertThat(TokenHash.of("abc")).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        // non-ASCII goes through UTF-8 (the Latin-1 byte would give de2e33…)
        assertThat(TokenHash.of("\u00e9")).isEqualTo("4a99557e4033c3539de2eb65472017cad5f9557f7a0625a09f1c3f6e2ba69c4c");
        assertThat(TokenHash.of("bw_x")).hasSize(64).matches("[0-9a-f]{64}");
    }

    @Test
    void tokensHaveThePrefixLengthAndAlphabetAndDoNotRepeat() {
        SecureRandom r = new SecureRandom();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            String t = TokenHash.newToken(r);
            assertThat(t).startsWith("bw_").hasSize(TokenHash.TOKEN_LENGTH).matches("bw_[A-Za-z0-9_-]{43}");
            assertThat(TokenHash.looksLikeToken(t)).isTrue();
            assertThat(seen.add(t)).isTrue();
        }
    }

    @Test
    void looksLikeTokenRefusesOtherShapes() {
        String ok = "bw_" + "A".repeat(43);
        assertThat(TokenHash.looksLikeToken(ok)).isTrue();
        assertThat(TokenHash.looksLikeToken(null)).isFalse();
        assertThat(TokenHash.looksLikeToken("xx_" + "A".repeat(43))).isFalse();
        assertThat(TokenHash.looksLikeToken("bw_" + "A".repeat(42))).isFalse();
        assertThat(TokenHash.looksLikeToken("bw_" + "A".repeat(42) + "=")).isFalse();
        assertThat(TokenHash.looksLikeToken("bw_" + "A".repeat(42) + "+")).isFalse();
    }
}
