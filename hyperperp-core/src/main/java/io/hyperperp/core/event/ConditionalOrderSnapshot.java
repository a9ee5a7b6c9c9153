package io.hyperperp.core.event;

import io.hyperperp.core.order.Ids;
import io.hyperperp.core.order.OrderStatus;
import io.hyperperp.core.order.OrderType;
import io.hyperperp.core.order.Side;
import io.hyperperp.core.order.StpMode;
import io.hyperperp.core.order.TriggerKind;
import io.hyperperp.core.order.TriggerReference;
import java.util.UUID;

/**
 * A conditional (stop or take-profit) order as it waits for its trigger, or as it was when it
 * triggered or was cancelled.
 *
 * @param orderId       order number, kept by the order it becomes
 * @param userAddress   owner
 * @param marketId      market
 * @param side          side
 * @param kind          stop or take-profit
 * @param orderType     limit or market once triggered
 * @param triggerPrice  trigger price, scaled
 * @param triggerBy     last or mark
 * @param price         limit or worst price, or 0
 * @param size          size, scaled
 * @param clientOrderId client order id or null
 * @param reduceOnly    reduce-only
 * @param stp           effective self-trade prevention
 * @param expiresAt     good-til-time or 0
 * @param ocoGroup      one-cancels-other group or null
 * @param createdAt     placement timestamp, microseconds
 * @param status        untriggered, triggered, cancelled or expired
 */
public record ConditionalOrderSnapshot(
        long orderId, String userAddress, long marketId, Side side, TriggerKind kind, OrderType orderType,
        long triggerPrice, TriggerReference triggerBy, long price, long size, String clientOrderId,
        boolean reduceOnly, StpMode stp, long expiresAt, String ocoGroup, long createdAt, OrderStatus status) {

    /** The public UUID of this order. */
    public UUID uuid() {
        return Ids.order(orderId);
    }

    /** The wire order type, e.g. {@code stop_market}. */
    public String wireOrderType() {
        return kind.wireName(orderType);
    }

    /** True if it fires when the reference price rises to the trigger (else when it falls to it). */
    public boolean triggersOnRise() {
        return kind.triggersOnRise(side);
    }

    /** A copy in another status. */
    public ConditionalOrderSnapshot withStatus(OrderStatus newStatus) {
        return new ConditionalOrderSnapshot(orderId, userAddress, marketId, side, kind, orderType, triggerPrice,
                triggerBy, price, size, clientOrderId, reduceOnly, stp, expiresAt, ocoGroup, createdAt, newStatus);
    }

    /** A copy with new trigger price, price and size. */
    public ConditionalOrderSnapshot amended(long newTriggerPrice, long newPrice, long newSize) {
        return new ConditionalOrderSnapshot(orderId, userAddress, marketId, side, kind, orderType, newTriggerPrice,
                triggerBy, newPrice, newSize, clientOrderId, reduceOnly, stp, expiresAt, ocoGroup, createdAt, status);
    }
}
