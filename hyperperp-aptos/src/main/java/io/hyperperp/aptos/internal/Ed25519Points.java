package io.hyperperp.aptos.internal;

import java.math.BigInteger;
import java.util.Set;

/**
 * Encoded Ed25519 points that strict verification refuses (Aptos's, and RFC 8032's cofactored variants agree):
 * points of small order (the eight-torsion, whose multiples vanish, so they prove nothing) and encodings of y
 * that are not reduced modulo p. Not part of the public API.
 */
final class Ed25519Points {

    private static final BigInteger P = BigInteger.TWO.pow(255).subtract(BigInteger.valueOf(19));
    /** The y coordinate of one of the four points of order 8; the others have it or p minus it. */
    private static final BigInteger ORDER_8_Y =
            new BigInteger("05fc536d880238b13933c6d305acdfd5f098eff289f4c345b027b2c28f95e826", 16);
    /** The y coordinates of the eight points of small order: orders 1 (y = 1), 2 (y = -1), 4 (y = 0) and 8. */
    private static final Set<BigInteger> SMALL_ORDER_Y = Set.of(BigInteger.ONE, P.subtract(BigInteger.ONE),
            BigInteger.ZERO, ORDER_8_Y, P.subtract(ORDER_8_Y));

    private Ed25519Points() {
    }

    /** True if the 32 bytes at {@code offset} encode a point of small order or a y not reduced modulo p. */
    static boolean weak(byte[] encoded, int offset) {
        byte[] bigEndian = new byte[Ed25519Jdk.KEY_LENGTH];
        for (int i = 0; i < bigEndian.length; i++) {
            bigEndian[i] = encoded[offset + bigEndian.length - 1 - i];
        }
        bigEndian[0] &= 0x7F; // the sign of x
        BigInteger y = new BigInteger(1, bigEndian);
        return y.compareTo(P) >= 0 || SMALL_ORDER_Y.contains(y);
    }
}
