package io.hyperperp.core.engine.internal;

/**
 * Open orders by order number (behind {@link OpenOrders}, which keeps the most recent numbers in a
 * ring in front of it, so this holds the orders that stay open longer). The slots hold only the orders: the key is the order's own
 * {@link Order#orderId}, so a slot costs one (compressed) reference instead of a long key and a
 * reference, which is 8 to 16 bytes per resting order less in a big book. Linear probing with
 * backward-shift deletion as in {@link LongHashIndex}: no tombstones, no rebuilds at steady size.
 *
 * <p>A probe reads each candidate order's number; runs are short at the load factor kept here
 * (at most one half), and a hit reads the order anyway.
 */
final class OrderIndex {

    private Order[] orders;
    private int mask;
    private int size;

    /** An empty index sized for about {@code expected} orders. */
    OrderIndex(int expected) {
        int capacity = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
        orders = new Order[capacity];
        mask = capacity - 1;
    }

    private static int slot(long orderId, int mask) {
        long h = orderId * 0x9E37_79B9_7F4A_7C15L;
        return (int) (h ^ (h >>> 32)) & mask;
    }

    /** Number of orders held. */
    int size() {
        return size;
    }

    /** The order with this number, or null. */
    Order get(long orderId) {
        int i = slot(orderId, mask);
        while (true) {
            Order order = orders[i];
            if (order == null || order.orderId == orderId) {
                return order;
            }
            i = (i + 1) & mask;
        }
    }

    /** Adds an order whose number is not in the index. */
    void add(Order order) {
        int i = slot(order.orderId, mask);
        while (orders[i] != null) {
            i = (i + 1) & mask;
        }
        orders[i] = order;
        if (++size * 2 > orders.length) {
            grow();
        }
    }

    /**
     * Removes this order, if present: the probe compares references, so it reads no other order
     * on the way (each would be a cache miss); only the shift back reads the numbers of the orders
     * after it in the run.
     */
    void remove(Order order) {
        int i = slot(order.orderId, mask);
        while (true) {
            Order held = orders[i];
            if (held == null) {
                return;
            }
            if (held == order) {
                shiftBack(i);
                size--;
                return;
            }
            i = (i + 1) & mask;
        }
    }

    /** Closes the gap at {@code gap} by moving later orders of the probe run back into it. */
    private void shiftBack(int gap) {
        int j = gap;
        while (true) {
            j = (j + 1) & mask;
            Order order = orders[j];
            if (order == null) {
                break;
            }
            int ideal = slot(order.orderId, mask);
            if (((j - ideal) & mask) >= ((j - gap) & mask)) {
                orders[gap] = order;
                gap = j;
            }
        }
        orders[gap] = null;
    }

    private void grow() {
        Order[] old = orders;
        orders = new Order[old.length * 2];
        mask = orders.length - 1;
        for (Order order : old) {
            if (order != null) {
                int j = slot(order.orderId, mask);
                while (orders[j] != null) {
                    j = (j + 1) & mask;
                }
                orders[j] = order;
            }
        }
    }
}
