package io.hyperperp.core.engine.internal;

import java.util.Arrays;

/**
 * A binary min-heap of (expiry time, order number), ordered by time then order number so that the
 * expiry order never depends on insertion history. Entries of orders that left the book earlier
 * stay until popped and are skipped by the caller.
 */
final class ExpiryQueue {

    private long[] times = new long[64];
    private long[] ids = new long[64];
    private int size;
    /** The earliest time queued, or {@link Long#MAX_VALUE}: what every command compares its timestamp with. */
    private long earliest = Long.MAX_VALUE;

    long earliest() {
        return earliest;
    }

    boolean isEmpty() {
        return size == 0;
    }

    long peekTime() {
        return times[0];
    }

    long peekId() {
        return ids[0];
    }

    void push(long time, long id) {
        if (size == times.length) {
            times = Arrays.copyOf(times, size * 2);
            ids = Arrays.copyOf(ids, size * 2);
        }
        int i = size++;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (!less(time, id, times[parent], ids[parent])) {
                break;
            }
            times[i] = times[parent];
            ids[i] = ids[parent];
            i = parent;
        }
        times[i] = time;
        ids[i] = id;
        earliest = times[0];
    }

    void pop() {
        size--;
        long time = times[size];
        long id = ids[size];
        int i = 0;
        while (true) {
            int child = 2 * i + 1;
            if (child >= size) {
                break;
            }
            if (child + 1 < size && less(times[child + 1], ids[child + 1], times[child], ids[child])) {
                child++;
            }
            if (!less(times[child], ids[child], time, id)) {
                break;
            }
            times[i] = times[child];
            ids[i] = ids[child];
            i = child;
        }
        times[i] = time;
        ids[i] = id;
        earliest = size == 0 ? Long.MAX_VALUE : times[0];
    }

    void clear() {
        size = 0;
        earliest = Long.MAX_VALUE;
    }

    private static boolean less(long t1, long id1, long t2, long id2) {
        return t1 < t2 || (t1 == t2 && id1 < id2);
    }
}
