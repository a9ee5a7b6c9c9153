package io.hyperperp.core.command;

/**
 * Cancels one open order, named by its order number or by the user's client order id.
 *
 * @param timestamp     issue time, microseconds
 * @param userAddress   must be the order's owner
 * @param marketId      the order's market, or {@link #ANY_MARKET}
 * @param orderId       the engine's order number (see {@link io.hyperperp.core.order.Ids}), or {@link #NO_ORDER_ID}
 * @param clientOrderId the client order id, used when {@code orderId} is absent
 */
public record CancelOrder(long timestamp, String userAddress, long marketId, long orderId, String clientOrderId)
        implements Command {

    /** Marks an absent market id. */
    public static final long ANY_MARKET = -1;
    /** Marks an absent order number. */
    public static final long NO_ORDER_ID = 0;

    /** Checks that the order is named one way or the other. */
    public CancelOrder {
        if (userAddress == null) {
            throw new IllegalArgumentException("user_address is required");
        }
        if (orderId == NO_ORDER_ID && clientOrderId == null) {
            throw new IllegalArgumentException("order_id or client_order_id is required");
        }
    }

    /** Cancel by order number. */
    public static CancelOrder byId(long timestamp, String user, long orderId) {
        return new CancelOrder(timestamp, user, ANY_MARKET, orderId, null);
    }

    /** Cancel by client order id. */
    public static CancelOrder byClientId(long timestamp, String user, String clientOrderId) {
        return new CancelOrder(timestamp, user, ANY_MARKET, NO_ORDER_ID, clientOrderId);
    }

    @Override
    public String op() {
        return "cancel";
    }
}
