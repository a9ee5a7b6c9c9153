package io.hyperperp.core.engine.internal;

/**
 * Open orders by order number: the {@value #RECENT} most recent numbers in a ring addressed by the
 * number itself, older ones in an {@link OrderIndex}.
 *
 * <p>The engine numbers orders one after the other, and most orders leave the book (cancelled,
 * filled) while their number is still recent. For those, adding, finding and removing is one array
 * slot: no hashing, no probe, and no backward shift, which in a hash index reads the number of every
 * other order further along the probe run (each a cache miss). An order still open when its number
 * drops out of the ring moves to the hash index, once; a book of long-lived orders pays that one
 * move per order and keeps the hash index's memory per order (the ring is a fixed 16 KB).
 *
 * <p>Invariant: the ring holds exactly the open orders numbered in {@code (top - RECENT, top]}, each
 * at its number's low bits; the hash index holds every other open order.
 */
final class OpenOrders {

    /** Slots of the ring: a power of two, so a number's slot is its low bits. */
    static final int RECENT = 4_096;
    private static final int MASK = RECENT - 1;

    private final Order[] recent = new Order[RECENT];
    private final OrderIndex older;
    /** The highest order number added so far (0 before the first). */
    private long top;
    private int recentCount;

    /** An empty index; the hash index is sized for about {@code expected} orders. */
    OpenOrders(int expected) {
        this.older = new OrderIndex(expected);
    }

    private boolean isRecent(long orderId) {
        return orderId <= top && orderId > top - RECENT;
    }

    private static int slot(long orderId) {
        return (int) orderId & MASK;
    }

    /** Number of orders held. */
    int size() {
        return recentCount + older.size();
    }

    /** The order with this number, or null. */
    Order get(long orderId) {
        return isRecent(orderId) ? recent[slot(orderId)] : older.get(orderId);
    }

    /** Adds an order whose number is not in the index. */
    void add(Order order) {
        long orderId = order.orderId;
        if (orderId > top) {
            advanceTo(orderId);
        }
        if (isRecent(orderId)) {
            recent[slot(orderId)] = order; // empty: a number's slot is vacated when that number leaves the ring
            recentCount++;
        } else {
            older.add(order); // a number from before the ring (a triggered conditional order, an image)
        }
    }

    /** Removes this order, if present (compared by reference, as {@link OrderIndex#remove} does). */
    void remove(Order order) {
        long orderId = order.orderId;
        if (isRecent(orderId)) {
            int slot = slot(orderId);
            if (recent[slot] == order) {
                recent[slot] = null;
                recentCount--;
            }
        } else {
            older.remove(order);
        }
    }

    /** Moves {@link #top} up to {@code orderId}: the orders whose numbers leave the ring go to the hash index. */
    private void advanceTo(long orderId) {
        // The numbers entering the ring, top + 1 .. orderId, take the slots of those leaving it (all
        // of them after a jump of a whole ring or more).
        long entering = Math.min(orderId - top, RECENT);
        for (long n = top + 1; n <= top + entering; n++) {
            int slot = slot(n);
            Order leaving = recent[slot];
            if (leaving != null) {
                recent[slot] = null;
                recentCount--;
                older.add(leaving);
            }
        }
        top = orderId;
    }
}
