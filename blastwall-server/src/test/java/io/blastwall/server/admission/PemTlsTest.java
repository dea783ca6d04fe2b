package io.blastwall.server.admission;

import io.blastwall.core.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PemTlsTest {

    @TempDir
    Path dir;

    @Test
    void pkcs1RsaKeysAreWrappedIntoTheSamePkcs8TheJdkWrites() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        byte[] pkcs8 = g.generateKeyPair().getPrivate().getEncoded();
        // PrivateKeyInfo: SEQUENCE(len 0x82 xx xx) { INTEGER 0, AlgorithmIdentifier (15 bytes), OCTET STRING pkcs1 }
        int octet = 4 + 3 + 15;
        assertThat(pkcs8[octet]).isEqualTo((byte) 0x04);
        int lenBytes = pkcs8[octet + 1] & 0x7f;
        byte[] pkcs1 = Arrays.copyOfRange(pkcs8, octet + 2 + lenBytes, pkcs8.length);
        assertThat(PemTls.rsaPkcs1ToPkcs8(pkcs1)).isEqualTo(pkcs8);
    }

    @Test
    void aCertificateAndItsKeyMakeAKeyStore() throws Exception {
        SelfSignedCert c = SelfSignedCert.create(dir);
        KeyStore ks = PemTls.keyStore(c.cert(), c.key());
        assertThat(ks.getCertificate("webhook")).isEqualTo(c.certificate());
    }

    @Test
    void unusableFilesAreNamed() throws Exception {
        SelfSignedCert c = SelfSignedCert.create(dir);
        Path ec = Files.writeString(dir.resolve("ec.key"), SelfSignedCert.pem("EC PRIVATE KEY", new byte[]{1, 2, 3}));
        assertThat(assertThrows(BadInputException.class, () -> PemTls.keyStore(c.cert(), ec)).getMessage())
                .contains("ec.key").contains("openssl pkcs8 -topk8 -nocrypt");
        assertThat(assertThrows(BadInputException.class, () -> PemTls.keyStore(dir.resolve("none.crt"), c.key())).getMessage())
                .contains("none.crt").contains("no such file");
        assertThat(assertThrows(BadInputException.class, () -> PemTls.keyStore(c.key(), c.key())).getMessage())
                .contains("tls.key");
    }
}
