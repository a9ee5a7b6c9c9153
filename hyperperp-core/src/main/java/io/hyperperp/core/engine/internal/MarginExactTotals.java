package io.hyperperp.core.engine.internal;

import io.hyperperp.core.order.Side;

/**
 * The exact order side notionals (Σ ⌈price × open⌉, each order at its own price) of an account with
 * more than {@link MarginMath#MAX_WALKED_ORDERS} open orders, kept per market and side in
 * {@link MarginPositionCold} so that the exact figures read them instead of walking the orders.
 * Every order is booked at its price bound whatever its account's size (the side totals of
 * {@link MarginPosition}, the budget's one comparison); these totals are a second, exact book of the
 * same orders, moved by every change of an order's price or booked open size by its exact delta
 * (O(1): ⌈new price × open⌉ − ⌈old price × open⌉ for a price-only amend).
 *
 * <p>Kept while the account is above the count, which is the one state the engine reads to decide
 * (the user's open-order count): the totals are started by one walk when the count passes it (the
 * order just linked is not booked yet) and simply left when it falls back (a later start recomputes
 * them). So after every command they equal the sums over the orders, which an image's restore
 * recomputes by booking each order with the counts already final. Each exact total is at most its
 * side's bound total, which was checked for overflow when it was booked, so they cannot overflow.
 */
final class MarginExactTotals {

    private MarginExactTotals() {
    }

    /** True when the user's exact side totals are kept (then every booking change moves them). */
    static boolean kept(UserAccount user) {
        return user.openOrderCount > MarginMath.MAX_WALKED_ORDERS;
    }

    /** The exact notional of one side of the position, kept (the account is {@link #kept}). */
    static long side(MarginPosition p, Side side) {
        return side == Side.BUY ? p.cold.buyExact : p.cold.sellExact;
    }

    /** Moves one side's exact total by an order's exact delta. */
    static void add(MarginPosition p, Side side, long delta) {
        if (side == Side.BUY) {
            p.cold.buyExact += delta;
        } else {
            p.cold.sellExact += delta;
        }
    }

    /**
     * A price-only amend inside the order's cell, which changes nothing booked at the bound: its exact
     * delta, the order still at its old price. Called before the amend writes the new price.
     */
    static void moved(MarginLedger ledger, Order order, long newPrice) {
        QuoteScale scale = order.book.scale;
        long open = order.marginOpen;
        add(ledger.position(order), order.side(), scale.ceil(newPrice, open) - scale.ceil(order.price, open));
    }

    /**
     * Starts the totals of a user whose count has just passed {@link MarginMath#MAX_WALKED_ORDERS}:
     * every market's totals summed afresh from the booked orders, one walk of the count's orders.
     */
    static void start(MarginLedger ledger, UserAccount user) {
        MarginAccount account = user.margin;
        for (int i = 0; i < account.marketCount; i++) {
            account.markets[i].cold.buyExact = 0;
            account.markets[i].cold.sellExact = 0;
        }
        for (Order o = user.firstOrder; o != null; o = o.userNext) {
            ledger.exactStartVisits++;
            long open = o.marginOpen;
            if (open != 0) { // not margined, or not booked yet
                add(ledger.position(o), o.side(), o.book.scale.ceil(o.price, open));
            }
        }
    }

    /**
     * After an order joined its user's open orders: when that made the count pass
     * {@link MarginMath#MAX_WALKED_ORDERS}, the user is counted in the ledger's
     * {@link MarginLedger#exactKeptUsers} and the account's totals are started (one walk). When the
     * count falls back ({@link #unlinked}) they are left as they are: nothing reads them below it.
     */
    static void linked(MarginLedger ledger, UserAccount user) {
        if (user.openOrderCount == MarginMath.MAX_WALKED_ORDERS + 1) {
            ledger.exactKeptUsers++;
            if (user.margin != null) {
                start(ledger, user);
            }
        }
    }

    /** After an order left its user's open orders: the user no longer counts once the count is back at the bound. */
    static void unlinked(MarginLedger ledger, UserAccount user) {
        if (user.openOrderCount == MarginMath.MAX_WALKED_ORDERS) {
            ledger.exactKeptUsers--;
        }
    }
}
