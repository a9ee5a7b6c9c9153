package io.hyperperp.server.backend.internal;

import java.util.NoSuchElementException;

/**
 * A first-in first-out queue of {@code long}s in one growing circular array: the in-memory history's lists of order
 * numbers without a boxed {@code Long} per entry. Each box survived its young collection (the history keeps it) and
 * was copied by the pause; here an entry is a slot in an array that is already old. The array's length is a power
 * of two, so a slot is found with a mask, not a division (an int {@code %} on every append showed in the order
 * route's profile). Not thread-safe.
 */
public final class LongRing {

    private long[] slots;
    private int head;
    private int size;

    /** An empty ring with room for at least {@code capacity} entries before it first grows. */
    public LongRing(int capacity) {
        this.slots = new long[powerOfTwoAtLeast(capacity)];
    }

    /** The smallest power of two that is at least {@code n} (1 for n <= 1; at most 2^30). */
    static int powerOfTwoAtLeast(int n) {
        int wanted = Math.min(n, 1 << 30);
        return wanted <= 1 ? 1 : Integer.highestOneBit(wanted - 1) << 1;
    }

    /** Appends {@code value} as the newest entry. */
    public void addLast(long value) {
        if (size == slots.length) {
            grow();
        }
        slots[(head + size) & (slots.length - 1)] = value;
        size++;
    }

    /**
     * Removes and returns the oldest entry.
     *
     * @throws NoSuchElementException when the ring is empty
     */
    public long pollFirst() {
        if (size == 0) {
            throw new NoSuchElementException("empty ring");
        }
        long value = slots[head];
        head = (head + 1) & (slots.length - 1);
        size--;
        return value;
    }

    /**
     * The entry at {@code index}, 0 the oldest and {@code size() - 1} the newest.
     *
     * @throws IndexOutOfBoundsException outside 0 to {@code size() - 1}
     */
    public long get(int index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException("index " + index + " of " + size);
        }
        return slots[(head + index) & (slots.length - 1)];
    }

    /** The number of entries. */
    public int size() {
        return size;
    }

    private void grow() {
        long[] bigger = new long[slots.length * 2];
        for (int i = 0; i < size; i++) {
            bigger[i] = slots[(head + i) & (slots.length - 1)];
        }
        slots = bigger;
        head = 0;
    }
}
