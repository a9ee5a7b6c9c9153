package io.hyperperp.core.command;

/**
 * Changes an untriggered conditional order: trigger price, limit price and/or size (each
 * {@link AmendOrder#UNCHANGED} to keep it).
 *
 * @param timestamp       issue time, microseconds
 * @param userAddress     must be the owner
 * @param marketId        the order's market, or {@link CancelOrder#ANY_MARKET}
 * @param orderId         order number, or {@link CancelOrder#NO_ORDER_ID}
 * @param clientOrderId   client order id, used when {@code orderId} is absent
 * @param newTriggerPrice new trigger price, or unchanged
 * @param newPrice        new limit (or worst) price, or unchanged
 * @param newSize         new size, or unchanged
 */
public record AmendConditionalOrder(long timestamp, String userAddress, long marketId, long orderId,
                                    String clientOrderId, long newTriggerPrice, long newPrice, long newSize)
        implements Command {

    /** Checks that the order is named. */
    public AmendConditionalOrder {
        if (userAddress == null) {
            throw new IllegalArgumentException("user_address is required");
        }
        if (orderId == CancelOrder.NO_ORDER_ID && clientOrderId == null) {
            throw new IllegalArgumentException("order_id or client_order_id is required");
        }
    }

    @Override
    public String op() {
        return "amend";
    }
}
