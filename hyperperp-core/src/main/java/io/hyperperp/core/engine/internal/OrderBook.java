package io.hyperperp.core.engine.internal;

import io.hyperperp.core.market.MarketSpec;
import io.hyperperp.core.order.Side;

/** The two sides of one market's book plus what the market remembers between commands. */
public final class OrderBook {

    final long marketId;
    final MarketSpec spec;
    final BookSide bids;
    final BookSide asks;
    final long sizeUnit;
    /** A fill's notional and fees, computed without a division. */
    final FillAmounts fillAmounts;
    /** Whether a price is a whole number of ticks, a size a whole number of lots (no division). */
    final ExactDivisor ticks;
    final ExactDivisor lots;
    /** The market's largest order size. */
    final long maxSize;
    /**
     * With fewer open orders than this in the engine, no price level of this market can overflow:
     * each open order is at most {@code max_size}, so they and one more fit in a long.
     */
    final long ordersBelowLevelOverflow;
    /**
     * With fewer open orders than this, a user's orders plus one more fit in half the long range,
     * so a position within the other half cannot overflow (decided without a division).
     */
    final long ordersBelowExposureOverflow;
    /** Whether the market has margin cross; the others skip every risk hook. */
    final boolean margined;
    /** Price × size to collateral units. */
    final QuoteScale scale;
    /** Holders and liquidation index, for margined markets only. */
    final MarginBook margin;
    /** The index price that came with the last mark, or 0. */
    long indexPrice;
    long lastTradePrice;
    long lastSequence;
    long markPrice;
    /** Untriggered conditional orders, created on first use. */
    ConditionalBook conditionals;
    /** Whether the book is queued for a trigger check after the current command. */
    boolean triggerCheckPending;

    OrderBook(MarketSpec spec, LevelPool levelPool, long sizeUnit, int collateralDecimals) {
        this.marketId = spec.marketId();
        this.spec = spec;
        this.sizeUnit = sizeUnit;
        this.fillAmounts = new FillAmounts(spec, sizeUnit);
        this.ticks = new ExactDivisor(spec.tickSize());
        this.bids = new BookSide(Side.BUY, levelPool, ticks);
        this.asks = new BookSide(Side.SELL, levelPool, ticks);
        bids.opposite = asks;
        asks.opposite = bids;
        this.lots = new ExactDivisor(spec.lotSize());
        this.maxSize = spec.maxSize();
        this.ordersBelowLevelOverflow = Long.MAX_VALUE / maxSize;
        this.ordersBelowExposureOverflow = Long.MAX_VALUE / 2 / maxSize;
        this.margined = spec.margined();
        this.scale = new QuoteScale(spec.priceDecimals(), spec.sizeDecimals(), collateralDecimals);
        this.margin = margined ? new MarginBook() : null;
    }

    /** The side holding orders of the given side. */
    public BookSide side(Side side) {
        return side == Side.BUY ? bids : asks;
    }

    /** The market's spec. */
    public MarketSpec spec() {
        return spec;
    }

    /** Price of the last trade, or 0 if none yet. */
    public long lastTradePrice() {
        return lastTradePrice;
    }

    /** The open interest of a margined market (Σ of the long positions' sizes); -1 in one without margin. */
    public long openInterest() {
        return margined ? margin.openSize / 2 : -1;
    }

    /** The mark price fed by the oracle, or 0. */
    public long markPrice() {
        return markPrice;
    }

    /** Sequence number of the last event that changed this book. */
    public long lastSequence() {
        return lastSequence;
    }
}
