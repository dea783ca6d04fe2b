package io.blastwall.server.admission;

import io.blastwall.core.BadInputException;
import io.blastwall.core.SourceLocation;
import org.eclipse.jetty.util.ssl.SslContextFactory;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A TLS server context from PEM files as cert-manager, {@code openssl} or a Kubernetes TLS Secret hold them: the
 * certificate chain ({@code tls.crt}, leaf first) and its private key ({@code tls.key}) as PKCS#8
 * ({@code BEGIN PRIVATE KEY}, RSA or EC) or PKCS#1 ({@code BEGIN RSA PRIVATE KEY}). Encrypted keys are refused
 * with a message saying how to convert them. The files are read once, when the server starts.
 *
 * <p>Stateless; the returned factory is Jetty's and thread-safe once started.
 */
public final class PemTls {

    private static final Pattern BLOCK = Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \\1-----", Pattern.DOTALL);
    private static final char[] NO_PASSWORD = new char[0];

    private PemTls() {
    }

    /** A Jetty server TLS context for the certificate chain and key in the given PEM files. */
    public static SslContextFactory.Server serverContext(Path certFile, Path keyFile) {
        KeyStore ks = keyStore(certFile, keyFile);
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setKeyStore(ks);
        ssl.setKeyStorePassword("");
        ssl.setKeyManagerPassword("");
        // the API server names the Service DNS name; a certificate for it need not match other names clients use
        ssl.setSniRequired(false);
        return ssl;
    }

    /** An in-memory key store holding the key under alias {@code webhook} with its chain. */
    static KeyStore keyStore(Path certFile, Path keyFile) {
        String certs = read(certFile);
        List<Certificate> chain;
        try {
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            chain = List.copyOf(cf.generateCertificates(new ByteArrayInputStream(certs.getBytes(StandardCharsets.US_ASCII))));
        } catch (GeneralSecurityException e) {
            throw new BadInputException(SourceLocation.of(certFile.toString()), "not a PEM certificate chain: " + e.getMessage());
        }
        if (chain.isEmpty()) {
            throw new BadInputException(SourceLocation.of(certFile.toString()), "holds no certificate; expected -----BEGIN CERTIFICATE-----");
        }
        PrivateKey key = privateKey(keyFile, read(keyFile));
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("webhook", key, NO_PASSWORD, chain.toArray(Certificate[]::new));
            return ks;
        } catch (GeneralSecurityException | IOException e) {
            throw new BadInputException(SourceLocation.of(keyFile.toString()), "the key does not fit the certificate in "
                    + certFile + ": " + e.getMessage());
        }
    }

    private static PrivateKey privateKey(Path file, String pem) {
        Matcher m = BLOCK.matcher(pem);
        while (m.find()) {
            String type = m.group(1);
            byte[] der;
            try {
                der = Base64.getMimeDecoder().decode(m.group(2).strip());
            } catch (IllegalArgumentException e) {
                throw new BadInputException(SourceLocation.of(file.toString()), "the " + type + " block is not base64");
            }
            switch (type) {
                case "PRIVATE KEY" -> {
                    return pkcs8(file, der);
                }
                case "RSA PRIVATE KEY" -> {
                    return pkcs8(file, rsaPkcs1ToPkcs8(der));
                }
                case "ENCRYPTED PRIVATE KEY", "EC PRIVATE KEY" -> throw new BadInputException(SourceLocation.of(file.toString()),
                        "holds an " + type + "; convert it to an unencrypted PKCS#8 key: "
                                + "openssl pkcs8 -topk8 -nocrypt -in " + file.getFileName() + " -out tls-pkcs8.key");
                default -> {
                    // certificates or parameters in the same file: look further
                }
            }
        }
        throw new BadInputException(SourceLocation.of(file.toString()), "holds no private key; expected -----BEGIN PRIVATE KEY----- "
                + "or -----BEGIN RSA PRIVATE KEY-----");
    }

    private static PrivateKey pkcs8(Path file, byte[] der) {
        for (String alg : List.of("RSA", "EC", "Ed25519")) {
            try {
                return KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                // try the next algorithm
            }
        }
        throw new BadInputException(SourceLocation.of(file.toString()), "the private key is not an RSA, EC or Ed25519 PKCS#8 key");
    }

    /** Wraps a PKCS#1 RSAPrivateKey in a PKCS#8 PrivateKeyInfo (version 0, rsaEncryption, the key as an octet string). */
    static byte[] rsaPkcs1ToPkcs8(byte[] pkcs1) {
        byte[] algorithm = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00};
        byte[] version = {0x02, 0x01, 0x00};
        byte[] octets = der(0x04, pkcs1);
        byte[] body = new byte[version.length + algorithm.length + octets.length];
        System.arraycopy(version, 0, body, 0, version.length);
        System.arraycopy(algorithm, 0, body, version.length, algorithm.length);
        System.arraycopy(octets, 0, body, version.length + algorithm.length, octets.length);
        return der(0x30, body);
    }

    private static byte[] der(int tag, byte[] content) {
        int n = content.length;
        byte[] len = n < 0x80 ? new byte[]{(byte) n}
                : n < 0x100 ? new byte[]{(byte) 0x81, (byte) n}
                : n < 0x10000 ? new byte[]{(byte) 0x82, (byte) (n >> 8), (byte) n}
                : new byte[]{(byte) 0x83, (byte) (n >> 16), (byte) (n >> 8), (byte) n};
        byte[] out = new byte[1 + len.length + n];
        out[0] = (byte) tag;
        System.arraycopy(len, 0, out, 1, len.length);
        System.arraycopy(content, 0, out, 1 + len.length, n);
        return out;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            throw new BadInputException(SourceLocation.of(file.toString()), "no such file");
        } catch (IOException e) {
            throw new BadInputException(SourceLocation.of(file.toString()), "cannot be read: " + e.getMessage());
        }
    }
}
