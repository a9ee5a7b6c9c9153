package io.hyperperp.core.engine.internal;

/**
 * The fields of a {@link MarginPosition} that only the slow paths read (recomputations of the
 * headroom, the exact check, the liquidation index, a position opening or closing), kept apart so
 * that what a place, an amend and a fill touch fits in fewer cache lines.
 */
final class MarginPositionCold {

    /** Notional and value at {@link #cachedPrice} for {@link #cachedSize} (price × size is a 128-bit division). */
    long cachedPrice = -1;
    long cachedSize;
    long cachedNotional;
    long cachedValue;

    /** ⌈termNotional / marginDivisor⌉, remembered: most fills leave one of the two alone. */
    long termNotional = -1;
    long term;
    /** The same for the larger order side. */
    long sideTermNotional = -1;
    long sideTerm;

    /**
     * The prices of the market between which the account's budget, computed with the position at
     * its current size, stays valid (see {@link MarginHeadroom}); meaningful while the account's
     * {@link MarginPosition#holder} is {@link MarginPosition#banded}.
     */
    long bandLow;
    long bandHigh;

    /**
     * Σ ⌈price × open⌉ of the account's resting buys and sells here, each at its own price, while the
     * account has more than {@link MarginMath#MAX_WALKED_ORDERS} open orders ({@link MarginExactTotals});
     * stale otherwise.
     */
    long buyExact;
    long sellExact;

    /** Liquidation-index key while indexed (the liquidation price rounded outward). */
    long indexKey;
    /** Slot in the book's holder list while the size is not zero, else -1. */
    int holderSlot = -1;
    /** 1 in the long index, -1 in the short index, 0 in neither. */
    int indexSide;
}
