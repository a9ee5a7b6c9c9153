package io.hyperperp.core.reference;

import io.hyperperp.core.event.OrderSnapshot;
import io.hyperperp.core.order.OrderStatus;
import io.hyperperp.core.order.OrderType;
import io.hyperperp.core.order.Side;
import io.hyperperp.core.order.StpMode;
import io.hyperperp.core.order.TimeInForce;

/**
 * A mutable order of the {@link ReferenceModel}: while open it waits in its {@link RefBook}'s queue at its price and
 * in {@link ReferenceOpenOrders}.
 */
final class RefOrder {
    long id;
    String user;
    long market;
    Side side;
    OrderType type;
    TimeInForce tif;
    long price;
    long size;
    long filled;
    String clientId;
    boolean reduceOnly;
    StpMode stp;
    long expiresAt;
    long priority;
    long createdAt;
    OrderStatus status;

    long open() {
        return size - filled;
    }

    OrderSnapshot snapshot() {
        return new OrderSnapshot(id, user, market, side, type, tif, price, size, filled, size - filled,
                clientId, reduceOnly, stp, expiresAt, priority, createdAt, status);
    }
}
