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
    /** The divisor is 10^exponent = 2^exponent × 5^exponent; 0 when the shifted path does not apply. */
    private final int twos;
    /**
     * True when every product that fits after the shift by {@link #twos} takes the shifted path (no
     * multiplier, one power-of-ten divisor above 1): one test for the margin hooks' common case.
     */
    private final boolean shifted;
    /**
     * Division by 5^twos without a division instruction ({@link InvariantDivisor}'s multiplier and
     * shift, kept here so that the common case reads this object only).
     */
    private final long fivesMagic;
    private final int fivesShift;

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
        InvariantDivisor byFives = new InvariantDivisor(f);
        this.shifted = multiplier == 1 && secondDivisor == 1 && twos > 0;
        this.fivesMagic = byFives.magic();
        this.fivesShift = byFives.shift();
    }

    /**
     * ⌊price × size / 10^twos⌋ on the shifted path: the product shifted right by {@code twos} bits,
     * then divided by 5^twos through {@link #fivesMagic} (5^twos &gt; 1; ⌊⌊x / 2^t⌋ / 5^t⌋ = ⌊x / 10^t⌋).
     * Every product whose shift fits in 63 bits takes it, whether or not the product itself passed
     * 63 bits: which one it is varies from order to order (two in three of the benchmark's orders
     * pass), and a branch on it is mispredicted that often. -1 when the path does not apply (no
     * shifted divisor, a negative operand, or a shifted product past 63 bits).
     */
    private long shiftedQuotient(long price, long size, long low) {
        if (!shifted || (price | size) < 0) {
            return -1;
        }
        long high = Math.multiplyHigh(price, size);
        long shiftedHigh = high >>> twos;
        long shiftedLow = (low >>> twos) | (high << (64 - twos));
        if ((shiftedHigh | (shiftedLow >>> 63)) != 0) {
            return -1;
        }
        return Math.unsignedMultiplyHigh(shiftedLow, fivesMagic) >>> fivesShift;
    }

    /** floor(price × size) in collateral units, for non-negative operands. */
    long floor(long price, long size) {
        long shiftedQuotient = shiftedQuotient(price, size, price * size);
        return shiftedQuotient >= 0 ? shiftedQuotient : otherFloor(price, size);
    }

    /**
     * True when the scale divides by 1 (price and size decimals add up to the collateral's) and
     * price × size, both non-negative, fits in 63 bits: the product is then the answer.
     */
    private boolean unitDivisor(long price, long size) {
        return divisor == 1 && price >= 0 && size >= 0 && Math.multiplyHigh(price, size) == 0 && price * size >= 0;
    }

    /** {@link #floor} off the shifted path. */
    private long otherFloor(long price, long size) {
        if (multiplier != 1) {
            return Math.multiplyExact(Math.multiplyExact(price, size), multiplier);
        }
        if (unitDivisor(price, size)) {
            return price * size;
        }
        long first = FixedPoint.mulDivFloor(price, size, divisor);
        return secondDivisor == 1 ? first : first / secondDivisor;
    }

    /** ceil(price × size) in collateral units, for non-negative operands. */
    long ceil(long price, long size) {
        long low = price * size;
        long shiftedQuotient = shiftedQuotient(price, size, low);
        if (shiftedQuotient >= 0) {
            // exact iff the product equals quotient × divisor; the difference is below 2^64
            return low - shiftedQuotient * divisor == 0 ? shiftedQuotient : shiftedQuotient + 1;
        }
        return otherCeil(price, size);
    }

    /** {@link #ceil} off the shifted path. */
    private long otherCeil(long price, long size) {
        if (multiplier != 1) {
            return Math.multiplyExact(Math.multiplyExact(price, size), multiplier);
        }
        if (unitDivisor(price, size)) {
            return price * size;
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
