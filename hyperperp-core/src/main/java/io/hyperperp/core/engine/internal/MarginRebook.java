package io.hyperperp.core.engine.internal;

/**
 * Re-books an account's orders when its open-order count crosses {@link MarginMath#MAX_BOUND_ORDERS}:
 * up, from their price bounds to their prices; back down, to their bounds. So how an order is
 * booked is a function of its account's count alone (an image's restore books the same), and an
 * account whose orders are at their bounds has at most {@link MarginMath#MAX_BOUND_ORDERS} of them,
 * which bounds every walk of the exact figures. One walk of at most that many orders plus one, per
 * crossing.
 */
final class MarginRebook {

    private MarginRebook() {
    }

    /**
     * Moves each booked order's notional to its {@link MarginMath#bookedPrice} for the user's
     * current count. A fall only loosens the account's budget, which stays a lower bound; a rise
     * (back to the bounds) is paid from the budget, which ends when it cannot pay.
     */
    static void rebookOrders(MarginLedger ledger, UserAccount user) {
        for (Order o = user.firstOrder; o != null; o = o.userNext) {
            ledger.rebookVisits++;
            long open = o.marginOpen;
            if (open == 0) {
                continue; // not margined, or not booked yet
            }
            long notional = o.book.scale.ceil(MarginMath.bookedPrice(o), open);
            long delta = notional - o.marginNotional;
            if (delta != 0) {
                MarginPosition p = ledger.position(o);
                MarginLedger.addOrder(p, o.side(), 0, delta);
                if (delta > 0) {
                    ledger.headroom.spend(p, delta);
                }
                o.marginNotional = notional;
            }
        }
    }
}
