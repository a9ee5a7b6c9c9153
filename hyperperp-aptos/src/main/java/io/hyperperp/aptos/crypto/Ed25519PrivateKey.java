package io.hyperperp.aptos.crypto;

import io.hyperperp.aptos.account.AccountAddress;
import io.hyperperp.aptos.internal.Ed25519Jdk;
import io.hyperperp.aptos.internal.Hex;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Objects;

/**
 * An Ed25519 signing key built from a 32-byte seed, signing with the JDK's own provider.
 *
 * <p>The key is a secret: {@link #toString()} prints {@code Ed25519PrivateKey[redacted]}, and no
 * exception message built here contains the key or the text it was parsed from. Accepted text
 * forms: 64 hex digits, optionally prefixed by {@code 0x} or {@code ed25519-priv-0x} (AIP-80),
 * surrounding whitespace ignored.
 */
public final class Ed25519PrivateKey {
    private static final String AIP80_PREFIX = "ed25519-priv-";
    /** Longest key file read: a key in any of the text forms, with room for comments' worth of whitespace. */
    public static final int MAX_FILE_BYTES = 4096;

    private final byte[] seed;
    private final PrivateKey jdkKey;
    private final Ed25519PublicKey publicKey;

    private Ed25519PrivateKey(byte[] seed) {
        try {
            this.seed = seed;
            this.jdkKey = Ed25519Jdk.privateKey(seed);
            this.publicKey = Ed25519PublicKey.fromBytes(Ed25519Jdk.derivePublicKey(seed));
        } catch (GeneralSecurityException e) {
            throw new CryptoException("cannot build Ed25519 key: " + e.getClass().getSimpleName());
        }
    }

    /** From a copy of a 32-byte seed. */
    public static Ed25519PrivateKey fromSeed(byte[] seed) {
        if (seed.length != Ed25519Jdk.KEY_LENGTH) {
            throw new CryptoException("Ed25519 private key must be 32 bytes, got " + seed.length);
        }
        return new Ed25519PrivateKey(seed.clone());
    }

    /** Parses the text forms described on the class. */
    public static Ed25519PrivateKey fromString(String text) {
        Objects.requireNonNull(text, "private key text");
        String s = text.strip();
        if (s.regionMatches(true, 0, AIP80_PREFIX, 0, AIP80_PREFIX.length())) {
            s = s.substring(AIP80_PREFIX.length());
            if (!(s.startsWith("0x") || s.startsWith("0X"))) {
                throw new CryptoException("Ed25519 private key with prefix 'ed25519-priv-' must continue with '0x'");
            }
        }
        String hex = Hex.stripPrefix(s);
        if (hex.length() != 2 * Ed25519Jdk.KEY_LENGTH) {
            throw new CryptoException("Ed25519 private key must be 64 hex digits, got " + hex.length() + " characters");
        }
        for (int i = 0; i < hex.length(); i++) {
            if (Hex.digit(hex.charAt(i)) < 0) {
                throw new CryptoException("Ed25519 private key contains a non-hex character at position " + i);
            }
        }
        return new Ed25519PrivateKey(Hex.decode(hex));
    }

    /** Reads the key from an environment variable. */
    public static Ed25519PrivateKey fromEnv(String variable) {
        return fromEnv(variable, System.getenv());
    }

    /** Reads the key from a variable of the given environment (testable form of {@link #fromEnv(String)}). */
    public static Ed25519PrivateKey fromEnv(String variable, Map<String, String> env) {
        String value = env.get(variable);
        if (value == null || value.isBlank()) {
            throw new CryptoException("environment variable " + variable + " is not set or empty");
        }
        try {
            return fromString(value);
        } catch (CryptoException e) {
            throw new CryptoException("environment variable " + variable + ": " + e.getMessage());
        }
    }

    /**
     * Reads the key from a file whose content is one of the text forms (whitespace and a leading
     * byte order mark ignored). At most {@value #MAX_FILE_BYTES} bytes are read: a larger file (a
     * device that never ends, say) is refused before it fills the memory.
     */
    public static Ed25519PrivateKey fromFile(Path file) {
        if (Files.isDirectory(file)) {
            throw new CryptoException("private key file " + file + " is a directory");
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_FILE_BYTES + 1);
        } catch (NoSuchFileException e) {
            throw new CryptoException("private key file " + file + " not found");
        } catch (AccessDeniedException e) {
            throw new CryptoException("private key file " + file + ": permission denied");
        } catch (IOException e) {
            throw new CryptoException("cannot read private key file " + file + ": " + e.getClass().getSimpleName());
        }
        if (bytes.length > MAX_FILE_BYTES) {
            throw new CryptoException("private key file " + file + ": longer than " + MAX_FILE_BYTES
                    + " bytes, not a key file");
        }
        String content;
        try {
            content = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new CryptoException("private key file " + file + " is not UTF-8 text");
        }
        try {
            return fromString(content.startsWith("\uFEFF") ? content.substring(1) : content);
        } catch (CryptoException e) {
            throw new CryptoException("private key file " + file + ": " + e.getMessage());
        }
    }

    /** A fresh random key. */
    public static Ed25519PrivateKey generate() {
        byte[] seed = new byte[Ed25519Jdk.KEY_LENGTH];
        new SecureRandom().nextBytes(seed);
        return new Ed25519PrivateKey(seed);
    }

    /** The matching public key. */
    public Ed25519PublicKey publicKey() {
        return publicKey;
    }

    /** The address of a fresh account owned by this key. */
    public AccountAddress accountAddress() {
        return publicKey.accountAddress();
    }

    /** Signs {@code message}, returning the 64-byte signature. */
    public byte[] sign(byte[] message) {
        try {
            return Ed25519Jdk.sign(jdkKey, message);
        } catch (GeneralSecurityException e) {
            throw new CryptoException("Ed25519 signing failed: " + e.getClass().getSimpleName());
        }
    }

    /** Exports the seed as {@code 0x}-prefixed hex; only for writing a key file, never for logs. */
    public String exportHex() {
        return Hex.encodePrefixed(seed);
    }

    /** Equal keys have equal seeds (constant-time comparison of the seeds). */
    @Override
    public boolean equals(Object o) {
        return o instanceof Ed25519PrivateKey other && java.security.MessageDigest.isEqual(seed, other.seed);
    }

    @Override
    public int hashCode() {
        return publicKey.hashCode();
    }

    /** Never shows the key. */
    @Override
    public String toString() {
        return "Ed25519PrivateKey[redacted]";
    }
}
