package io.hyperperp.core.engine;

import io.hyperperp.core.event.OrderSnapshot;
import java.util.List;

/**
 * One price level with its orders in time priority (L3).
 *
 * @param price  scaled price
 * @param orders orders, first in line first
 */
public record LevelOrders(long price, List<OrderSnapshot> orders) {

    /** Copies the list. */
    public LevelOrders {
        orders = List.copyOf(orders);
    }
}
