package io.hyperperp.core.engine.internal;

import io.hyperperp.core.command.ClientOrderIds;

import io.hyperperp.core.decimal.FixedPoint;
import io.hyperperp.core.event.RejectReason;
import io.hyperperp.core.market.MarketSpec;
import io.hyperperp.core.order.Side;

/** The market's validation rules for prices and sizes. Each check returns null when it passes. */
final class OrderRules {

    private OrderRules() {
    }

    static RejectReason checkPrice(OrderBook book, long price) {
        if (price <= 0) {
            return RejectReason.INVALID_PRICE;
        }
        if (!book.ticks.divides(price)) {
            return RejectReason.INVALID_TICK;
        }
        return checkBand(book, price);
    }

    static RejectReason checkBand(OrderBook book, long price) {
        int band = book.spec.priceBandBps();
        long last = book.lastTradePrice;
        if (band == 0 || last == 0) {
            return null;
        }
        long low = FixedPoint.mulDivCeil(last, MarketSpec.BPS - band, MarketSpec.BPS);
        long high = FixedPoint.mulDivFloorOrMax(last, MarketSpec.BPS + band, MarketSpec.BPS);
        return price < low || price > high ? RejectReason.PRICE_OUT_OF_BAND : null;
    }

    /** Size rules for a new order (the minimum applies) or an amended total (it does not). */
    static RejectReason checkSize(OrderBook book, long size, boolean applyMinimum) {
        MarketSpec spec = book.spec;
        if (size <= 0) {
            return RejectReason.INVALID_SIZE;
        }
        if (!book.lots.divides(size)) {
            return RejectReason.INVALID_LOT;
        }
        if (applyMinimum && size < spec.minSize()) {
            return RejectReason.SIZE_TOO_SMALL;
        }
        if (size > spec.maxSize()) {
            return RejectReason.SIZE_TOO_LARGE;
        }
        return null;
    }

    /**
     * Price times size must fit in a long at the price scale; then every fill of the order does,
     * and so do its fees.
     */
    static RejectReason checkNotional(OrderBook book, long price, long size) {
        // price × size / sizeUnit fits in a long iff the 128-bit product is below 2^63 × sizeUnit.
        long high = Math.multiplyHigh(price, size);
        long low = price * size;
        long limitHigh = book.sizeUnit >>> 1;
        long limitLow = (book.sizeUnit & 1) << 63;
        boolean fits = high < limitHigh || (high == limitHigh && Long.compareUnsigned(low, limitLow) < 0);
        return fits ? null : RejectReason.NOTIONAL_OVERFLOW;
    }

    static RejectReason checkClientOrderId(String id) {
        return id == null || ClientOrderIds.wellFormed(id) ? null : RejectReason.INVALID_CLIENT_ORDER_ID;
    }

    /**
     * The worst price a market order may trade at: the best opposite price moved by the market's
     * maximum slippage, rounded to a tick towards the best price, and kept inside the price band.
     */
    static long marketProtectionPrice(OrderBook book, Side side, long bestOpposite) {
        MarketSpec spec = book.spec;
        long tick = spec.tickSize();
        long worst;
        if (side == Side.BUY) {
            // Near the top of the price range the slippage bound is beyond any representable price.
            long raw = FixedPoint.mulDivFloorOrMax(bestOpposite, MarketSpec.BPS + spec.maxSlippageBps(),
                    MarketSpec.BPS);
            worst = raw / tick * tick;
        } else {
            long raw = FixedPoint.mulDivCeil(bestOpposite, MarketSpec.BPS - spec.maxSlippageBps(), MarketSpec.BPS);
            worst = (raw + tick - 1) / tick * tick;
        }
        int band = spec.priceBandBps();
        if (band != 0 && book.lastTradePrice != 0) {
            if (side == Side.BUY) {
                worst = Math.min(worst, FixedPoint.mulDivFloorOrMax(book.lastTradePrice, MarketSpec.BPS + band,
                        MarketSpec.BPS));
                worst = worst / tick * tick;
            } else {
                worst = Math.max(worst, FixedPoint.mulDivCeil(book.lastTradePrice, MarketSpec.BPS - band,
                        MarketSpec.BPS));
                worst = (worst + tick - 1) / tick * tick;
            }
        }
        return worst;
    }
}
