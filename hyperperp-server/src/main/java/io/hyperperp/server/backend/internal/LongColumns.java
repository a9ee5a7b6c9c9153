package io.hyperperp.server.backend.internal;

import java.util.Arrays;
import org.eclipse.collections.impl.list.mutable.primitive.IntArrayList;

/**
 * Rows of {@code width} longs in chunks of {@value #CHUNK} rows, allocated once and reused: a row freed serves the
 * next one allocated. What the history keeps per order and per trade lives here, so that keeping it allocates no
 * object per order (nothing for a young pause to copy) once the chunks exist.
 *
 * <p>Not thread-safe: the history serialises its callers.
 */
final class LongColumns {

    private static final int SHIFT = 10;
    private static final int CHUNK = 1 << SHIFT;

    private final int width;
    private final IntArrayList free = new IntArrayList();
    private long[][] chunks = new long[4][];
    private int used;

    LongColumns(int width) {
        this.width = width;
    }

    /** A row for new values (its old values are left as they were). */
    int allocate() {
        if (!free.isEmpty()) {
            return free.removeAtIndex(free.size() - 1);
        }
        int row = used++;
        int chunk = row >>> SHIFT;
        if (chunk == chunks.length) {
            chunks = Arrays.copyOf(chunks, chunk * 2);
        }
        if (chunks[chunk] == null) {
            chunks[chunk] = new long[CHUNK * width];
        }
        return row;
    }

    /** Gives {@code row} back: the next {@link #allocate} may return it. */
    void free(int row) {
        free.add(row);
    }

    long get(int row, int column) {
        return chunks[row >>> SHIFT][(row & (CHUNK - 1)) * width + column];
    }

    void set(int row, int column, long value) {
        chunks[row >>> SHIFT][(row & (CHUNK - 1)) * width + column] = value;
    }
}
