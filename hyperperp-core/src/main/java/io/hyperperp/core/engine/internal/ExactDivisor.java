package io.hyperperp.core.engine.internal;

/**
 * Tests whether a non-negative long is a multiple of a fixed positive divisor without dividing:
 * a multiplication by the inverse of the divisor's odd part modulo 2^64 and a compare (Hacker's
 * Delight, 10-17). Every price and size check on the hot path asks this of the market's tick and
 * lot, and a 64-bit division costs tens of cycles where this costs about three.
 */
final class ExactDivisor {

    private final long lowBits;
    private final int shift;
    private final long oddInverse;
    private final long oddLimit;

    /** Prepares the test for {@code divisor}, which must be positive. */
    ExactDivisor(long divisor) {
        if (divisor <= 0) {
            throw new IllegalArgumentException("divisor must be positive: " + divisor);
        }
        shift = Long.numberOfTrailingZeros(divisor);
        lowBits = (1L << shift) - 1;
        long odd = divisor >>> shift;
        // Newton's iteration doubles the correct low bits each step: 3 (odd * odd == 1 mod 8) -> 96.
        long inverse = odd;
        for (int i = 0; i < 5; i++) {
            inverse *= 2 - odd * inverse;
        }
        oddInverse = inverse;
        oddLimit = Long.divideUnsigned(-1L, odd);
    }

    /** True if {@code value} (non-negative) is a multiple of the divisor. */
    boolean divides(long value) {
        // A multiple of the odd part times its inverse is the (small) quotient; any other value
        // lands above 2^64 / odd, because multiplying by the inverse is a bijection.
        return (value & lowBits) == 0 && Long.compareUnsigned((value >>> shift) * oddInverse, oddLimit) <= 0;
    }

    /**
     * The quotient of an exact multiple of the divisor, without dividing; meaningless for any other
     * value (callers either know the value is a multiple or verify what they find by it).
     */
    long exactQuotient(long multiple) {
        return exactQuotient(multiple, shift, oddInverse);
    }

    /** {@link #exactQuotient(long)} from the parts a caller keeps in its own fields ({@link #shift}, {@link #oddInverse}). */
    static long exactQuotient(long multiple, int shift, long oddInverse) {
        return (multiple >>> shift) * oddInverse;
    }

    /** The divisor's trailing zero bits. */
    int shift() {
        return shift;
    }

    /** The inverse of the divisor's odd part modulo 2^64. */
    long oddInverse() {
        return oddInverse;
    }
}
