package io.hyperperp.aptos.crypto;

import io.hyperperp.aptos.account.AccountAddress;
import io.hyperperp.aptos.internal.Ed25519Jdk;
import io.hyperperp.aptos.internal.Hex;
import io.hyperperp.aptos.internal.Sha3;
import java.util.Arrays;

/**
 * A raw 32-byte Ed25519 public key (RFC 8032 encoding) with Aptos authentication-key derivation
 * and signature verification. Immutable.
 */
public final class Ed25519PublicKey {
    /** Single-key Ed25519 authentication scheme byte appended before hashing. */
    public static final byte ED25519_SCHEME = 0x00;

    private final byte[] bytes;

    private Ed25519PublicKey(byte[] bytes) {
        this.bytes = bytes;
    }

    /** Wraps a copy of exactly 32 bytes. */
    public static Ed25519PublicKey fromBytes(byte[] bytes) {
        if (bytes.length != Ed25519Jdk.KEY_LENGTH) {
            throw new CryptoException("Ed25519 public key must be 32 bytes, got " + bytes.length);
        }
        return new Ed25519PublicKey(bytes.clone());
    }

    /** Parses 64 hex digits, optional {@code 0x}. */
    public static Ed25519PublicKey fromHex(String hex) {
        return fromBytes(Hex.decode(hex.strip()));
    }

    /** A copy of the 32 bytes. */
    public byte[] toBytes() {
        return bytes.clone();
    }

    /** The authentication key SHA3-256(pubkey || 0x00), 32 bytes. */
    public byte[] authenticationKey() {
        return Sha3.hash(bytes, new byte[] {ED25519_SCHEME});
    }

    /** The address of a fresh account owned by this key (equal to its authentication key). */
    public AccountAddress accountAddress() {
        return AccountAddress.fromBytes(authenticationKey());
    }

    /** True if {@code signature} is a valid Ed25519 signature of {@code message} by this key. */
    public boolean verify(byte[] message, byte[] signature) {
        return Ed25519Jdk.verify(bytes, message, signature);
    }

    /** {@code 0x}-prefixed hex. */
    public String toHex() {
        return Hex.encodePrefixed(bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Ed25519PublicKey other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "Ed25519PublicKey[" + toHex() + "]";
    }
}
