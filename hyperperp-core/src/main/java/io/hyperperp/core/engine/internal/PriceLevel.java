package io.hyperperp.core.engine.internal;

/**
 * The FIFO queue of orders at one price, with its running total. The level anchors its queue's ring
 * ({@link LevelLink}): its {@code next} is the first order and its {@code prev} the last, itself
 * when the queue is empty.
 */
public final class PriceLevel extends LevelLink {

    long price;
    long totalSize;
    int orderCount;

    PriceLevel() {
        prev = this;
        next = this;
    }

    void append(Order order) {
        LevelLink last = prev;
        order.level = this;
        order.prev = last;
        order.next = this;
        last.next = order;
        prev = order;
        totalSize += order.size - order.filled;
        orderCount++;
    }

    /** Unlinks an order; its open size leaves the total. */
    void remove(Order order) {
        detach(order);
        order.level = null;
        order.prev = null;
        order.next = null;
    }

    /**
     * Unlinks an order that is appended to a level again at once (an amend), which sets the links
     * this leaves stale; its open size leaves the total.
     */
    void detach(Order order) {
        LevelLink before = order.prev;
        LevelLink after = order.next;
        before.next = after;
        after.prev = before;
        totalSize -= order.size - order.filled;
        orderCount--;
    }

    /** Empties the queue's ring (the level is recycled with no orders). */
    void clearQueue() {
        prev = this;
        next = this;
    }

    /** The price of this level. */
    public long price() {
        return price;
    }

    /** Sum of the open sizes of its orders. */
    public long totalSize() {
        return totalSize;
    }

    /** Number of orders. */
    public int orderCount() {
        return orderCount;
    }

    /** The order with the best time priority, or null. */
    public Order head() {
        return next instanceof Order order ? order : null;
    }
}
