package io.hyperperp.core.engine.internal;

import io.hyperperp.core.command.FlatCommand;
import io.hyperperp.core.command.PackedKey;

/**
 * Every user's open client order ids in one table, keyed by (user id, client id): the order number
 * and, for an order resting on a book, the order itself, so that a cancel or amend by client id
 * finds its order with this one lookup, without reading the user. Open addressing with
 * backward-shift deletion (see {@link LongHashIndex}), so placing and cancelling with client ids
 * never allocates once the table has grown.
 *
 * <p>Short ids are packed ({@link PackedKey}), and a slot's packed id, owner and hash, and order
 * number sit side by side in one array: a probe reads one cache line of the table, never the stored
 * string (usually out of cache by the time its order is amended or cancelled). Longer ids are
 * compared as strings when everything else matches.
 *
 * <p>In front of the slots, a tag per slot (16 bits of the key's hash, never 0; 0 marks an empty
 * slot): a probe walks the tags, 32 to a cache line and an eighth of the table's size, so it reads a
 * slot only where the tag matches. A placement's check that its id is new, and the search for a free
 * slot, then read no slot at all, and the slots a lookup reads are the one it finds.
 *
 * <p>A tag also says whether its slot's id is unpacked ({@link #UNPACKED_TAG}), the only slots whose
 * entry in {@link #keys} is not null: placing, removing and shifting packed ids (all the short ids)
 * never read or write that array, a cache line fewer on every resting placement, fill of a resting
 * order and cancel by client id.
 */
final class ClientIdIndex {

    /** Longs per slot: packed high word, packed low word, user id and hash, order number. */
    private static final int STRIDE = 4;
    private static final int HIGH = 0;
    private static final int LOW = 1;
    private static final int OWNER = 2;
    private static final int ORDER_ID = 3;
    private static final long UNPACKED = PackedKey.UNPACKED;
    /** A tag's bit 0 is always set (0 is an empty slot); bit 1 marks an unpacked id, held in {@link #keys}. */
    private static final short UNPACKED_TAG = 2;

    /** {@link #STRIDE} longs per slot. */
    private long[] slots = new long[64 * STRIDE];
    /** Each slot's tag ({@link #tag}), 0 for an empty slot. */
    private short[] tags = new short[64];
    /** Keys that are not packed; null exactly where the slot's tag lacks {@link #UNPACKED_TAG}. */
    private String[] keys = new String[64];
    private Order[] orders = new Order[64];
    private int size;

    /** The key being looked up. */
    private final PackedKey probe = new PackedKey();
    /**
     * The slot of the last successful lookup: the cancel that found an order by client id removes
     * it from here without hashing the stored id again (checked by identity, so never stale).
     */
    private int lastFound = -1;

    private static long owner(int user, int hash) {
        return (long) user << 32 | (hash & 0xFFFF_FFFFL);
    }

    private static int slot(long owner, int mask) {
        long h = owner * 0x9E37_79B9_7F4A_7C15L;
        return (int) (h >>> 32) & mask;
    }

    /**
     * Bits 18-31 of the product whose bits from 32 up are the slot ({@link #slot}), so the tag adds
     * what the slot does not say, then {@link #UNPACKED_TAG} for an unpacked id ({@code high}) and bit 0,
     * so never 0. A packed and an unpacked id are never equal, so the flag only sharpens the filter.
     */
    private static short tag(long owner, long high) {
        long h = owner * 0x9E37_79B9_7F4A_7C15L;
        return (short) (h >>> 16 & ~3 | (high == UNPACKED ? UNPACKED_TAG : 0) | 1);
    }

    /** The slot holding {@code key} of {@code user} (left packed in {@link #probe}), or -1. */
    private int find(int user, String key) {
        probe.pack(key);
        return find(user, probe.high, probe.low, probe.hash, key);
    }

