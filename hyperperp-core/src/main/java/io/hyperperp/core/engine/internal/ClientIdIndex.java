package io.hyperperp.core.engine.internal;

/**
 * A user's open client order ids: the order number and, for an order resting on a book, the order
 * itself, so that a cancel or amend by client id finds its order with this one lookup. Open
 * addressing with backward-shift deletion (see {@link LongHashIndex}), so placing and cancelling
 * with client ids never allocates; each slot keeps its key's hash code, so a probe compares strings
 * only when the hashes match and moving entries never touches the key strings.
 *
 * <p>Short ids (up to 15 Latin-1 characters: numbers, most exchange-style ids) are also kept packed
 * into two longs in the slot, so confirming a match reads only the index's own arrays and the id
 * being looked up, never the stored string, which is usually out of cache by the time its order is
 * amended or cancelled.
 */
final class ClientIdIndex {

    private String[] keys = new String[8];
    private int[] hashes = new int[8];
    private long[] packedLow = new long[8];
    private long[] packedHigh = new long[8];
    private long[] orderIds = new long[8];
    private Order[] orders = new Order[8];
    private int size;

    private static int slot(int hash, int mask) {
        int h = hash * 0x9E37_79B9;
        return (h ^ (h >>> 16)) & mask;
    }

    /** Marks a key too long or too wide to pack; no packed key has it as its high word. */
    private static final long UNPACKED = -1L;

    /** Characters 8-14 and the length (top byte) of a packable key, or {@link #UNPACKED}. */
    private static long packHigh(String key) {
        int length = key.length();
        if (length > 15) {
            return UNPACKED;
        }
        long high = (long) length << 56;
        for (int i = 0; i < length; i++) {
            char c = key.charAt(i);
            if (c > 0xFF) {
                return UNPACKED;
            }
            if (i >= 8) {
                high |= (long) c << ((i - 8) * 8);
            }
        }
        return high;
    }

    /** Characters 0-7 of a key, one byte each (only meaningful when the key is packable). */
    private static long packLow(String key) {
        long low = 0;
        int n = Math.min(key.length(), 8);
        for (int i = 0; i < n; i++) {
            low |= (long) (key.charAt(i) & 0xFF) << (i * 8);
        }
        return low;
    }

    /** The slot holding {@code key}, or -1. */
    private int find(String key) {
        int hash = key.hashCode();
        long high = packHigh(key);
        long low = high == UNPACKED ? 0 : packLow(key);
        int mask = keys.length - 1;
        int i = slot(hash, mask);
        while (true) {
            String k = keys[i];
            if (k == null) {
                return -1;
            }
            if (hashes[i] == hash && (high == UNPACKED ? k.equals(key) : packedHigh[i] == high && packedLow[i] == low)) {
                return i;
            }
            i = (i + 1) & mask;
        }
    }

    /** The order number for a client id, or 0. */
    long get(String key) {
        int i = find(key);
        return i < 0 ? 0 : orderIds[i];
    }

    /** The resting order with a client id, or null (none, or the id names an untriggered conditional order). */
    Order order(String key) {
        int i = find(key);
        return i < 0 ? null : orders[i];
    }

    /** Maps a client id to an order number and, if it rests on a book, the order (else null). */
    void put(String key, long orderId, Order order) {
        int existing = find(key);
        if (existing >= 0) {
            orderIds[existing] = orderId;
            orders[existing] = order;
            return;
        }
        int hash = key.hashCode();
        int mask = keys.length - 1;
        int i = slot(hash, mask);
        while (keys[i] != null) {
            i = (i + 1) & mask;
        }
        long high = packHigh(key);
        keys[i] = key;
        hashes[i] = hash;
        packedHigh[i] = high;
        packedLow[i] = high == UNPACKED ? 0 : packLow(key);
        orderIds[i] = orderId;
        orders[i] = order;
        if (++size * 2 > keys.length) {
            grow();
        }
    }

    void remove(String key) {
        int gap = find(key);
        if (gap < 0) {
            return;
        }
        size--;
        int mask = keys.length - 1;
        int j = gap;
        while (true) {
            j = (j + 1) & mask;
            if (keys[j] == null) {
                break;
            }
            int ideal = slot(hashes[j], mask);
            if (((j - ideal) & mask) >= ((j - gap) & mask)) {
                move(j, gap);
                gap = j;
            }
        }
        keys[gap] = null;
        orders[gap] = null;
    }

    private void move(int from, int to) {
        keys[to] = keys[from];
        hashes[to] = hashes[from];
        packedLow[to] = packedLow[from];
        packedHigh[to] = packedHigh[from];
        orderIds[to] = orderIds[from];
        orders[to] = orders[from];
    }

    private void grow() {
        String[] oldKeys = keys;
        int[] oldHashes = hashes;
        long[] oldLow = packedLow;
        long[] oldHigh = packedHigh;
        long[] oldIds = orderIds;
        Order[] oldOrders = orders;
        int capacity = oldKeys.length * 2;
        keys = new String[capacity];
        hashes = new int[capacity];
        packedLow = new long[capacity];
        packedHigh = new long[capacity];
        orderIds = new long[capacity];
        orders = new Order[capacity];
        int mask = capacity - 1;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != null) {
                int j = slot(oldHashes[i], mask);
                while (keys[j] != null) {
                    j = (j + 1) & mask;
                }
                keys[j] = oldKeys[i];
                hashes[j] = oldHashes[i];
                packedLow[j] = oldLow[i];
                packedHigh[j] = oldHigh[i];
                orderIds[j] = oldIds[i];
                orders[j] = oldOrders[i];
            }
        }
    }
}
