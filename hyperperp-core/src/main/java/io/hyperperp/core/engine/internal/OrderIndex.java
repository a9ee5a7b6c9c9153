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
 *
 * <p>Growing never holds a caller for long, as in {@link LongHashIndex}: past half full, a table twice as large takes
 * the new orders and the old one is drained into it {@link #DRAIN_STEP} slots at a time on each later add or
 * remove, while lookups that miss the new table consult the old one. (Rehashing at once read every resting order's
 * number, each a likely cache miss: with a million orders resting, one add held the engine for milliseconds.) Each
 * order is in exactly one of the two tables; the old one is drained from slot 0 upwards by removing its orders
 * (backward shift keeps it a valid table), so every slot below the cursor is empty, and the drain ends long before
 * the new table could fill.
 */
final class OrderIndex {

    /** Slots of the old table drained per add or remove while it lasts (empty slots and moves alike). */
    static final int DRAIN_STEP = 16;

    private Order[] orders;
    private int mask;
    private int size;
    /** The table being drained, or null. */
    private Order[] oldOrders;
    private int oldSize;
    /** Every slot of the old table below this one is empty. */
    private int drainCursor;

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
        return size + oldSize;
    }

    /** True while an old table is being drained into the current one. */
    boolean draining() {
        return oldOrders != null;
    }

    /** The order with this number, or null. */
    Order get(long orderId) {
        Order order = find(orders, orderId);
        if (order == null && oldOrders != null) {
            order = find(oldOrders, orderId);
        }
        return order;
    }

    private static Order find(Order[] orders, long orderId) {
        int mask = orders.length - 1;
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
        if (oldOrders != null) {
            drainStep();
        }
        place(orders, mask, order);
        if (++size * 2 > orders.length) {
            grow();
        }
    }

    private static void place(Order[] orders, int mask, Order order) {
        int i = slot(order.orderId, mask);
        while (orders[i] != null) {
            i = (i + 1) & mask;
        }
        orders[i] = order;
    }

    /**
     * Removes this order, if present: the probe compares references, so it reads no other order
     * on the way (each would be a cache miss); only the shift back reads the numbers of the orders
     * after it in the run.
     */
    void remove(Order order) {
        if (removeFrom(orders, order)) {
            size--;
        } else if (oldOrders != null && removeFrom(oldOrders, order)) {
            oldSize--;
        }
        if (oldOrders != null) {
            drainStep();
        }
    }

    private static boolean removeFrom(Order[] orders, Order order) {
        int mask = orders.length - 1;
        int i = slot(order.orderId, mask);
        while (true) {
            Order held = orders[i];
            if (held == null) {
                return false;
            }
            if (held == order) {
                shiftBack(orders, i);
                return true;
            }
            i = (i + 1) & mask;
        }
    }

    /** Closes the gap at {@code gap} by moving later orders of the probe run back into it. */
    private static void shiftBack(Order[] orders, int gap) {
        int mask = orders.length - 1;
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

    /** Starts draining into a table twice as large (finishing any drain still going first). */
    private void grow() {
        while (oldOrders != null) {
            drainStep();
        }
        oldOrders = orders;
        oldSize = size;
        drainCursor = 0;
        orders = new Order[oldOrders.length * 2];
        mask = orders.length - 1;
        size = 0;
    }

    /**
     * Moves up to {@link #DRAIN_STEP} slots' worth of the old table: an empty slot is passed, an order is moved to the
     * current table and removed from the old one (whose backward shift may pull the next order of its run into the
     * same slot, which is then looked at again).
     */
    private void drainStep() {
        for (int n = 0; n < DRAIN_STEP; n++) {
            if (oldSize == 0) {
                oldOrders = null;
                return;
            }
            Order order = oldOrders[drainCursor];
            if (order == null) {
                drainCursor++;
                continue;
            }
            shiftBack(oldOrders, drainCursor);
            oldSize--;
            place(orders, mask, order);
            size++;
        }
    }
}