    /** The slot holding the key packed as given, or -1. */
    private int find(int user, long high, long low, int hash, String key) {
        short[] tags = this.tags;
        int mask = tags.length - 1;
        long owner = owner(user, hash);
        int i = slot(owner, mask);
        short tag = tag(owner, high);
        while (true) {
            short slotTag = tags[i];
            if (slotTag == 0) {
                return -1;
            }
            if (slotTag == tag) {
                int base = i * STRIDE;
                if (slots[base + HIGH] == high && slots[base + OWNER] == owner
                        && (high == UNPACKED ? keys[i].equals(key) : slots[base + LOW] == low)) {
                    lastFound = i;
                    return i;
                }
            }
            i = (i + 1) & mask;
        }
    }

    /** The order number for a user's client id, or 0. */
    long get(int user, String key) {
        int i = find(user, key);
        return i < 0 ? 0 : slots[i * STRIDE + ORDER_ID];
    }

    /** The user's resting order with a client id, or null (none, or the id names an untriggered conditional order). */
    Order order(int user, String key) {
        int i = find(user, key);
        return i < 0 ? null : orders[i];
    }

    /** The order number for a command's client id (packed by the intake), or 0. */
    long get(int user, FlatCommand command) {
        return get(user, command.clientHigh(), command.clientLow(), command.clientHash(), command.clientOrderId());
    }

    /**
     * The order number for a key packed as given, or 0: a placement's duplicate check, which nearly
     * always finds nothing. The first four slots of the probe are read and tested together, without a
     * branch per slot: an empty slot among them before any tag equal to the key's settles the common
     * case with one branch that always goes the same way; the probe's loop (whose exit, after one or
     * two slots at random, is a branch no predictor guesses) runs only past four occupied slots or on
     * a matching tag.
     */
    long get(int user, long high, long low, int hash, String key) {
        short[] tags = this.tags;
        int mask = tags.length - 1;
        long owner = owner(user, hash);
        int i = slot(owner, mask);
        int tag = tag(owner, high);
        int t0 = tags[i];
        int t1 = tags[(i + 1) & mask];
        int t2 = tags[(i + 2) & mask];
        int t3 = tags[(i + 3) & mask];
        // bit k of each: slot k is empty, or holds the key's tag
        int empty = (t0 == 0 ? 1 : 0) | (t1 == 0 ? 2 : 0) | (t2 == 0 ? 4 : 0) | (t3 == 0 ? 8 : 0);
        int matching = (t0 == tag ? 1 : 0) | (t1 == tag ? 2 : 0) | (t2 == tag ? 4 : 0) | (t3 == tag ? 8 : 0);
        // absent if some slot is empty and no matching tag comes before the first empty one
        if (empty != 0 && (matching & ((empty & -empty) - 1)) == 0) {
            return 0;
        }
        i = find(user, high, low, hash, key);
        return i < 0 ? 0 : slots[i * STRIDE + ORDER_ID];
    }

    /** The user's resting order with a command's client id, or null. */
    Order order(int user, FlatCommand command) {
        int i = find(user, command.clientHigh(), command.clientLow(), command.clientHash(), command.clientOrderId());
        return i < 0 ? null : orders[i];
    }

    /**
     * Maps a user's client id to an order number and, if it rests on a book, the order (else null).
     *
     * @return the key's hash (see {@link Order#clientIdHash})
     */
    int put(int user, String key, long orderId, Order order) {
        probe.pack(key);
        int hash = probe.hash;
        put(user, probe.high, probe.low, hash, key, orderId, order);
        return hash;
    }

    /** {@link #put(int, String, long, Order)} with the key already packed. */
    void put(int user, long high, long low, int hash, String key, long orderId, Order order) {
        int existing = find(user, high, low, hash, key);
        if (existing >= 0) {
            slots[existing * STRIDE + ORDER_ID] = orderId;
            orders[existing] = order;
            return;
        }
        putAbsent(user, high, low, hash, key, orderId, order);
    }

