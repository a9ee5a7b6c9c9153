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
    }

    /** floor(price × size) in collateral units, for non-negative operands. */
    long floor(long price, long size) {
        if (multiplier != 1) {
            return Math.multiplyExact(Math.multiplyExact(price, size), multiplier);
        }
        long first = FixedPoint.mulDivFloor(price, size, divisor);
        return secondDivisor == 1 ? first : first / secondDivisor;
    }

    /** ceil(price × size) in collateral units, for non-negative operands. */
    long ceil(long price, long size) {
        if (multiplier != 1) {
            return Math.multiplyExact(Math.multiplyExact(price, size), multiplier);
        }
        long first = FixedPoint.mulDivCeil(price, size, divisor);
        return secondDivisor == 1 ? first : Math.ceilDiv(first, secondDivisor);
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
