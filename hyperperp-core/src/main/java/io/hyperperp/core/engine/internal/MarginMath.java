package io.hyperperp.core.engine.internal;

import io.hyperperp.core.decimal.FixedPoint;
import io.hyperperp.core.event.RejectReason;
import io.hyperperp.core.market.MarketSpec;
import io.hyperperp.core.order.Side;

/**
 * The margin formulas, in collateral units. Every sum is over an account's markets; the exact order
 * side notionals ({@link #marginUsed(MarginPosition)}, the slow paths only) walk the account's orders
 * when it has at most {@link #MAX_WALKED_ORDERS} of them, and are kept for it above
 * ({@link MarginExactTotals}). Overflow throws {@link ArithmeticException}, which the callers turn
 * into a rejection.
 *
 * <ul>
 *   <li>price of a market: its mark, or its last trade before the first mark;</li>
 *   <li>value of a position: size × price (longs round down, shorts away from zero);</li>
 *   <li>equity: collateral + Σ (value − entry cost);</li>
 *   <li>initial margin of a notional: max(⌈notional / leverage⌉, ⌈notional × imr_bps / 10⁴⌉);</li>
 *   <li>margin used in a market: initial margin of ⌈|size| × price⌉ plus initial margin of the
 *       worse order side, where a side's notional counts only its part beyond what would reduce
 *       the position (pro rata: side notional × excess size / side size, rounded up);</li>
 *   <li>maintenance margin in a market: ⌈⌈|size| × price⌉ × mmr_bps / 10⁴⌉.</li>
 * </ul>
 */
final class MarginMath {

    private MarginMath() {
    }

    static long price(OrderBook book) {
        return book.markPrice != 0 ? book.markPrice : book.lastTradePrice;
    }

    static long initialMargin(long notional, int leverage, int imrBps) {
        long byLeverage = Math.ceilDiv(notional, leverage);
        long byFraction = FixedPoint.mulDivCeil(notional, imrBps, MarketSpec.BPS);
        return Math.max(byLeverage, byFraction);
    }

    static long notional(MarginPosition p) {
        if (p.size == 0) {
            return 0;
        }
        refresh(p);
        return p.cold.cachedNotional;
    }

    static long value(MarginPosition p) {
        if (p.size == 0) {
            return 0;
        }
        refresh(p);
        return p.cold.cachedValue;
    }

    private static void refresh(MarginPosition p) {
        long price = price(p.book);
        long size = p.size;
        MarginPositionCold c = p.cold;
        if (c.cachedPrice != price || c.cachedSize != size) {
            QuoteScale scale = p.book.scale;
            if (size > 0) {
                // one division for both: the ceiling is the floor unless the product had a remainder
                long floor = scale.floor(price, size);
                c.cachedValue = floor;
                c.cachedNotional = scale.divides(price, size, floor) ? floor : floor + 1;
            } else {
                c.cachedNotional = scale.ceil(price, -size);
                c.cachedValue = -c.cachedNotional;
            }
            c.cachedPrice = price;
            c.cachedSize = size;
        }
    }

    /**
     * equity − the margin bound (every market's position notional plus its larger order side,
     * whole: no pro-rata reduction, each divided by the market's {@link MarginPosition#marginDivisor}
     * and rounded up, which is at least its initial margin), in one pass over the markets: a lower
     * bound of free collateral. Since imr_bps &gt; mmr_bps, the bound is at least the maintenance
     * margin, so a non-negative result also proves the account solvent. Needs every market's
     * divisor set.
     */
    static long headroom(MarginAccount a) {
        long equity = a.collateral;
        long bound = 0;
        for (int i = 0; i < a.marketCount; i++) {
            MarginPosition p = a.markets[i];
            long notional = 0;
            if (p.size != 0) {
                refresh(p);
                notional = p.cold.cachedNotional;
                equity = Math.addExact(equity, Math.subtractExact(p.cold.cachedValue, p.entryCost));
            }
            bound = Math.addExact(bound, p.marginBound(notional));
        }
        return Math.subtractExact(equity, bound);
    }

    /** The notional of one order side beyond what would only reduce the position. */
    static long excess(long open, long notional, long reducible) {
        if (open <= reducible) {
            return 0;
        }
        return reducible == 0 ? notional : FixedPoint.mulDivCeil(notional, open - reducible, open);
    }

    /**
     * The margin used in one market, exactly: the order sides at their orders' own prices (the side
     * totals the position keeps are at the orders' price bounds, an upper bound).
     */
    static long marginUsed(MarginPosition p) {
        return marginUsed(p, true, 0, 0);
    }

