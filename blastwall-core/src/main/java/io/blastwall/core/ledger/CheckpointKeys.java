package io.blastwall.core.ledger;

import io.blastwall.core.canonical.Sha256;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;

/**
 * Ed25519 key files for checkpoints, with the JDK's own provider only.
 *
 * <ul>
 *   <li>The server's key file ({@value #KEY_FILE}) is PEM with two blocks: {@code PRIVATE KEY} (PKCS#8) and
 *       {@code PUBLIC KEY} (X.509 SubjectPublicKeyInfo). It is created on first use with permissions 0600 (on file
 *       systems with POSIX permissions), written to a temporary file and moved into place, so a crash never leaves
 *       half a key.</li>
 *   <li>The public key file ({@value #PUBLIC_FILE}) holds the {@code PUBLIC KEY} block only: what auditors need.
 *       {@link #readPublicKey} also accepts the raw DER X.509 encoding.</li>
 * </ul>
 *
 * <p>Stateless and thread-safe. Failures are {@link IOException}s whose message names the file and what was expected.
 */
public final class CheckpointKeys {

    public static final String ALGORITHM = "Ed25519";
    public static final String KEY_FILE = "checkpoint-key.pem";
    public static final String PUBLIC_FILE = "checkpoint-key.pub";

    private CheckpointKeys() {
    }

    /** A fresh Ed25519 key pair. */
    public static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Ed25519 is part of the Java platform since Java 15", e);
        }
    }

    /** The key id: the first 16 hex digits of SHA-256 over the public key's X.509 encoding. */
    public static String keyId(PublicKey key) {
        return Sha256.hex(key.getEncoded()).substring(0, 16);
    }

    /**
     * The key pair in {@code dir}/{@value #KEY_FILE}, created (0600) when absent; {@code dir}/{@value #PUBLIC_FILE} is
     * (re)written from it every time, so it always matches the key in use.
     */
    public static KeyPair loadOrCreate(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve(KEY_FILE);
        KeyPair pair;
        if (Files.exists(file)) {
            pair = readKeyPair(file);
        } else {
            pair = generate();
            try {
                writeAtomically(file, keyPairPem(pair), true);
            } catch (FileAlreadyExistsException raced) {
                // another process sharing the data directory created it first: use theirs
            }
            pair = readKeyPair(file);
        }
        String pub = pem("PUBLIC KEY", pair.getPublic().getEncoded());
        Path pubFile = dir.resolve(PUBLIC_FILE);
        if (!Files.exists(pubFile) || !Files.readString(pubFile, StandardCharsets.US_ASCII).equals(pub)) {
            writeAtomically(pubFile, pub, false);
        }
        return pair;
    }

    /** Reads the server's key file: both PEM blocks, checked to belong together. */
    public static KeyPair readKeyPair(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.US_ASCII);
        List<byte[]> priv = blocks(text, "PRIVATE KEY");
        List<byte[]> pub = blocks(text, "PUBLIC KEY");
        if (priv.size() != 1 || pub.size() != 1) {
            throw new IOException(file + ": expected one PRIVATE KEY and one PUBLIC KEY PEM block (an Ed25519 checkpoint key)");
        }
        try {
            KeyFactory kf = KeyFactory.getInstance(ALGORITHM);
            PrivateKey p = kf.generatePrivate(new PKCS8EncodedKeySpec(priv.getFirst()));
            PublicKey q = kf.generatePublic(new X509EncodedKeySpec(pub.getFirst()));
            KeyPair pair = new KeyPair(q, p);
            // a key file whose halves do not match would sign checkpoints nobody can verify
            Checkpoint probe = new CheckpointSigner(pair).sign(1, "0".repeat(64), java.time.Instant.EPOCH);
            if (!CheckpointSigner.verifies(probe, q)) {
                throw new IOException(file + ": its private and public keys do not belong together");
            }
            return pair;
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IOException(file + ": not an Ed25519 key pair (" + e.getMessage() + ")", e);
        }
    }

    /** Reads a public key: a PEM {@code PUBLIC KEY} block, or the raw DER X.509 encoding. */
    public static PublicKey readPublicKey(Path file) throws IOException {
        byte[] raw = Files.readAllBytes(file);
        String text = new String(raw, StandardCharsets.US_ASCII);
        byte[] der = raw;
        if (text.contains("-----BEGIN")) {
            List<byte[]> pub = blocks(text, "PUBLIC KEY");
            if (pub.size() != 1) {
                throw new IOException(file + ": expected one PEM block 'PUBLIC KEY' (the server's " + PUBLIC_FILE + ")");
            }
            der = pub.getFirst();
        }
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IOException(file + ": not an Ed25519 public key in PEM or X.509 DER (" + e.getMessage() + ")", e);
        }
    }

    /** The PEM text of a key pair as {@link #readKeyPair} reads it. */
    public static String keyPairPem(KeyPair pair) {
        return pem("PRIVATE KEY", pair.getPrivate().getEncoded()) + pem("PUBLIC KEY", pair.getPublic().getEncoded());
    }

    /** One PEM block with 64-character lines. */
    public static String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + label + "-----\n";
    }

    private static List<byte[]> blocks(String text, String label) throws IOException {
        String begin = "-----BEGIN " + label + "-----";
        String end = "-----END " + label + "-----";
        List<byte[]> out = new ArrayList<>();
        int from = 0;
        while (true) {
            int b = text.indexOf(begin, from);
            if (b < 0) return out;
            int e = text.indexOf(end, b);
            if (e < 0) throw new IOException("a PEM block '" + label + "' has no END line");
            try {
                out.add(Base64.getMimeDecoder().decode(text.substring(b + begin.length(), e)));
            } catch (IllegalArgumentException bad) {
                throw new IOException("a PEM block '" + label + "' is not valid base64");
            }
            from = e + end.length();
        }
    }

    private static void writeAtomically(Path file, String text, boolean secret) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".part");
        try {
            if (secret && Files.getFileAttributeView(tmp, java.nio.file.attribute.PosixFileAttributeView.class) != null) {
                Files.setPosixFilePermissions(tmp, KEY_PERMISSIONS);
            }
            Files.writeString(tmp, text, StandardCharsets.US_ASCII);
            if (secret) {
                // never replace an existing private key: another process may have created (and used) it meanwhile
                Files.createLink(file, tmp);
            } else {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (UnsupportedOperationException noLinks) {
            if (Files.exists(file)) throw new FileAlreadyExistsException(file.toString());
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Permissions a fresh key file gets where the file system has POSIX permissions. */
    static final Set<java.nio.file.attribute.PosixFilePermission> KEY_PERMISSIONS = PosixFilePermissions.fromString("rw-------");
}
