package io.hyperperp.core.engine.internal;

/**
 * One account's state in one margined market: the position with its entry cost, the leverage, and
 * the open orders' totals per side, kept incrementally so a margin check never walks the orders.
 */
final class MarginPosition {

    final MarginAccount account;
    final OrderBook book;
    int leverage;
    /** Signed size, positive long. */
    long size;
    /** What opening the position cost in collateral units, signed like the size. */
    long entryCost;
    /** Open size and Σ per-order notional (collateral units, rounded up per order) of resting buys. */
    long buyOpen;
    long buyNotional;
    /** The same for resting sells. */
    long sellOpen;
    long sellNotional;

    /** Notional and value at {@link #cachedPrice} for {@link #cachedSize} (price × size is a 128-bit division). */
    long cachedPrice = -1;
    long cachedSize;
    long cachedNotional;
    long cachedValue;

    /**
     * min(leverage, ⌊10⁴ / imr_bps⌋): an initial margin is at most ⌈notional / this⌉. Set when the
     * account's headroom is computed; 0 until then and after a leverage change.
     */
    int marginDivisor;

    /** Slot in the book's holder list while the size is not zero, else -1. */
    int holderSlot = -1;
    /** Liquidation-index key while indexed (the liquidation price rounded outward). */
    long indexKey;
    /** 1 in the long index, -1 in the short index, 0 in neither. */
    int indexSide;

    MarginPosition(MarginAccount account, OrderBook book, int leverage) {
        this.account = account;
        this.book = book;
        this.leverage = leverage;
    }

    /** True when nothing is left that needs this entry (it stays anyway; leverage is remembered). */
    boolean flat() {
        return size == 0 && buyOpen == 0 && sellOpen == 0;
    }
}
