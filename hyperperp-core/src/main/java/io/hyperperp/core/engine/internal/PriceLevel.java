package io.hyperperp.core.engine.internal;

/** The FIFO queue of orders at one price, with its running total. */
public final class PriceLevel {

    long price;
    long totalSize;
    int orderCount;
    Order head;
    Order tail;

    void append(Order order) {
        order.level = this;
        order.prev = tail;
        order.next = null;
        if (tail == null) {
            head = order;
        } else {
            tail.next = order;
        }
        tail = order;
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
        if (order.prev == null) {
            head = order.next;
        } else {
            order.prev.next = order.next;
        }
        if (order.next == null) {
            tail = order.prev;
        } else {
            order.next.prev = order.prev;
        }
        totalSize -= order.size - order.filled;
        orderCount--;
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

    /** The order with the best time priority. */
    public Order head() {
        return head;
    }
}
