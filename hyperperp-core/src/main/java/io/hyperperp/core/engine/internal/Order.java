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
 *
 * <p>Order type, time in force, self-trade prevention and status are kept as one byte each (their
 * ordinals) rather than as references: a big book holds a million of these, and four references
 * cost 16 bytes per order where four bytes fit into the object's padding.
 */
public final class Order extends LevelLink implements OrderView {

    long orderId;
    UserAccount user;
    OrderBook book;
    private byte side;
    private byte orderType;
    private byte timeInForce;
    long price;
    long size;
    long filled;
    String clientOrderId;
    /**
     * The client id's hash as the client-id index keys it, kept so that the index can drop a filled
     * order's id without reading the id (side is a byte to make room: the order stays 128 bytes).
     */
    int clientIdHash;
    boolean reduceOnly;
    private byte stp;
    long expiresAt;
    long prioritySequence;
    long createdAt;
    private byte status;
    /** Whether the order is in the open-order index and its user's list. */
    boolean indexed;
    /** A liquidation's closing order. */
    boolean liquidation;
    /** Open size and notional this order adds to its account's margin totals (margined markets). */
    long marginOpen;
    long marginNotional;
    /** Its account's entry for its market, once the margin ledger has looked it up. */
    MarginPosition marginPosition;

    /**
     * The side of its book that it rests on (or would rest on): one load from the order instead of
     * the book and its side; it fits in what was the object's padding (the order stays 136 bytes).
     */
    BookSide bookSide;
    /** The level it rests on (its queue links, {@link #prev} and {@link #next}, are {@link LevelLink}'s). */
    PriceLevel level;
    Order userPrev;
    Order userNext;

    private static final Side[] SIDES = Side.values();
    private static final OrderType[] ORDER_TYPES = OrderType.values();
    private static final TimeInForce[] TIMES_IN_FORCE = TimeInForce.values();
    private static final StpMode[] STP_MODES = StpMode.values();
    private static final OrderStatus[] STATUSES = OrderStatus.values();

    /** Puts a new order in a book, on a side. */
    void placeIn(OrderBook book, Side value) {
        this.book = book;
        side = (byte) value.ordinal();
        bookSide = book.side(value);
    }

    void setOrderType(OrderType value) {
        orderType = (byte) value.ordinal();
    }

    void setTimeInForce(TimeInForce value) {
        timeInForce = (byte) value.ordinal();
    }

    void setStp(StpMode value) {
        stp = (byte) value.ordinal();
    }

    void setStatus(OrderStatus value) {
        status = (byte) value.ordinal();
    }

    void clear() {
        indexed = false;
        liquidation = false;
        marginOpen = 0;
        marginNotional = 0;
        marginPosition = null;
        user = null;
        book = null;
        bookSide = null;
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
        return SIDES[side];
    }

    @Override
    public OrderType orderType() {
        return ORDER_TYPES[orderType];
    }

    @Override
    public TimeInForce timeInForce() {
        return TIMES_IN_FORCE[timeInForce];
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
        return STP_MODES[stp];
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
        return STATUSES[status];
    }

    @Override
    public boolean liquidation() {
        return liquidation;
    }

    /** The next order in time priority at the same price, or null. */
    public Order next() {
        return next instanceof Order order ? order : null;
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
