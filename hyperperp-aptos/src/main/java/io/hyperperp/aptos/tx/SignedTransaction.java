package io.hyperperp.aptos.tx;

import io.hyperperp.aptos.bcs.BcsException;
import io.hyperperp.aptos.bcs.BcsReader;
import io.hyperperp.aptos.bcs.BcsWriter;
import io.hyperperp.aptos.crypto.Ed25519PublicKey;
import io.hyperperp.aptos.internal.Hex;
import io.hyperperp.aptos.internal.Sha3;
import java.util.Arrays;
import java.util.Objects;

/**
 * A raw transaction with a single-key Ed25519 authenticator. BCS layout:
 * BCS(raw) | 0x00 | 0x20 pubkey(32) | 0x40 signature(64).
 *
 * @param raw the signed transaction body
 * @param publicKey the signer's public key
 * @param signature 64-byte signature of {@link RawTransaction#signingMessage()} (all zero for simulation)
 */
public record SignedTransaction(RawTransaction raw, Ed25519PublicKey publicKey, byte[] signature) {
    /** Ed25519 signature length. */
    public static final int SIGNATURE_LENGTH = 64;
    /** Authenticator variant index of Ed25519. */
    public static final int ED25519_AUTHENTICATOR = 0;
    /** Domain separator of the transaction hash. */
    public static final String HASH_SALT = "APTOS::Transaction";
    /** Bytes the authenticator adds after the raw transaction. */
    public static final int AUTHENTICATOR_BYTES = 1 + 1 + 32 + 1 + SIGNATURE_LENGTH;

    /** Validates and copies the signature. */
    public SignedTransaction {
        Objects.requireNonNull(raw, "raw");
        Objects.requireNonNull(publicKey, "publicKey");
        if (signature.length != SIGNATURE_LENGTH) {
            throw new IllegalArgumentException("Ed25519 signature must be 64 bytes, got " + signature.length);
        }
        signature = signature.clone();
    }

    /** A copy of the signature. */
    @Override
    public byte[] signature() {
        return signature.clone();
    }

    /** The BCS encoding submitted to a fullnode. */
    public byte[] toBcs() {
        BcsWriter w = new BcsWriter();
        raw.serialize(w);
        w.uleb128(ED25519_AUTHENTICATOR).bytes(publicKey.toBytes()).bytes(signature);
        return w.toByteArray();
    }

    /** Decodes signed transaction bytes; only the single Ed25519 authenticator is supported. */
    public static SignedTransaction fromBcs(byte[] bytes) {
        BcsReader r = new BcsReader(bytes);
        RawTransaction raw = RawTransaction.deserialize(r);
        int at = r.position();
        long variant = r.uleb128();
        if (variant != ED25519_AUTHENTICATOR) {
            throw new BcsException("unsupported authenticator variant " + variant + " at offset " + at
                    + " (only Ed25519 = 0 is supported)");
        }
        byte[] pub = r.bytes();
        if (pub.length != 32) {
            throw new BcsException("Ed25519 public key must be 32 bytes, got " + pub.length);
        }
        byte[] sig = r.bytes();
        if (sig.length != SIGNATURE_LENGTH) {
            throw new BcsException("Ed25519 signature must be 64 bytes, got " + sig.length);
        }
        r.finish();
        return new SignedTransaction(raw, Ed25519PublicKey.fromBytes(pub), sig);
    }

    /** True if the signature is valid for the raw transaction and public key. */
    public boolean verifySignature() {
        return publicKey.verify(raw.signingMessage(), signature);
    }

    /** True if the signature is all zeros (simulation form). */
    public boolean hasZeroSignature() {
        for (byte b : signature) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    /** Transaction hash bytes: SHA3-256(SHA3-256("APTOS::Transaction") || 0x00 || BCS(this)). */
    public byte[] hashBytes() {
        return Sha3.hash(Sha3.prefix(HASH_SALT), new byte[] {0}, toBcs());
    }

    /** Transaction hash as {@code 0x}-prefixed lower-case hex, the form the REST API uses. */
    public String hash() {
        return Hex.encodePrefixed(hashBytes());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SignedTransaction other && raw.equals(other.raw) && publicKey.equals(other.publicKey)
                && Arrays.equals(signature, other.signature);
    }

    @Override
    public int hashCode() {
        return Objects.hash(raw, publicKey) * 31 + Arrays.hashCode(signature);
    }

    @Override
    public String toString() {
        return "SignedTransaction[raw=" + raw + ", publicKey=" + publicKey + ", signature="
                + Hex.encodePrefixed(signature) + "]";
    }
}