    /**
     * {@link #marginUsed(MarginPosition)} with one side's open size and exact notional moved by the
     * deltas: the margin used if an order were added to that side, or changed on it.
     */
    static long marginUsed(MarginPosition p, boolean buy, long openDelta, long notionalDelta) {
        long buyOpen = p.buyOpen;
        long sellOpen = p.sellOpen;
        long buyNotional = buyOpen == 0 ? 0 : exactSide(p, Side.BUY);
        long sellNotional = sellOpen == 0 ? 0 : exactSide(p, Side.SELL);
        if (buy) {
            buyOpen = Math.addExact(buyOpen, openDelta);
            buyNotional = Math.addExact(buyNotional, notionalDelta);
        } else {
            sellOpen = Math.addExact(sellOpen, openDelta);
            sellNotional = Math.addExact(sellNotional, notionalDelta);
        }
        int imr = p.book.spec.risk().imrBps();
        long buys = excess(buyOpen, buyNotional, p.size < 0 ? -p.size : 0);
        long sells = excess(sellOpen, sellNotional, p.size > 0 ? p.size : 0);
        long orders = initialMargin(Math.max(buys, sells), p.leverage, imr);
        return Math.addExact(initialMargin(notional(p), p.leverage, imr), orders);
    }

    /**
     * Σ ⌈price × open⌉ of the account's orders booked on one side of the position's market, each at
     * its own price, for the slow paths that need the exact figure (the exact pre-trade check,
     * withdraw, set_leverage, the account view); the side totals are at the orders' price bounds. An
     * account with more than {@link #MAX_WALKED_ORDERS} open orders keeps it
     * ({@link MarginExactTotals}); one with fewer is walked, at most {@link #MAX_WALKED_ORDERS} orders
     * (counted in the market's {@link MarginBook#exactWalkVisits}).
     */
    static long exactSide(MarginPosition p, Side side) {
        UserAccount user = p.account.user;
        if (MarginExactTotals.kept(user)) {
            return MarginExactTotals.side(p, side);
        }
        QuoteScale scale = p.book.scale;
        long total = 0;
        int visited = 0;
        for (Order o = user.firstOrder; o != null; o = o.userNext) {
            visited++;
            if (o.book == p.book && o.marginOpen != 0 && o.side() == side) {
                total = Math.addExact(total, scale.ceil(o.price, o.marginOpen));
            }
        }
        p.book.margin.exactWalkVisits += visited;
        return total;
    }

    /**
     * The most open orders (in all markets) an account may have for its exact figures to be walked;
     * with more, they are kept as totals ({@link MarginExactTotals}), moved by every change of an
     * order. It bounds every walk of {@link #exactSide}. Keeping the totals costs a price-only amend
     * inside its cell two products (docs/benchmarks.md, session 18); the workloads measured keep at
     * most 8 and 10 open orders per account, so below the count that amend writes nothing.
     */
    static final int MAX_WALKED_ORDERS = 32;

    /** log₂ of how many cells an order's price bound divides a power of two into. */
    static final int CELL_BITS = 8;

    /**
     * The price an order's margin is booked at: its price rounded up to the top of its cell, the
     * cells being 1/256 of the price's power of two (so a bound is between 1/512 and 1/256 above
     * the price; prices below 256 units are their own bound). A function of the price alone, so an
     * engine restored from an image books what the original booked.
     */
    static long priceBound(long price) {
        long unit = Long.highestOneBit(price) >>> CELL_BITS;
        return unit == 0 ? price : price | (unit - 1);
    }

    /**
     * True when {@code newPrice} is in the cell of {@code price} (then {@code priceBound} of both is
     * the same): below the cell's unit, the prices differ in no bit, highest bit included. False for
     * prices below 256 units. Both prices positive.
     */
    static boolean sameCell(long price, long newPrice) {
        return (newPrice ^ price) < (Long.highestOneBit(price) >>> CELL_BITS);
    }

    static long maintenance(MarginPosition p) {
        return FixedPoint.mulDivCeil(notional(p), p.book.spec.risk().mmrBps(), MarketSpec.BPS);
    }

    static long equity(MarginAccount a) {
        long equity = a.collateral;
        for (int i = 0; i < a.marketCount; i++) {
            MarginPosition p = a.markets[i];
            if (p.size != 0) {
                equity = Math.addExact(equity, Math.subtractExact(value(p), p.entryCost));
            }
        }
        return equity;
    }

    static long marginUsed(MarginAccount a) {
        long used = 0;
        for (int i = 0; i < a.marketCount; i++) {
            used = Math.addExact(used, marginUsed(a.markets[i]));
        }
        return used;
    }

    static long maintenance(MarginAccount a) {
        long total = 0;
        for (int i = 0; i < a.marketCount; i++) {
            total = Math.addExact(total, maintenance(a.markets[i]));
        }
        return total;
    }

    /**
     * The exact check of an order: rejects only one that raises the account's margin used above its
     * equity. The deltas are the order side's open size and exact notional (at the order's own price).
     */
    static RejectReason exactCheck(MarginPosition p, Side side, long openDelta, long notionalDelta) {
        MarginAccount account = p.account;
        long before = marginUsed(account);
        long after = Math.addExact(Math.subtractExact(before, marginUsed(p)),
                marginUsed(p, side == Side.BUY, openDelta, notionalDelta));
        if (after > before && after > equity(account)) {
            return RejectReason.INSUFFICIENT_MARGIN;
        }
        return null;
    }

    /** amount × numerator / denominator, rounded toward zero (numerator ≤ denominator). */
    static long scaleTowardZero(long amount, long numerator, long denominator) {
        long magnitude = FixedPoint.mulDivFloor(Math.abs(amount), numerator, denominator);
        return amount < 0 ? -magnitude : magnitude;
    }
}
