package io.hyperperp.core.engine.internal;

import io.hyperperp.core.order.Side;
import java.util.Arrays;

/**
 * One side of a book: its price levels (rows of {@link LevelRows}) sorted so that the best level is
 * the last array element.
 *
 * <p>Sort keys are the price for bids and the negated price for asks, ascending; the best price is
 * therefore always at the end, where most activity happens. A level is its row's number; finding the
 * level at a price is {@link LevelRows}'s window row, or its hash for the few prices whose row another
 * price holds.
 *
 * <p>A level that empties stays in place (empty) so that the next order at that price reuses it
 * without shifting the arrays: in a busy book the same few hundred prices empty and refill all the
 * time. Empty levels at the top are dropped as soon as the best level is asked for, and all of them
 * are compacted away once there are more than 1,024 of them and twice as many as live ones.
 * Callers iterating slots skip empty levels.
 */
public final class BookSide extends LevelRows {

    /** Empty levels are kept (and reused) until there are this many and twice the live ones. */
    private static final int MIN_EMPTY_BEFORE_COMPACTION = 1_024;

    private final Side side;
    /** The other side of the same book (set once by {@link OrderBook}): an amend's cross check from its order's side. */
    BookSide opposite;
    private long[] keys = new long[64];
    private int[] levels = new int[64];
    private int count;
    private int emptyCount;

    BookSide(Side side, ExactDivisor ticks) {
        super(ticks);
        this.side = side;
    }

    /** Which side this is. */
    public Side side() {
        return side;
    }

    private long key(long price) {
        return side == Side.BUY ? price : -price;
    }

    /** The best non-empty level, or {@link LevelRows#NONE} if the side is empty. */
    public int best() {
        while (count > 0 && orderCount(levels[count - 1]) == 0) {
            freeRow(levels[--count]);
            emptyCount--;
        }
        return count == 0 ? NONE : levels[count - 1];
    }

    /** The level at a price (possibly empty), or {@link LevelRows#NONE}. */
    public int at(long price) {
        return rowAt(price);
    }

    /** Number of non-empty price levels. */
    public int levelCount() {
        return count - emptyCount;
    }

    /** Number of level slots, empty ones included. */
    public int slotCount() {
        return count;
    }

    /** The level in the i-th slot from the best end (0 = best); may be empty, which callers skip. */
    public int slot(int fromBest) {
        return levels[count - 1 - fromBest];
    }

    /** True if a taker price on the other side would trade with this side's best level. */
    public boolean crossedBy(long takerPrice) {
        int best = best();
        if (best == NONE) {
            return false;
        }
        long bestPrice = price(best);
        return side == Side.SELL ? bestPrice <= takerPrice : bestPrice >= takerPrice;
    }

    /** The level at a price, created (and sorted in) if missing; an empty one is revived. */
    int getOrCreate(long price) {
        int level = rowAt(price);
        if (level != NONE) {
            if (orderCount(level) == 0) {
                emptyCount--;
            }
            return level;
        }
        level = claimRow(price);
        long key = key(price);
        int index = count == 0 || keys[count - 1] < key ? count : lowerBound(key);
        if (count == keys.length) {
            keys = Arrays.copyOf(keys, count * 2);
            levels = Arrays.copyOf(levels, count * 2);
        }
        int tailLength = count - index;
        if (tailLength > 0) {
            System.arraycopy(keys, index, keys, index + 1, tailLength);
            System.arraycopy(levels, index, levels, index + 1, tailLength);
        }
        keys[index] = key;
        levels[index] = level;
        count++;
        return level;
    }

    /** Notes that a level lost its last order. */
    void levelEmptied(int level) {
        emptyCount++;
        if (levels[count - 1] == level) {
            best();
        } else if (emptyCount > MIN_EMPTY_BEFORE_COMPACTION && emptyCount > 2 * (count - emptyCount)) {
            compact();
        }
    }

    private void compact() {
        int kept = 0;
        for (int i = 0; i < count; i++) {
            int level = levels[i];
            if (orderCount(level) == 0) {
                freeRow(level);
            } else {
                keys[kept] = keys[i];
                levels[kept] = level;
                kept++;
            }
        }
        count = kept;
        emptyCount = 0;
    }

    /** Index of the first key not below {@code key}; branch-free halving so it pipelines well. */
    private int lowerBound(long key) {
        int low = 0;
        int length = count;
        while (length > 0) {
            int half = length >>> 1;
            boolean right = keys[low + half] < key;
            low = right ? low + half + 1 : low;
            length = right ? length - half - 1 : half;
        }
        return low;
    }
}
