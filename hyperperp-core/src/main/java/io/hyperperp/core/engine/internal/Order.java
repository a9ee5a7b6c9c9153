package io.hyperperp.core.engine.internal;

import io.hyperperp.core.event.OrderView;
import io.hyperperp.core.order.OrderStatus;
import io.hyperperp.core.order.OrderType;
import io.hyperperp.core.order.Side;
import io.hyperperp.core.order.StpMode;
import io.hyperperp.core.order.TimeInForce;

/**
 * A live order. Pooled and reused, linked into its price level's queue and into its user's list of
 * open orders without any per-order node objects.
 */
public final class Order implements OrderView {

    long orderId;
    UserAccount user;
    OrderBook book;
    Side side;
    OrderType orderType;
    TimeInForce timeInForce;
    long price;
    long size;
    long filled;
    String clientOrderId;
    boolean reduceOnly;
    StpMode stp;
    long expiresAt;
    long prioritySequence;
    long createdAt;
    OrderStatus status;
    /** Whether the order is in the open-order index and its user's list. */
    boolean indexed;
    /** A liquidation's closing order. */
    boolean liquidation;
    /** Open size and notional this order adds to its account's margin totals (margined markets). */
    long marginOpen;
    long marginNotional;

    PriceLevel level;
    Order prev;
    Order next;
    Order userPrev;
    Order userNext;

    void clear() {
        indexed = false;
        liquidation = false;
        marginOpen = 0;
        marginNotional = 0;
        user = null;
        book = null;
        clientOrderId = null;
        level = null;
        prev = null;
        next = null;
        userPrev = null;
        userNext = null;
    }

    @Override
    public long orderId() {
        return orderId;
    }

    @Override
    public String userAddress() {
        return user.address;
    }

    @Override
    public long marketId() {
        return book.marketId;
    }

    @Override
    public Side side() {
        return side;
    }

    @Override
    public OrderType orderType() {
        return orderType;
    }

    @Override
    public TimeInForce timeInForce() {
        return timeInForce;
    }

    @Override
    public long price() {
        return price;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public long filledSize() {
        return filled;
    }

    @Override
    public long openSize() {
        return size - filled;
    }

    @Override
    public String clientOrderId() {
        return clientOrderId;
    }

    @Override
    public boolean reduceOnly() {
        return reduceOnly;
    }

    @Override
    public StpMode stp() {
        return stp;
    }

    @Override
    public long expiresAt() {
        return expiresAt;
    }

    @Override
    public long prioritySequence() {
        return prioritySequence;
    }

    @Override
    public long createdAt() {
        return createdAt;
    }

    @Override
    public OrderStatus status() {
        return status;
    }

    @Override
    public boolean liquidation() {
        return liquidation;
    }

    /** The next order in time priority at the same price, or null. */
    public Order next() {
        return next;
    }

    /** The next open order of the same user, or null. */
    public Order nextOfUser() {
        return userNext;
    }

    @Override
    public String toString() {
        return "Order[" + orderId + " " + side + " " + (size - filled) + "@" + price + "]";
    }
}
