package io.hyperperp.aptos.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Small-order and non-canonical points are refused as keys and as a signature's R; real signatures verify. */
class Ed25519StrictVerifyTest {

    private static final byte[] MESSAGE = "HYPERPERP::Request\nanything".getBytes(StandardCharsets.UTF_8);
    private static final BigInteger P = BigInteger.TWO.pow(255).subtract(BigInteger.valueOf(19));

    @Test
    void theNeutralPointWithRNeutralAndSZeroVerifiesNothing() {
        byte[] neutral = new byte[32];
        neutral[0] = 1;
        byte[] signature = new byte[64];
        signature[0] = 1; // R = the neutral point, S = 0: [S]B = R + [k]A for every message when A is neutral
        assertThat(Ed25519Jdk.verify(neutral, MESSAGE, signature)).isFalse();
        assertThat(Ed25519Points.weak(neutral, 0)).isTrue();
    }

    @Test
    void everySmallOrderEncodingAndEveryUnreducedYIsWeak() {
        for (String y : new String[] {
            "0000000000000000000000000000000000000000000000000000000000000000", // order 4
            "0100000000000000000000000000000000000000000000000000000000000000", // order 1
            "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", // p - 1: order 2
            "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05", // order 8
            "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a", // order 8
            "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", // p: not reduced
            "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"}) { // p + 1: not reduced
            byte[] point = HexFormat.of().parseHex(y);
            assertThat(Ed25519Points.weak(point, 0)).as(y).isTrue();
            point[31] |= (byte) 0x80; // the other x
            assertThat(Ed25519Points.weak(point, 0)).as(y + " with x odd").isTrue();
        }
    }

    @Test
    void theOrderEightYSolvesItsEquation() {
        // A point of order 8 doubles to one of order 4 (y = 0), so x^2 = -y^2; on the curve that is d y^4 + 2 y^2 - 1 = 0.
        BigInteger d = BigInteger.valueOf(-121665).multiply(BigInteger.valueOf(121666).modInverse(P)).mod(P);
        BigInteger y = new BigInteger("05fc536d880238b13933c6d305acdfd5f098eff289f4c345b027b2c28f95e826", 16);
        BigInteger y2 = y.multiply(y).mod(P);
        assertThat(d.multiply(y2).multiply(y2).add(y2.shiftLeft(1)).subtract(BigInteger.ONE).mod(P)).isZero();
    }

    @Test
    void anOrdinaryKeyStillSignsAndVerifies() throws Exception {
        byte[] seed = new byte[32];
        seed[5] = 9;
        byte[] publicKey = Ed25519Jdk.derivePublicKey(seed);
        byte[] signature = Ed25519Jdk.sign(Ed25519Jdk.privateKey(seed), MESSAGE);
        assertThat(Ed25519Points.weak(publicKey, 0)).isFalse();
        assertThat(Ed25519Jdk.verify(publicKey, MESSAGE, signature)).isTrue();
    }
}
