package io.hyperperp.core.engine.internal;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * A long-keyed open-addressing map for the hot path: linear probing and backward-shift deletion,
 * so removing never leaves tombstones and a map of steady size never rehashes or allocates. (Maps
 * with tombstones rebuild themselves every so often when keys only ever grow, as order ids do.)
 *
 * @param <V> value type; values are never null
 */
public final class LongHashIndex<V> {

    private long[] keys;
    private Object[] values;
    private int mask;
    private int size;

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
        return size;
    }

    /** True when empty. */
    public boolean isEmpty() {
        return size == 0;
    }

    /** The value for a key, or null. */
    @SuppressWarnings("unchecked")
    public V get(long key) {
        int i = slot(key, mask);
        while (true) {
            Object value = values[i];
            if (value == null) {
                return null;
            }
            if (keys[i] == key) {
                return (V) value;
            }
            i = (i + 1) & mask;
        }
    }

    /** Associates a non-null value with a key, replacing any previous one. */
    public void put(long key, V value) {
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

    /** Removes a key; returns its value or null. */
    @SuppressWarnings("unchecked")
    public V remove(long key) {
        int i = slot(key, mask);
        while (true) {
            Object value = values[i];
            if (value == null) {
                return null;
            }
            if (keys[i] == key) {
                shiftBack(i);
                size--;
                return (V) value;
            }
            i = (i + 1) & mask;
        }
    }

    /** Closes the gap at {@code gap} by moving later entries of the probe run back into it. */
    private void shiftBack(int gap) {
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

    private void grow() {
        long[] oldKeys = keys;
        Object[] oldValues = values;
        keys = new long[oldKeys.length * 2];
        values = new Object[oldValues.length * 2];
        mask = keys.length - 1;
        for (int i = 0; i < oldValues.length; i++) {
            if (oldValues[i] != null) {
                int j = slot(oldKeys[i], mask);
                while (values[j] != null) {
                    j = (j + 1) & mask;
                }
                keys[j] = oldKeys[i];
                values[j] = oldValues[i];
            }
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
    }

    /** Removes everything, keeping the capacity. */
    public void clear() {
        Arrays.fill(values, null);
        size = 0;
    }
}
