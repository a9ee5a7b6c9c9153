package io.hyperperp.core.event;

import io.hyperperp.core.order.Ids;
import io.hyperperp.core.order.OrderStatus;
import io.hyperperp.core.order.OrderType;
import io.hyperperp.core.order.Side;
import io.hyperperp.core.order.StpMode;
import io.hyperperp.core.order.TimeInForce;
import java.util.UUID;

/**
 * An immutable copy of an {@link OrderView}.
 *
 * @param orderId          order number
 * @param userAddress      owner
 * @param marketId         market
 * @param side             side
 * @param orderType        type
 * @param timeInForce      time in force
 * @param price            price (scaled)
 * @param size             total size (scaled)
 * @param filledSize       filled size (scaled)
 * @param openSize         open size (scaled)
 * @param clientOrderId    client order id or null
 * @param reduceOnly       reduce-only flag
 * @param stp              self-trade prevention mode
 * @param expiresAt        good-til-time or 0
 * @param prioritySequence sequence of the current queue priority
 * @param createdAt        placement timestamp, microseconds
 * @param status           status at the time of the copy
 */
public record OrderSnapshot(
        long orderId, String userAddress, long marketId, Side side, OrderType orderType, TimeInForce timeInForce,
        long price, long size, long filledSize, long openSize, String clientOrderId, boolean reduceOnly,
        StpMode stp, long expiresAt, long prioritySequence, long createdAt, OrderStatus status)
        implements OrderView {

    /** Copies a view. */
    public static OrderSnapshot of(OrderView o) {
        if (o instanceof OrderSnapshot snapshot) {
            return snapshot;
        }
        return new OrderSnapshot(o.orderId(), o.userAddress(), o.marketId(), o.side(), o.orderType(),
                o.timeInForce(), o.price(), o.size(), o.filledSize(), o.openSize(), o.clientOrderId(),
                o.reduceOnly(), o.stp(), o.expiresAt(), o.prioritySequence(), o.createdAt(), o.status());
    }

    /** The public UUID of this order. */
    public UUID uuid() {
        return Ids.order(orderId);
    }
}
