package io.hyperperp.core.risk;

import io.hyperperp.core.engine.internal.CollateralAmounts;
import io.hyperperp.core.market.MarketSpec;

/**
 * The collateral a fill in a margined market moves, exactly as the engine books it: the quote
 * amount ⌊price × size⌋ in collateral units, and the taker's and maker's trading fees (negative: a
 * rebate), which go to the fee account.
 *
 * @param quote    price × size in collateral units, rounded down
 * @param takerFee the taker's fee in collateral units
 * @param makerFee the maker's fee in collateral units (negative: a rebate)
 */
public record FillFees(long quote, long takerFee, long makerFee) {

    /**
     * The amounts of a fill; throws {@link ArithmeticException} if they do not fit in 64 bits
     * (the engine never accepts such a fill).
     */
    public static FillFees of(MarketSpec spec, int collateralDecimals, long price, long size) {
        return CollateralAmounts.of(spec, collateralDecimals, price, size);
    }
}
