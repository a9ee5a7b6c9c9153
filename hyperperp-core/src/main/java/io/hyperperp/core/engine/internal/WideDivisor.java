package io.hyperperp.core.engine.internal;

import java.math.BigInteger;

/**
 * Division of a 128-bit unsigned number by a fixed 64-bit divisor without a division instruction:
 * one multiplication by a precomputed reciprocal and two corrections (Möller and Granlund,
 * "Improved division by invariant integers", 2011, algorithm 4). A quote whose price × size passes
 * 2^73 (exchange-core's stream: prices near 3 × 10^12 and sizes of a few lots at 8 decimals) is
 * divided here; a general 128-by-64 division takes two hardware divisions and their corrections.
 */
final class WideDivisor {

    private final long divisor;
    /** Leading zeros of the divisor: numerator and divisor are shifted by it so the divisor's top bit is set. */
    private final int shift;
    private final long normalized;
    /** ⌊(2^128 − 1) / normalized⌋ − 2^64, unsigned. */
    private final long reciprocal;

    WideDivisor(long divisor) {
        if (divisor <= 0) {
            throw new IllegalArgumentException("divisor must be positive: " + divisor);
        }
        this.divisor = divisor;
        this.shift = Long.numberOfLeadingZeros(divisor);
        this.normalized = divisor << shift;
        BigInteger d = new BigInteger(Long.toUnsignedString(normalized));
        this.reciprocal = BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE).divide(d)
                .subtract(BigInteger.ONE.shiftLeft(64)).longValue();
    }

    /**
     * ⌊(high × 2^64 + low) / divisor⌋ as an unsigned 64-bit number, both halves unsigned; needs
     * {@code high} below the divisor (unsigned), so that the quotient fits in 64 bits.
     */
    long divide(long high, long low) {
        long u1 = shift == 0 ? high : (high << shift) | (low >>> (64 - shift));
        long u0 = low << shift;
        long productLow = reciprocal * u1;
        long q0 = productLow + u0;
        long carry = Long.compareUnsigned(q0, productLow) < 0 ? 1 : 0;
        long q1 = Math.unsignedMultiplyHigh(reciprocal, u1) + u1 + carry + 1;
        long r = u0 - q1 * normalized;
        if (Long.compareUnsigned(r, q0) > 0) {
            q1--;
            r += normalized;
        }
        if (Long.compareUnsigned(r, normalized) >= 0) {
            q1++;
        }
        return q1;
    }

    long divisor() {
        return divisor;
    }
}
