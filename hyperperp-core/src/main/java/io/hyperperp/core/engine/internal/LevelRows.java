package io.hyperperp.core.engine.internal;

import java.util.Arrays;
import org.eclipse.collections.impl.map.mutable.primitive.LongIntHashMap;

/**
 * The price levels of one side of a book as rows of two primitive arrays, a level being its row's
 * number: the row's price, open total and order count are longs {@code 4r}, {@code 4r+1} and
 * {@code 4r+2} of {@link #numbers} (32 bytes, two rows a cache line), its first and last orders
 * elements {@code 2r} and {@code 2r+1} of {@link #ends}.
 *
 * <p>The first {@value #WINDOW} rows are a window over the price in ticks: a level lives in the row
 * of its tick count's low bits when no other price holds that row, so finding the level at a price
 * near the others is one read of its row (no reference from a window slot to a level object to follow
 * first), and an append reads its row's tail order in parallel with it. Prices within that many ticks
 * of each other never share a row; a level whose row another price holds gets an overflow row from
 * {@value #WINDOW} up, found through a hash from price to row. A level keeps its row until it is
 * freed (orders and the sorted index refer to it by row).
 *
 * <p>{@link BookSide} extends this, so that an order's level is read as {@code order.bookSide}'s own
 * array at {@code order.levelRow}: no object between the side and the row.
 */
public abstract class LevelRows {

    /** No level. */
    public static final int NONE = -1;
    /** Rows addressed by the price in ticks: a power of two, so the row is the tick count's low bits. */
    static final int WINDOW = 4_096;
    /** The price of a row no level holds (resting prices are positive). */
    private static final long FREE = Long.MIN_VALUE;
    private static final int TOTAL = 1;
    private static final int COUNT = 2;

    /** The tick's {@link ExactDivisor} parts, held here so that a level lookup reads no other object. */
    private final int tickShift;
    private final long tickInverse;
    /** Overflow levels (their window row held by another price), by price. */
    private final LongIntHashMap overflowRows = new LongIntHashMap();
    /** Price, total, count and a spare long per row. */
    private long[] numbers;
    /** Head and tail order per row. */
    private Order[] ends;
    /** Overflow rows freed for reuse, and the number of overflow rows ever used. */
    private int[] freeOverflow = new int[16];
    private int freeOverflowCount;
    private int overflowUsed;

    LevelRows(ExactDivisor ticks) {
        this.tickShift = ticks.shift();
        this.tickInverse = ticks.oddInverse();
        int rows = WINDOW + 16;
        numbers = new long[rows << 2];
        ends = new Order[rows << 1];
        for (int row = 0; row < rows; row++) {
            numbers[row << 2] = FREE;
        }
    }

    /** Resting prices are whole ticks, so the window row is the exact tick count's low bits. */
    private int windowRow(long price) {
        return (int) ExactDivisor.exactQuotient(price, tickShift, tickInverse) & (WINDOW - 1);
    }

    /** The row of the level at a price (possibly empty), or {@link #NONE}. */
    final int rowAt(long price) {
        int row = windowRow(price);
        if (numbers[row << 2] == price) {
            return row;
        }
        return overflowRows.isEmpty() ? NONE : overflowRows.getIfAbsent(price, NONE);
    }

    /** A new empty level at a price that has none: its window row if free, else an overflow row. */
    final int claimRow(long price) {
        int row = windowRow(price);
        if (numbers[row << 2] != FREE) {
            row = overflowRow();
            overflowRows.put(price, row);
        }
        numbers[row << 2] = price;
        numbers[(row << 2) + TOTAL] = 0;
        numbers[(row << 2) + COUNT] = 0;
        return row;
    }

    private int overflowRow() {
        if (freeOverflowCount > 0) {
            return freeOverflow[--freeOverflowCount];
        }
        int row = WINDOW + overflowUsed++;
        if (row << 2 == numbers.length) {
            int oldRows = row;
            numbers = Arrays.copyOf(numbers, numbers.length * 2);
            ends = Arrays.copyOf(ends, ends.length * 2);
            for (int free = oldRows; free < oldRows * 2; free++) {
                numbers[free << 2] = FREE;
            }
        }
        return row;
    }

    /** Gives a level's row back: the level is gone. */
    final void freeRow(int row) {
        if (row >= WINDOW) {
            overflowRows.remove(numbers[row << 2]);
            if (freeOverflowCount == freeOverflow.length) {
                freeOverflow = Arrays.copyOf(freeOverflow, freeOverflowCount * 2);
            }
            freeOverflow[freeOverflowCount++] = row;
        }
        numbers[row << 2] = FREE;
        ends[row << 1] = null;
        ends[(row << 1) + 1] = null;
    }

    /** The price of a level. */
    public final long price(int row) {
        return numbers[row << 2];
    }

    /** Sum of the open sizes of a level's orders. */
    public final long totalSize(int row) {
        return numbers[(row << 2) + TOTAL];
    }

    /** Number of orders at a level. */
    public final int orderCount(int row) {
        return (int) numbers[(row << 2) + COUNT];
    }

    /** The order with the best time priority at a level, or null. */
    public final Order head(int row) {
        return ends[row << 1];
    }

    /** Takes {@code size} out of a level's total: its orders filled or shrank in place by that much. */
    final void reduceTotal(int row, long size) {
        numbers[(row << 2) + TOTAL] -= size;
    }

    /** Puts an order at the back of a level's queue; its open size joins the total. */
    final void append(int row, Order order) {
        order.levelRow = row;
        int tailIndex = (row << 1) + 1;
        Order tail = ends[tailIndex];
        order.prev = tail;
        order.next = null;
        if (tail == null) {
            ends[row << 1] = order;
        } else {
            tail.next = order;
        }
        ends[tailIndex] = order;
        numbers[(row << 2) + TOTAL] += order.size - order.filled;
        numbers[(row << 2) + COUNT]++;
    }

    /** Unlinks an order; its open size leaves the total. */
    final void remove(Order order) {
        detach(order);
        order.levelRow = NONE;
        order.prev = null;
        order.next = null;
    }

    /**
     * Unlinks an order that is appended to a level again at once (an amend), which sets the links
     * this leaves stale; its open size leaves the total.
     */
    final void detach(Order order) {
        int row = order.levelRow;
        Order prev = order.prev;
        Order next = order.next;
        if (prev == null) {
            ends[row << 1] = next;
        } else {
            prev.next = next;
        }
        if (next == null) {
            ends[(row << 1) + 1] = prev;
        } else {
            next.prev = prev;
        }
        numbers[(row << 2) + TOTAL] -= order.size - order.filled;
        numbers[(row << 2) + COUNT]--;
    }
}
