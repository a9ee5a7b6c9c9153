package io.hyperperp.core.engine.internal;

import io.hyperperp.core.market.MarketSpec;
import io.hyperperp.core.risk.FillFees;

/** The collateral amounts the ledger books for one fill, for readers outside the engine. */
public final class CollateralAmounts {

    private CollateralAmounts() {
    }

    /** What {@link MarginFills#onFill} books for a fill of {@code size} at {@code price}. */
    public static FillFees of(MarketSpec spec, int collateralDecimals, long price, long size) {
        long quote = new QuoteScale(spec.priceDecimals(), spec.sizeDecimals(), collateralDecimals).floor(price, size);
        return new FillFees(quote, FillAmounts.feeOn(quote, spec.takerFeeBps()), FillAmounts.feeOn(quote, spec.makerFeeBps()));
    }
}
