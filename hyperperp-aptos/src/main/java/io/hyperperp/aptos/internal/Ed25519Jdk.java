package io.hyperperp.aptos.internal;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.EdECPublicKey;
import java.security.spec.EdECPoint;
import java.security.spec.EdECPrivateKeySpec;
import java.security.spec.EdECPublicKeySpec;
import java.security.spec.NamedParameterSpec;
import java.util.Arrays;

/**
 * Bridges raw RFC 8032 Ed25519 keys (32-byte seed, 32-byte encoded point) and the JDK's own
 * Ed25519 provider. Exception messages never carry key bytes. Not part of the public API.
 */
public final class Ed25519Jdk {
    /** Raw key and seed length. */
    public static final int KEY_LENGTH = 32;
    /** Signature length. */
    public static final int SIGNATURE_LENGTH = 64;

    private Ed25519Jdk() {
    }

    /** JDK private key from a 32-byte seed. */
    public static PrivateKey privateKey(byte[] seed) throws GeneralSecurityException {
        return KeyFactory.getInstance("Ed25519")
                .generatePrivate(new EdECPrivateKeySpec(NamedParameterSpec.ED25519, seed));
    }

    /**
     * Derives the raw 32-byte public key of a seed: the JDK key pair generator is fed the seed as its
     * only random input (it draws exactly the 32 seed bytes), then the resulting point is encoded.
     */
    public static byte[] derivePublicKey(byte[] seed) throws GeneralSecurityException {
        KeyPairGenerator gen = KeyPairGenerator.getInstance("Ed25519");
        SeedRandom random = new SeedRandom(seed);
        try {
            gen.initialize(NamedParameterSpec.ED25519, random);
            KeyPair pair = gen.generateKeyPair();
            return encodePoint(((EdECPublicKey) pair.getPublic()).getPoint());
        } finally {
            random.wipe();
        }
    }

    /** RFC 8032 encoding: y little-endian in 32 bytes, x parity in the top bit of the last byte. */
    public static byte[] encodePoint(EdECPoint point) {
        byte[] bigEndian = point.getY().toByteArray();
        byte[] out = new byte[KEY_LENGTH];
        for (int i = 0; i < KEY_LENGTH && i < bigEndian.length; i++) {
            out[i] = bigEndian[bigEndian.length - 1 - i];
        }
        if (point.isXOdd()) {
            out[KEY_LENGTH - 1] |= (byte) 0x80;
        }
        return out;
    }

    /** Inverse of {@link #encodePoint(EdECPoint)}. */
    public static EdECPoint decodePoint(byte[] encoded) {
        byte[] bigEndian = new byte[KEY_LENGTH];
        for (int i = 0; i < KEY_LENGTH; i++) {
            bigEndian[i] = encoded[KEY_LENGTH - 1 - i];
        }
        boolean xOdd = (bigEndian[0] & 0x80) != 0;
        bigEndian[0] &= 0x7F;
        return new EdECPoint(xOdd, new BigInteger(1, bigEndian));
    }

    /** JDK public key from a raw encoded point. */
    public static PublicKey publicKey(byte[] encoded) throws GeneralSecurityException {
        return KeyFactory.getInstance("Ed25519")
                .generatePublic(new EdECPublicKeySpec(NamedParameterSpec.ED25519, decodePoint(encoded)));
    }

    /** Signs a message (Ed25519 is deterministic). */
    public static byte[] sign(PrivateKey key, byte[] message) throws GeneralSecurityException {
        Signature s = Signature.getInstance("Ed25519");
        s.initSign(key);
        s.update(message);
        return s.sign();
    }

    /**
     * Verifies a signature; malformed keys or signatures verify as false, and so do a public key or a signature's
     * R that is a point of small order or not canonically encoded, as Aptos's strict verification has it: the
     * JDK's verification alone accepts the neutral point as a key with R = the neutral point and S = 0 for any
     * message, a signature anyone can make for that key's address.
     */
    public static boolean verify(byte[] publicKey, byte[] message, byte[] signature) {
        if (publicKey.length != KEY_LENGTH || signature.length != SIGNATURE_LENGTH
                || Ed25519Points.weak(publicKey, 0) || Ed25519Points.weak(signature, 0)) {
            return false;
        }
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initVerify(publicKey(publicKey));
            s.update(message);
            return s.verify(signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    /** A SecureRandom that hands out the seed once; anything else is a programming error. */
    private static final class SeedRandom extends SecureRandom {
        private static final long serialVersionUID = 1L;
        private final byte[] seed;
        private boolean used;

        SeedRandom(byte[] seed) {
            this.seed = seed.clone();
        }

        @Override
        public void nextBytes(byte[] bytes) {
            if (used || bytes.length != seed.length) {
                throw new IllegalStateException("unexpected use of the seed random by the key pair generator");
            }
            System.arraycopy(seed, 0, bytes, 0, seed.length);
            used = true;
        }

        void wipe() {
            Arrays.fill(seed, (byte) 0);
        }
    }
}
