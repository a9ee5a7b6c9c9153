package io.hyperperp.core.decimal;

/**
 * Overflow-checked fixed-point arithmetic on scaled {@code long}s.
 *
 * <p>Price times size routinely exceeds 64 bits (30000.0 × 10.0 at 8 decimals each is 3·10²¹), so
 * every product goes through a 128-bit intermediate computed with {@link Math#multiplyHigh}. The
 * fast path (product fits in 63 bits) costs one multiply and one divide; the slow path is a
 * 128-by-64 bit division that allocates nothing.
 */
public final class FixedPoint {

    private static final long[] POWERS_OF_TEN = new long[19];

    static {
        long p = 1;
        for (int i = 0; i < POWERS_OF_TEN.length; i++) {
            POWERS_OF_TEN[i] = p;
            p *= 10;
        }
    }

    private FixedPoint() {
    }

    /** Returns 10^exponent for 0 ≤ exponent ≤ 18. */
    public static long powerOfTen(int exponent) {
        if (exponent < 0 || exponent >= POWERS_OF_TEN.length) {
            throw new IllegalArgumentException("exponent out of range [0, 18]: " + exponent);
        }
        return POWERS_OF_TEN[exponent];
    }

    /**
     * Returns floor(a × b / divisor) for non-negative a and b and positive divisor.
     *
     * @throws ArithmeticException if the result does not fit in a signed long
     */
    public static long mulDivFloor(long a, long b, long divisor) {
        checkOperands(a, b, divisor);
        long high = Math.multiplyHigh(a, b);
        long low = a * b;
        if (high == 0 && low >= 0) {
            return low / divisor;
        }
        return divide128(high, low, divisor, false, true);
    }

    /**
     * Returns floor(a × b / divisor), or {@link Long#MAX_VALUE} when that does not fit in a signed
     * long: for bounds such as a price limit, where "beyond anything representable" is the answer.
     */
    public static long mulDivFloorOrMax(long a, long b, long divisor) {
        checkOperands(a, b, divisor);
        long high = Math.multiplyHigh(a, b);
        long low = a * b;
        if (high == 0 && low >= 0) {
            return low / divisor;
        }
        if (Long.compareUnsigned(high, divisor) >= 0) {
            return Long.MAX_VALUE;
        }
        long quotient = divide128(high, low, divisor, false, false);
        return quotient < 0 ? Long.MAX_VALUE : quotient;
    }

    /**
     * Returns ceil(a × b / divisor) for non-negative a and b and positive divisor.
     *
     * @throws ArithmeticException if the result does not fit in a signed long
     */
    public static long mulDivCeil(long a, long b, long divisor) {
        checkOperands(a, b, divisor);
        long high = Math.multiplyHigh(a, b);
        long low = a * b;
        if (high == 0 && low >= 0) {
            long quotient = low / divisor;
            return quotient * divisor == low ? quotient : quotient + 1;
        }
        return divide128(high, low, divisor, true, true);
    }

    private static void checkOperands(long a, long b, long divisor) {
        if (a < 0 || b < 0 || divisor <= 0) {
            throw new IllegalArgumentException("mulDiv needs a >= 0, b >= 0, divisor > 0");
        }
    }

    /**
     * Unsigned 128-by-64 division (Hacker's Delight, divlu), rounding down or up; needs
     * high < divisor. With {@code signedOnly} a quotient of 2^63 or more is an overflow.
     */
    private static long divide128(long high, long low, long divisor, boolean roundUp, boolean signedOnly) {
        if (Long.compareUnsigned(high, divisor) >= 0) {
            throw new ArithmeticException("fixed-point result overflows 64 bits");
        }
        int shift = Long.numberOfLeadingZeros(divisor);
        long v = divisor << shift;
        long un32 = shift == 0 ? high : (high << shift) | (low >>> (64 - shift));
        long un10 = low << shift;
        long vn1 = v >>> 32;
        long vn0 = v & 0xFFFFFFFFL;
        long un1 = un10 >>> 32;
        long un0 = un10 & 0xFFFFFFFFL;

        long q1 = Long.divideUnsigned(un32, vn1);
        long rhat = un32 - q1 * vn1;
        while (Long.compareUnsigned(q1, 0xFFFFFFFFL) > 0
                || Long.compareUnsigned(q1 * vn0, (rhat << 32) | un1) > 0) {
            q1--;
            rhat += vn1;
            if (Long.compareUnsigned(rhat, 0xFFFFFFFFL) > 0) {
                break;
            }
        }
        long un21 = (un32 << 32) + un1 - q1 * v;

        long q0 = Long.divideUnsigned(un21, vn1);
        rhat = un21 - q0 * vn1;
        while (Long.compareUnsigned(q0, 0xFFFFFFFFL) > 0
                || Long.compareUnsigned(q0 * vn0, (rhat << 32) | un0) > 0) {
            q0--;
            rhat += vn1;
            if (Long.compareUnsigned(rhat, 0xFFFFFFFFL) > 0) {
                break;
            }
        }
        long remainder = ((un21 << 32) + un0 - q0 * v) >>> shift;
        long quotient = (q1 << 32) | q0;
        if (roundUp && remainder != 0) {
            quotient++;
        }
        if (signedOnly && quotient < 0) {
            throw new ArithmeticException("fixed-point result overflows 64 bits");
        }
        return quotient;
    }
}
