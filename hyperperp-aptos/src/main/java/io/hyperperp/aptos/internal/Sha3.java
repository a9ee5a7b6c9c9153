package io.hyperperp.aptos.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** SHA3-256 through the JDK provider. Not part of the public API. */
public final class Sha3 {
    private Sha3() {
    }

    /** A fresh SHA3-256 digest. */
    public static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA3-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA3-256 not available in this JDK", e);
        }
    }

    /** SHA3-256 of the concatenation of the given parts. */
    public static byte[] hash(byte[]... parts) {
        MessageDigest d = newDigest();
        for (byte[] p : parts) {
            d.update(p);
        }
        return d.digest();
    }

    /** SHA3-256 of the UTF-8 bytes of a domain-separation salt such as {@code APTOS::RawTransaction}. */
    public static byte[] prefix(String salt) {
        return hash(salt.getBytes(StandardCharsets.UTF_8));
    }
}
