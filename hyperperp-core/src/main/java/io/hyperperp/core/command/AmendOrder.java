package io.hyperperp.core.command;

/**
 * Changes the price and/or the open size of a resting order.
 *
 * <p>A size decrease at the same price keeps the order's place in the queue; a price change or a
 * size increase sends it to the back of the queue at its (new) price. An amended price that
 * crosses the book trades like a new taker order.
 *
 * @param timestamp     issue time, microseconds
 * @param userAddress   must be the order's owner
 * @param marketId      the order's market, or {@link CancelOrder#ANY_MARKET}
 * @param orderId       order number, or {@link CancelOrder#NO_ORDER_ID}
 * @param clientOrderId client order id, used when {@code orderId} is absent
 * @param newPrice      the new price, or {@link #UNCHANGED}
 * @param newSize       the new open (unfilled) size, or {@link #UNCHANGED}
 */
public record AmendOrder(long timestamp, String userAddress, long marketId, long orderId, String clientOrderId,
                         long newPrice, long newSize) implements Command {

    /** Marks a field that stays as it is. */
    public static final long UNCHANGED = 0;

    /** Checks that the order is named and something changes. */
    public AmendOrder {
        if (userAddress == null) {
            throw new IllegalArgumentException("user_address is required");
        }
        if (orderId == CancelOrder.NO_ORDER_ID && clientOrderId == null) {
            throw new IllegalArgumentException("order_id or client_order_id is required");
        }
    }

    /** Amend by order number. */
    public static AmendOrder byId(long timestamp, String user, long orderId, long newPrice, long newSize) {
        return new AmendOrder(timestamp, user, CancelOrder.ANY_MARKET, orderId, null, newPrice, newSize);
    }

    @Override
    public String op() {
        return "amend";
    }
}
