package io.hyperperp.core.runtime;

import io.hyperperp.core.command.PlaceOrder;
import io.hyperperp.core.order.Side;

/**
 * The order the runtime tests submit: a limit bid on market 1 at one price and size, so that only its timestamp
 * and user vary and a test's counts of orders and events follow from how many it sends.
 */
final class RuntimeOrders {

    static final long PRICE = 3_000_000_000_000L;
    static final long SIZE = 100_000_000L;

    private RuntimeOrders() {
    }

    static PlaceOrder bid(long ts, String user) {
        return PlaceOrder.limit(ts, user, 1, Side.BUY, PRICE, SIZE);
    }
}
