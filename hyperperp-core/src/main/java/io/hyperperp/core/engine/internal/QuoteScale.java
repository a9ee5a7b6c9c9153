package io.hyperperp.core.engine.internal;

import io.hyperperp.core.decimal.FixedPoint;

/**
 * Converts a market's price × size (scaled by its price and size decimals) into collateral units
 * (scaled by the collateral decimals), rounding down or up, with 128-bit intermediates.
 * Throws {@link ArithmeticException} when the result does not fit in 64 bits; callers turn that
 * into a rejection.
 */
final class QuoteScale {

    private static final long MAX_DIVISOR = FixedPoint.powerOfTen(18);

    /** First and second divisor (their product is 10^(price + size − collateral decimals)). */
    private final long divisor;
    private final long secondDivisor;
    /** Multiplier when the collateral has more decimals than price and size together. */
    private final long multiplier;
    /** The divisor is 10^exponent = 2^exponent × 5^exponent; 0 when the fast path does not apply. */
    private final int twos;
    private final long fives;
    /** Division by {@link #divisor} and by {@link #fives} without a division instruction. */
    private final InvariantDivisor byDivisor;
    private final InvariantDivisor byFives;

    QuoteScale(int priceDecimals, int sizeDecimals, int collateralDecimals) {
        int exponent = priceDecimals + sizeDecimals - collateralDecimals;
        if (exponent >= 0) {
            this.divisor = exponent > 18 ? MAX_DIVISOR : FixedPoint.powerOfTen(exponent);
            this.secondDivisor = exponent > 18 ? FixedPoint.powerOfTen(exponent - 18) : 1;
            this.multiplier = 1;
        } else {
            this.divisor = 1;
            this.secondDivisor = 1;
            this.multiplier = FixedPoint.powerOfTen(-exponent);
        }
        this.twos = exponent > 0 && exponent <= 18 ? exponent : 0;
        long f = 1;
        for (int i = 0; i < twos; i++) {
            f *= 5;
        }
        this.fives = f;
        this.byDivisor = new InvariantDivisor(divisor);
        this.byFives = new InvariantDivisor(f);
    }

    /**
     * floor(price × size / divisor) by the one path every product that fits takes, or -1 when it
     * does not apply (a 128-bit division then). With a power-of-ten divisor 10^twos: the product
     * shifted right by {@code twos} bits, then divided by 5^twos (⌊⌊x / 2^t⌋ / 5^t⌋ = ⌊x / 10^t⌋),
     * whether or not the product passed 63 bits: which one it is varies from order to order (two
     * in three of the benchmark's orders pass), and a branch on it is mispredicted that often.
     */
    private long quotient(long high, long low) {
        if (twos == 0) {
            return high == 0 && low >= 0 ? byDivisor.divide(low) : -1;
        }
        return shiftedFloor(high, low);
    }

    /**
     * floor(price × size / 10^twos) when the product shifted right by {@code twos} bits fits in 63
     * bits: one shift and a division by 5^twos instead of a 128-bit division. -1 when it does not.
     */
    private long shiftedFloor(long high, long low) {
        long shiftedHigh = high >>> twos;
        long shiftedLow = (low >>> twos) | (high << (64 - twos));
        if (shiftedHigh != 0 || shiftedLow < 0) {
            return -1;
        }
        return byFives.divide(shiftedLow);
    }

    /** floor(price × size) in collateral units, for non-negative operands. */
    long floor(long price, long size) {
        if (multiplier != 1) {
            return Math.multiplyExact(Math.multiplyExact(price, size), multiplier);
        }
        if (secondDivisor == 1 && price >= 0 && size >= 0) {
            long quotient = quotient(Math.multiplyHigh(price, size), price * size);
            if (quotient >= 0) {
                return quotient;
            }
        }
        long first = FixedPoint.mulDivFloor(price, size, divisor);
        return secondDivisor == 1 ? first : first / secondDivisor;
    }

    /** ceil(price × size) in collateral units, for non-negative operands. */
    long ceil(long price, long size) {
        if (multiplier != 1) {
            return Math.multiplyExact(Math.multiplyExact(price, size), multiplier);
        }
        if (secondDivisor == 1 && price >= 0 && size >= 0) {
            long low = price * size;
            long quotient = quotient(Math.multiplyHigh(price, size), low);
            if (quotient >= 0) {
                // exact iff the product equals quotient × divisor; the difference is below 2^64
                return low - quotient * divisor == 0 ? quotient : quotient + 1;
            }
        }
        long first = FixedPoint.mulDivCeil(price, size, divisor);
        return secondDivisor == 1 ? first : Math.ceilDiv(first, secondDivisor);
    }

    /**
     * True when price × size in collateral units is exactly {@code floor}, the value
     * {@link #floor} returned for them (so the ceiling is the same), for non-negative operands.
     */
    boolean divides(long price, long size, long floor) {
        if (multiplier != 1) {
            return true;
        }
        if (secondDivisor == 1) {
            // the remainder price × size − floor × divisor is below 2^64: the low 64 bits decide
            return price * size - floor * divisor == 0;
        }
        return ceil(price, size) == floor;
    }

    /**
     * A price move Δ ≥ 0 with ⌈Δ × size⌉ ≤ {@code amount} in collateral units, for a positive size and
     * a non-negative amount: the largest such move, or a smaller one (never larger) when the exact
     * one needs more than 64 bits of intermediate. Saturates at {@link Long#MAX_VALUE}.
     */
    long priceSpan(long amount, long size) {
        if (multiplier != 1) {
            long perTick = Math.multiplyHigh(size, multiplier) == 0 ? size * multiplier : -1;
            return perTick <= 0 ? 0 : amount / perTick;
        }
        // Δ × size ≤ amount × divisor (× secondDivisor, left out: a smaller span is still safe)
        return FixedPoint.mulDivFloorOrMax(amount, divisor, size);
    }

    /** Signed value of a position at a price: longs round down, shorts round away from zero. */
    long value(long size, long price) {
        return size >= 0 ? floor(price, size) : -ceil(price, -size);
    }

    /** The decimal exponent collateral × 10^this / size gives a price at (for reporting only). */
    java.math.BigInteger unitsPerCollateral() {
        if (multiplier != 1) {
            return java.math.BigInteger.ONE;
        }
        return java.math.BigInteger.valueOf(divisor).multiply(java.math.BigInteger.valueOf(secondDivisor));
    }

    /** The multiplier for the case of more collateral decimals than price and size together. */
    long multiplier() {
        return multiplier;
    }
}
