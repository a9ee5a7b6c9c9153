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
     * A user's stop and take-profit orders that left the waiting list, newest first: fired (status
     * {@code triggered}; they also live on as normal orders with the same id), cancelled (by the
     * user or their one-cancels-other group) or expired.
     *
     * @param marketId market or {@link #ANY_MARKET}
     * @param status   {@code TRIGGERED}, {@code CANCELLED} or {@code EXPIRED}, or null for all three
     * @param limit    at most this many
     */
    List<ConditionalOrderSnapshot> closedConditionals(String userAddress, long marketId, OrderStatus status,
                                                      int limit);

    /** A stop or take-profit order by number that fired, was cancelled or expired, if still retained. */
    Optional<ConditionalOrderSnapshot> closedConditional(long orderId);
}
