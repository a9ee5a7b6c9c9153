package io.hyperperp.core.engine.internal;

import io.hyperperp.core.decimal.FixedPoint;
import io.hyperperp.core.market.MarketSpec;

/**
 * A market's fill notional and fees, prepared once when its book opens so that a fill divides by
 * nothing at run time: the notional's division by the size unit is a multiplication and a shift
 * ({@link InvariantDivisor}), and a fee's division by {@link MarketSpec#BPS}, a constant, is one the
 * compiler turns into a multiplication. Every result equals {@link FixedPoint}'s; operands past the
 * fast paths' bounds go through {@link FixedPoint} itself (its 128-bit paths and overflow checks).
 */
final class FillAmounts {

    private final InvariantDivisor sizeUnit;
    private final int takerFeeBps;
    private final int makerFeeBps;
    /** The largest notional whose product with either fee rate fits in a long. */
    private final long feeFastLimit;

    FillAmounts(MarketSpec spec, long sizeUnit) {
        this.sizeUnit = new InvariantDivisor(sizeUnit);
        this.takerFeeBps = spec.takerFeeBps();
        this.makerFeeBps = spec.makerFeeBps();
        int largestRate = Math.max(1, Math.max(Math.abs(takerFeeBps), Math.abs(makerFeeBps)));
        this.feeFastLimit = Long.MAX_VALUE / largestRate;
    }

    /** floor(price × quantity / size unit), as {@link FixedPoint#mulDivFloor} (price, quantity ≥ 0). */
    long notional(long price, long quantity) {
        long high = Math.multiplyHigh(price, quantity);
        long low = price * quantity;
        if (high == 0 && low >= 0) {
            return sizeUnit.divide(low);
        }
        return FixedPoint.mulDivFloor(price, quantity, sizeUnit.divisor());
    }

    /** The taker's fee on a notional ({@link #fee}). */
    long takerFee(long notional) {
        return fee(notional, takerFeeBps);
    }

    /** The maker's fee on a notional ({@link #fee}). */
    long makerFee(long notional) {
        return fee(notional, makerFeeBps);
    }

    /** Fee for a notional (≥ 0) at a bps rate: charges round up, rebates round down in size. */
    private long fee(long notional, int bps) {
        if (notional <= feeFastLimit) {
            if (bps >= 0) {
                long product = notional * bps;
                long quotient = product / MarketSpec.BPS;
                return quotient * MarketSpec.BPS == product ? quotient : quotient + 1;
            }
            return -(notional * -bps / MarketSpec.BPS);
        }
        return feeOn(notional, bps);
    }

    /**
     * The fee rule, for any non-negative notional, through {@link FixedPoint}'s 128-bit paths: charges
     * (bps ≥ 0) round up, rebates round down in size. The fast path above gives the same results.
     */
    static long feeOn(long notional, int bps) {
        if (bps >= 0) {
            return FixedPoint.mulDivCeil(notional, bps, MarketSpec.BPS);
        }
        return -FixedPoint.mulDivFloor(notional, -bps, MarketSpec.BPS);
    }
}
