package io.hyperperp.core.engine.internal;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * A long-keyed open-addressing map for the hot path: linear probing and backward-shift deletion,
 * so removing never leaves tombstones and a map of steady size never rehashes or allocates. (Maps
 * with tombstones rebuild themselves every so often when keys only ever grow, as order ids do.)
 *
 * <p>Growing never holds a caller for long: when the table passes half full, a table twice as
 * large takes over for new keys and the old one is drained into it a few slots at a time, on each
 * later put or remove, while lookups consult both. (Rehashing thousands of entries at once, each
 * probe a likely cache miss, held the engine's loop for up to 130 µs.) Each key lives in exactly
 * one of the two tables. The old table is drained from slot 0 upwards by removing its entries
 * (backward shift keeps it a valid table), so every slot below the cursor is empty: a removal's
 * shift never moves an entry below the cursor, and the drain finishes long before the new table
 * could fill.
 *
 * @param <V> value type; values are never null
 */
public final class LongHashIndex<V> {

    /** Slots of the old table drained per put or remove while it lasts (empty slots and moves alike). */
    static final int DRAIN_STEP = 16;

    private long[] keys;
    private Object[] values;
    private int mask;
    private int size;
    /** The table being drained, or null. */
    private long[] oldKeys;
    private Object[] oldValues;
    private int oldMask;
    private int oldSize;
    /** Every slot of the old table below this one is empty. */
    private int drainCursor;

    /** An empty index sized for about {@code expected} entries. */
    public LongHashIndex(int expected) {
        int capacity = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
        keys = new long[capacity];
        values = new Object[capacity];
        mask = capacity - 1;
    }

    private static int slot(long key, int mask) {
        long h = key * 0x9E37_79B9_7F4A_7C15L;
        return (int) (h ^ (h >>> 32)) & mask;
    }

    /** Number of entries. */
    public int size() {
        return size + oldSize;
    }

    /** True when empty. */
    public boolean isEmpty() {
        return size() == 0;
    }

    /** True while an old table is being drained into the current one. */
    boolean draining() {
        return oldValues != null;
    }

    /** The value for a key, or null. */
    @SuppressWarnings("unchecked")
    public V get(long key) {
        Object value = find(keys, values, mask, key);
        if (value == null && oldValues != null) {
            value = find(oldKeys, oldValues, oldMask, key);
        }
        return (V) value;
    }

    private static Object find(long[] keys, Object[] values, int mask, long key) {
        int i = slot(key, mask);
        while (true) {
            Object value = values[i];
            if (value == null || keys[i] == key) {
                return value;
            }
            i = (i + 1) & mask;
        }
    }

    /** Associates a non-null value with a key, replacing any previous one. */
    public void put(long key, V value) {
        if (oldValues != null) {
            drainStep();
            if (oldValues != null) {
                int i = indexOf(oldKeys, oldValues, oldMask, key);
                if (i >= 0) {
                    oldValues[i] = value;
                    return;
                }
            }
        }
        int i = slot(key, mask);
        while (values[i] != null) {
            if (keys[i] == key) {
                values[i] = value;
                return;
            }
            i = (i + 1) & mask;
        }
        keys[i] = key;
        values[i] = value;
        if (++size * 2 > values.length) {
            grow();
        }
    }

    private static int indexOf(long[] keys, Object[] values, int mask, long key) {
        int i = slot(key, mask);
        while (values[i] != null) {
            if (keys[i] == key) {
                return i;
            }
            i = (i + 1) & mask;
        }
        return -1;
    }

    /** Removes a key; returns its value or null. */
    public V remove(long key) {
        V removed = removeFrom(key);
        if (oldValues != null) {
            drainStep();
        }
        return removed;
    }

    @SuppressWarnings("unchecked")
    private V removeFrom(long key) {
        int i = indexOf(keys, values, mask, key);
        if (i >= 0) {
            Object value = values[i];
            shiftBack(keys, values, mask, i);
            size--;
            return (V) value;
        }
        if (oldValues != null) {
            i = indexOf(oldKeys, oldValues, oldMask, key);
            if (i >= 0) {
                Object value = oldValues[i];
                shiftBack(oldKeys, oldValues, oldMask, i);
                oldSize--;
                return (V) value;
            }
        }
        return null;
    }

    /** Closes the gap at {@code gap} by moving later entries of the probe run back into it. */
    private static void shiftBack(long[] keys, Object[] values, int mask, int gap) {
        int j = gap;
        while (true) {
            j = (j + 1) & mask;
            Object value = values[j];
            if (value == null) {
                break;
            }
            int ideal = slot(keys[j], mask);
            if (((j - ideal) & mask) >= ((j - gap) & mask)) {
                keys[gap] = keys[j];
                values[gap] = value;
                gap = j;
            }
        }
        values[gap] = null;
    }

    /** Starts draining into a table twice as large (finishing any drain still going first). */
    private void grow() {
        while (oldValues != null) {
            drainStep();
        }
        oldKeys = keys;
        oldValues = values;
        oldMask = mask;
        oldSize = size;
        drainCursor = 0;
        keys = new long[oldKeys.length * 2];
        values = new Object[oldValues.length * 2];
        mask = keys.length - 1;
        size = 0;
    }

    /**
     * Moves up to {@link #DRAIN_STEP} slots' worth of the old table: an empty slot is passed, an entry is moved to
     * the current table and removed from the old one (whose backward shift may pull the next entry of its run into
     * the same slot, which is then looked at again).
     */
    private void drainStep() {
        for (int n = 0; n < DRAIN_STEP; n++) {
            if (oldSize == 0) {
                oldKeys = null;
                oldValues = null;
                return;
            }
            Object value = oldValues[drainCursor];
            if (value == null) {
                drainCursor++;
                continue;
            }
            long key = oldKeys[drainCursor];
            shiftBack(oldKeys, oldValues, oldMask, drainCursor);
            oldSize--;
            int i = slot(key, mask);
            while (values[i] != null) {
                i = (i + 1) & mask;
            }
            keys[i] = key;
            values[i] = value;
            size++;
        }
    }

    /** Calls {@code action} for every value, in no particular order. */
    @SuppressWarnings("unchecked")
    public void forEachValue(Consumer<V> action) {
        for (Object value : values) {
            if (value != null) {
                action.accept((V) value);
            }
        }
        if (oldValues != null) {
            for (Object value : oldValues) {
                if (value != null) {
                    action.accept((V) value);
                }
            }
        }
    }

    /** Removes everything, keeping the capacity. */
    public void clear() {
        Arrays.fill(values, null);
        size = 0;
        oldKeys = null;
        oldValues = null;
        oldSize = 0;
    }
}
