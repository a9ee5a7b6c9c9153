package io.hyperperp.core.engine.internal;

import io.hyperperp.core.command.FlatCommand;
import io.hyperperp.core.command.PackedKey;

/**
 * A user's open client order ids: the order number and, for an order resting on a book, the order
 * itself, so that a cancel or amend by client id finds its order with this one lookup. Open
 * addressing with backward-shift deletion (see {@link LongHashIndex}), so placing and cancelling
 * with client ids never allocates.
 *
 * <p>Short ids are packed ({@link PackedKey}), and a slot's packed id, hash and order number sit
 * side by side in one array: a probe reads one cache line of the index and the id being looked
 * up, never the stored string (which is usually out of cache by the time its order is amended or
 * cancelled). Longer ids are compared as strings when their hashes match.
 */
final class ClientIdIndex {

    /** Longs per slot: packed high word (0 = empty slot), packed low word, hash, order number. */
    private static final int STRIDE = 4;
    private static final int HIGH = 0;
    private static final int LOW = 1;
    private static final int HASH = 2;
    private static final int ORDER_ID = 3;
    private static final long UNPACKED = PackedKey.UNPACKED;
    /** Up to this many slots (two cache lines of references), finding an order by identity beats hashing its id. */
    private static final int SCAN_LIMIT = 32;

    /** {@link #STRIDE} longs per slot. */
    private long[] slots = new long[8 * STRIDE];
    /** Keys that are not packed (null for packed ones). */
    private String[] keys = new String[8];
    private Order[] orders = new Order[8];
    private int size;

    /** The key being looked up. */
    private final PackedKey probe = new PackedKey();
    /**
     * The slot of the last successful lookup: the cancel that found an order by client id removes
     * it from here without hashing the stored id again (checked by identity, so never stale).
     */
    private int lastFound = -1;

    private static int slot(int hash, int mask) {
        int h = hash * 0x9E37_79B9;
        return (h ^ (h >>> 16)) & mask;
    }

    /** The slot holding {@code key} (left packed in {@link #probe}), or -1. */
    private int find(String key) {
        probe.pack(key);
        return find(probe.high, probe.low, probe.hash, key);
    }

    /** The slot holding the key packed as given, or -1. */
    private int find(long high, long low, int hash, String key) {
        long[] slots = this.slots;
        int mask = slots.length / STRIDE - 1; // not orders.length: that array is read only on a match
        int i = slot(hash, mask);
        while (true) {
            int base = i * STRIDE;
            long slotHigh = slots[base + HIGH];
            if (slotHigh == 0) {
                return -1;
            }
            if (slotHigh == high && (int) slots[base + HASH] == hash
                    && (high == UNPACKED ? keys[i].equals(key) : slots[base + LOW] == low)) {
                lastFound = i;
                return i;
            }
            i = (i + 1) & mask;
        }
    }

    /** The order number for a client id, or 0. */
    long get(String key) {
        int i = find(key);
        return i < 0 ? 0 : slots[i * STRIDE + ORDER_ID];
    }

    /** The resting order with a client id, or null (none, or the id names an untriggered conditional order). */
    Order order(String key) {
        int i = find(key);
        return i < 0 ? null : orders[i];
    }

    /** The order number for a command's client id (packed by the intake), or 0. */
    long get(FlatCommand command) {
        int i = find(command.clientHigh(), command.clientLow(), command.clientHash(), command.clientOrderId());
        return i < 0 ? 0 : slots[i * STRIDE + ORDER_ID];
    }

    /** The resting order with a command's client id, or null. */
    Order order(FlatCommand command) {
        int i = find(command.clientHigh(), command.clientLow(), command.clientHash(), command.clientOrderId());
        return i < 0 ? null : orders[i];
    }

    /** Maps a client id to an order number and, if it rests on a book, the order (else null). */
    void put(String key, long orderId, Order order) {
        probe.pack(key);
        put(probe.high, probe.low, probe.hash, key, orderId, order);
    }

    /** {@link #put(String, long, Order)} with the key already packed. */
    void put(long high, long low, int hash, String key, long orderId, Order order) {
        int existing = find(high, low, hash, key);
        if (existing >= 0) {
            slots[existing * STRIDE + ORDER_ID] = orderId;
            orders[existing] = order;
            return;
        }
        int mask = orders.length - 1;
        int i = slot(hash, mask);
        while (slots[i * STRIDE + HIGH] != 0) {
            i = (i + 1) & mask;
        }
        int base = i * STRIDE;
        slots[base + HIGH] = high;
        slots[base + LOW] = low;
        slots[base + HASH] = hash;
        slots[base + ORDER_ID] = orderId;
        keys[i] = high == UNPACKED ? key : null;
        orders[i] = order;
        if (++size * 2 > orders.length) {
            grow();
        }
    }

    void remove(String key) {
        int gap = find(key);
        if (gap >= 0) {
            removeAt(gap);
        }
    }

    /**
     * Removes a resting order's id without reading the id (the stored string is usually out of
     * cache): from the slot of the last lookup if that is the order's (a cancel by client id), else,
     * in a small index, from the slot found by scanning for the order itself (a maker filled), and
     * only in a large one by hashing the id again.
     */
    void remove(Order order) {
        int found = lastFound;
        Order[] held = orders;
        if (found >= 0 && found < held.length && held[found] == order) {
            removeAt(found);
            return;
        }
        if (held.length <= SCAN_LIMIT) {
            for (int i = 0; i < held.length; i++) {
                if (held[i] == order) {
                    removeAt(i);
                    return;
                }
            }
        }
        remove(order.clientOrderId);
    }

    private void removeAt(int gap) {
        lastFound = -1;
        size--;
        int mask = orders.length - 1;
        int j = gap;
        while (true) {
            j = (j + 1) & mask;
            if (slots[j * STRIDE + HIGH] == 0) {
                break;
            }
            int ideal = slot((int) slots[j * STRIDE + HASH], mask);
            if (((j - ideal) & mask) >= ((j - gap) & mask)) {
                System.arraycopy(slots, j * STRIDE, slots, gap * STRIDE, STRIDE);
                keys[gap] = keys[j];
                orders[gap] = orders[j];
                gap = j;
            }
        }
        slots[gap * STRIDE + HIGH] = 0;
        keys[gap] = null;
        orders[gap] = null;
    }

    private void grow() {
        long[] oldSlots = slots;
        String[] oldKeys = keys;
        Order[] oldOrders = orders;
        int capacity = oldOrders.length * 2;
        slots = new long[capacity * STRIDE];
        keys = new String[capacity];
        orders = new Order[capacity];
        int mask = capacity - 1;
        for (int i = 0; i < oldOrders.length; i++) {
            if (oldSlots[i * STRIDE + HIGH] != 0) {
                int j = slot((int) oldSlots[i * STRIDE + HASH], mask);
                while (slots[j * STRIDE + HIGH] != 0) {
                    j = (j + 1) & mask;
                }
                System.arraycopy(oldSlots, i * STRIDE, slots, j * STRIDE, STRIDE);
                keys[j] = oldKeys[i];
                orders[j] = oldOrders[i];
            }
        }
    }
}
