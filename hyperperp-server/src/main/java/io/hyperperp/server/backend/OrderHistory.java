package io.hyperperp.server.backend;

import io.hyperperp.core.event.ConditionalOrderSnapshot;
import io.hyperperp.core.event.OrderSnapshot;
import io.hyperperp.core.order.OrderStatus;
import java.util.List;
import java.util.Optional;

/**
 * Orders as last committed, open and closed. Reads see every group whose commands have been
 * acknowledged (implementations update in the commit hook, or read the database the hook wrote).
 */
public interface OrderHistory {

    /** No market filter. */
    long ANY_MARKET = -1;

    /** The order by number, whatever its state, if still retained. */
    Optional<OrderSnapshot> order(long orderId);

    /** The order that a cancel or amend of this user by client order id named (latest first). */
    Optional<OrderSnapshot> byClientOrderId(String userAddress, String clientOrderId);

    /**
     * A user's orders, newest first.
     *
     * @param marketId market or {@link #ANY_MARKET}
     * @param status   status or null for all
     * @param limit    at most this many
     */
    List<OrderSnapshot> orders(String userAddress, long marketId, OrderStatus status, int limit);

    /**
     * A user's stop and take-profit orders that have fired (status {@code triggered}), newest first.
     * They also live on as normal orders with the same id.
     *
     * @param marketId market or {@link #ANY_MARKET}
     * @param limit    at most this many
     */
    default List<ConditionalOrderSnapshot> triggered(String userAddress, long marketId,
                                                                             int limit) {
        return List.of();
    }
}