    /**
     * Adds a key the caller knows is not in the table (a placement checked it for a duplicate),
     * without looking for it first.
     */
    void putAbsent(int user, long high, long low, int hash, String key, long orderId, Order order) {
        long owner = owner(user, hash);
        int mask = tags.length - 1;
        int i = slot(owner, mask);
        while (tags[i] != 0) {
            i = (i + 1) & mask;
        }
        tags[i] = tag(owner, high);
        int base = i * STRIDE;
        slots[base + HIGH] = high;
        slots[base + LOW] = low;
        slots[base + OWNER] = owner;
        slots[base + ORDER_ID] = orderId;
        if (high == UNPACKED) {
            keys[i] = key; // an empty slot's key is null already
        }
        orders[i] = order;
        if (++size * 2 > orders.length) {
            grow();
        }
    }

    void remove(int user, String key) {
        int gap = find(user, key);
        if (gap >= 0) {
            removeAt(gap);
        }
    }

    /**
     * Removes a resting order's id without reading the id: from the slot of the last lookup if that
     * is the order's (a cancel by client id), else from the slot found by probing from its hash
     * ({@link Order#clientIdHash}) for the order itself (a maker filled).
     */
    void remove(int user, Order order) {
        int found = lastFound;
        Order[] held = orders;
        if (found >= 0 && found < held.length && held[found] == order) {
            removeAt(found);
            return;
        }
        int mask = held.length - 1;
        for (int i = slot(owner(user, order.clientIdHash), mask); tags[i] != 0; i = (i + 1) & mask) {
            if (held[i] == order) {
                removeAt(i);
                return;
            }
        }
        remove(user, order.clientOrderId); // not reached while every resting order's id is indexed with it
    }

    /**
     * Removes the entry at {@code gap} by backward shift. {@link #keys} is written only where the entry
     * leaving a slot or the one taking it is unpacked, so that it stays null exactly under packed tags.
     */
    private void removeAt(int gap) {
        lastFound = -1;
        size--;
        int mask = orders.length - 1;
        int j = gap;
        while (true) {
            j = (j + 1) & mask;
            short moved = tags[j];
            if (moved == 0) {
                break;
            }
            int ideal = slot(slots[j * STRIDE + OWNER], mask);
            if (((j - ideal) & mask) >= ((j - gap) & mask)) {
                System.arraycopy(slots, j * STRIDE, slots, gap * STRIDE, STRIDE);
                if (((tags[gap] | moved) & UNPACKED_TAG) != 0) {
                    keys[gap] = keys[j];
                }
                tags[gap] = moved;
                orders[gap] = orders[j];
                gap = j;
            }
        }
        if ((tags[gap] & UNPACKED_TAG) != 0) {
            keys[gap] = null;
        }
        tags[gap] = 0;
        orders[gap] = null;
    }

    /** How many ids are held as strings (the unpacked ones); for tests. */
    int unpackedKeysHeld() {
        int held = 0;
        for (String key : keys) {
            held += key == null ? 0 : 1;
        }
        return held;
    }

    private void grow() {
        long[] oldSlots = slots;
        short[] oldTags = tags;
        String[] oldKeys = keys;
        Order[] oldOrders = orders;
        int capacity = oldOrders.length * 2;
        slots = new long[capacity * STRIDE];
        tags = new short[capacity];
        keys = new String[capacity];
        orders = new Order[capacity];
        lastFound = -1;
        int mask = capacity - 1;
        for (int i = 0; i < oldOrders.length; i++) {
            if (oldTags[i] != 0) {
                int j = slot(oldSlots[i * STRIDE + OWNER], mask);
                while (tags[j] != 0) {
                    j = (j + 1) & mask;
                }
                System.arraycopy(oldSlots, i * STRIDE, slots, j * STRIDE, STRIDE);
                tags[j] = oldTags[i];
                keys[j] = oldKeys[i];
                orders[j] = oldOrders[i];
            }
        }
    }
}
