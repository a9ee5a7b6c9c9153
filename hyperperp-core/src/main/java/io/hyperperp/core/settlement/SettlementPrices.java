package io.hyperperp.core.settlement;

import io.hyperperp.core.decimal.FixedPoint;
import io.hyperperp.core.event.EngineEvent;
import io.hyperperp.core.market.MarketSpec;
import java.util.List;

/** Conversions to the chain's fixed point and the batch price bounds. */
public final class SettlementPrices {

    /** The contract's price scale: 8 decimals. */
    public static final int PX_DECIMALS = 8;

    private SettlementPrices() {
    }

    /**
     * Checks that every price of a market (a multiple of its tick) has an exact 8-decimal price_x.
     *
     * @throws IllegalArgumentException naming the market when it does not
     */
    public static void checkPriceScale(MarketSpec spec) {
        try {
            priceX(spec.tickSize(), spec.priceDecimals());
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("market " + spec.marketId() + ": tick size " + spec.tickSize()
                    + " at " + spec.priceDecimals() + " decimals has no exact on-chain price_x (8 decimals)", e);
        }
    }

    /**
     * price × 10^8 exactly, from a price at the market's scale.
     *
     * @throws ArithmeticException if it is not exactly representable or overflows
     */
    public static long priceX(long price, int priceDecimals) {
        if (priceDecimals <= PX_DECIMALS) {
            return Math.multiplyExact(price, FixedPoint.powerOfTen(PX_DECIMALS - priceDecimals));
        }
        long unit = FixedPoint.powerOfTen(priceDecimals - PX_DECIMALS);
        if (price % unit != 0) {
            throw new ArithmeticException("price " + price + " at " + priceDecimals
                    + " decimals has no exact 8-decimal price_x");
        }
        return price / unit;
    }

    /** The settlement form of an engine fill (seconds, price_x, taker fee rate). */
    public static SettlementFill toSettlementFill(EngineEvent.Fill fill, MarketSpec spec) {
        return new SettlementFill(fill.tradeId(), fill.taker().userAddress(), fill.maker().userAddress(),
                fill.marketId(), fill.size(), priceX(fill.price(), spec.priceDecimals()), spec.takerFeeBps(),
                fill.timestamp() / 1_000_000L, fill.takerSide());
    }

    /** floor(min price_x × (1 − slippage)). */
    public static long minPx(List<SettlementFill> fills, int slippageBps) {
        long min = Long.MAX_VALUE;
        for (SettlementFill f : fills) {
            min = Math.min(min, f.priceX());
        }
        return FixedPoint.mulDivFloor(min, MarketSpec.BPS - slippageBps, MarketSpec.BPS);
    }

    /** ceil(max price_x × (1 + slippage)), capped at the largest u64 we can hold. */
    public static long maxPx(List<SettlementFill> fills, int slippageBps) {
        long max = 0;
        for (SettlementFill f : fills) {
            max = Math.max(max, f.priceX());
        }
        try {
            return FixedPoint.mulDivCeil(max, MarketSpec.BPS + slippageBps, MarketSpec.BPS);
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    /** True if price_x lies further than the slippage from the reference. */
    public static boolean deviates(long priceX, long referenceX, int slippageBps) {
        long low = FixedPoint.mulDivFloor(referenceX, MarketSpec.BPS - slippageBps, MarketSpec.BPS);
        long high;
        try {
            high = FixedPoint.mulDivCeil(referenceX, MarketSpec.BPS + slippageBps, MarketSpec.BPS);
        } catch (ArithmeticException e) {
            high = Long.MAX_VALUE;
        }
        return priceX < low || priceX > high;
    }
}
