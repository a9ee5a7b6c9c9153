package io.hyperperp.core.engine.internal;

import io.hyperperp.core.order.Side;

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
    /** Open size and Σ per-order notional (collateral units, rounded up per order, each at its price bound) of resting buys. */
    long buyOpen;
    long buyNotional;
    /** The same for resting sells. */
    long sellOpen;
    long sellNotional;

    /**
     * min(leverage, ⌊10⁴ / imr_bps⌋): an initial margin is at most ⌈notional / this⌉. Set when the
     * account's headroom is computed; 0 until then and after a leverage change.
     */
    int marginDivisor;
    /** The fields only the slow paths read, apart so that the fast paths' fit in fewer cache lines. */
    final MarginPositionCold cold = new MarginPositionCold();

    /**
     * The account's entry that holds its headroom budget: the first one created, this one for an
     * account's first market (see {@link MarginHeadroom}).
     */
    final MarginPosition holder;
    /** On the holder: true once the account has entries in other markets too. */
    boolean shared;
    /**
     * On the holder: the account's headroom as a notional budget (a lower bound of equity − the
     * margin bound, times {@link #budgetDivisor}), valid while {@link #headroomEpoch} equals the
     * headroom's band epoch or count of price moves, or the prices are inside the bands ({@link #banded});
     * 0 is never valid.
     */
    long headroomEpoch;
    long budget;
    long budgetDivisor;
    /** On the holder: the budget also holds at any prices inside the positions' bands. */
    boolean banded;
    /**
     * On the holder of an account in one market: the price a fill left the budget valid at, until
     * a band around it is computed (0: none).
     */
    long fillPrice;

    MarginPosition(MarginAccount account, OrderBook book, int leverage, MarginPosition holder) {
        this.account = account;
        this.book = book;
        this.leverage = leverage;
        this.holder = holder == null ? this : holder;
    }

    /** Sets {@link #marginDivisor} (0: unknown), forgetting the terms divided by the old one. */
    void setMarginDivisor(int divisor) {
        marginDivisor = divisor;
        cold.termNotional = -1;
        cold.sideTermNotional = -1;
    }

    /**
     * This market's part of the headroom's margin bound: ⌈notional / d⌉ + ⌈larger order side / d⌉,
     * d the {@link #marginDivisor} (set), for the position's notional at the current price.
     */
    long marginBound(long notional) {
        MarginPositionCold c = cold;
        if (notional != c.termNotional) {
            c.term = Math.ceilDiv(notional, marginDivisor);
            c.termNotional = notional;
        }
        long side = Math.max(buyNotional, sellNotional);
        if (side != c.sideTermNotional) {
            c.sideTerm = Math.ceilDiv(side, marginDivisor);
            c.sideTermNotional = side;
        }
        return Math.addExact(c.term, c.sideTerm);
    }

    /** Adds an order's open size and notional to its side's totals; changes nothing when one overflows. */
    void addOrder(Side side, long open, long notional) {
        if (side == Side.BUY) {
            long newBuyOpen = Math.addExact(buyOpen, open);
            buyNotional = Math.addExact(buyNotional, notional);
            buyOpen = newBuyOpen;
        } else {
            long newSellOpen = Math.addExact(sellOpen, open);
            sellNotional = Math.addExact(sellNotional, notional);
            sellOpen = newSellOpen;
        }
        book.margin.restingOpen += open;
    }

    /** True when nothing is left that needs this entry (it stays anyway; leverage is remembered). */
    boolean flat() {
        return size == 0 && buyOpen == 0 && sellOpen == 0;
    }
}
