package io.hyperperp.core.engine.internal;

import io.hyperperp.core.order.Side;
import java.util.Arrays;

/**
 * One side of a book: price levels sorted so that the best level is the last array element.
 *
 * <p>Sort keys are the price for bids and the negated price for asks, ascending; the best price is
 * therefore always at the end, where most activity happens. A hash map finds existing levels;
 * in front of it, a window of {@value #WINDOW_TICKS} slots indexed by the price in ticks (modulo the
 * window) makes the lookup of a level near the others one array read: prices within that many ticks
 * of each other never share a slot, and a price that finds another level in its slot falls back to
 * the hash map.
 *
 * <p>A level that empties stays in place (empty) so that the next order at that price reuses it
 * without shifting the arrays: in a busy book the same few hundred prices empty and refill all the
 * time. Empty levels at the top are dropped as soon as the best level is asked for, and all of them
 * are compacted away once there are more than 1,024 of them and twice as many as live ones.
 * Callers iterating slots skip empty levels.
 */
public final class BookSide {

    /** Empty levels are kept (and reused) until there are this many and twice the live ones. */
    private static final int MIN_EMPTY_BEFORE_COMPACTION = 1_024;
    /** Slots of the price window: a power of two, so the slot is the tick count's low bits. */
    private static final int WINDOW_TICKS = 4_096;

    private final Side side;
    /** The other side of the same book (set once by {@link OrderBook}): an amend's cross check from its order's side. */
    BookSide opposite;
    private final LevelPool pool;
    private final LongHashIndex<PriceLevel> byPrice = new LongHashIndex<>(64);
    /** Levels by price in ticks modulo the window; each one is also in {@link #byPrice}. */
    private final PriceLevel[] window = new PriceLevel[WINDOW_TICKS];
    /** The tick's {@link ExactDivisor} parts, held here so that a level lookup reads no other object. */
    private final int tickShift;
    private final long tickInverse;
    /**
     * 0 for bids, all ones for asks: a price xor this orders prices best first for a taker's cross
     * check on either side ({@link #crossedBy}), without a branch on the side.
     */
    private final long crossMask;
    private long[] keys = new long[64];
    private PriceLevel[] levels = new PriceLevel[64];
    private int count;
    private int emptyCount;

    BookSide(Side side, LevelPool pool, ExactDivisor ticks) {
        this.side = side;
        this.pool = pool;
        this.tickShift = ticks.shift();
        this.tickInverse = ticks.oddInverse();
        this.crossMask = side == Side.SELL ? -1L : 0L;
    }

    /** Which side this is. */
    public Side side() {
        return side;
    }

    private long key(long price) {
        return side == Side.BUY ? price : -price;
    }

    /** The best non-empty level, or null if the side is empty. */
    public PriceLevel best() {
        while (count > 0 && levels[count - 1].orderCount == 0) {
            PriceLevel top = levels[--count];
            levels[count] = null;
            forget(top);
            emptyCount--;
        }
        return count == 0 ? null : levels[count - 1];
    }

    /** The level at a price (possibly empty), or null. */
    public PriceLevel at(long price) {
        PriceLevel level = window[windowSlot(price)];
        return level != null && level.price == price ? level : byPrice.get(price);
    }

    /** Resting prices are whole ticks, so the slot is the exact tick count's low bits. */
    private int windowSlot(long price) {
        return (int) ExactDivisor.exactQuotient(price, tickShift, tickInverse) & (WINDOW_TICKS - 1);
    }

    /** Drops a level from both indexes and returns it to the pool. */
    private void forget(PriceLevel level) {
        int slot = windowSlot(level.price);
        if (window[slot] == level) {
            window[slot] = null;
        }
        byPrice.remove(level.price);
        pool.release(level);
    }

    /** Number of non-empty price levels. */
    public int levelCount() {
        return count - emptyCount;
    }

    /** Number of level slots, empty ones included. */
    public int slotCount() {
        return count;
    }

    /** The i-th slot from the best end (0 = best); may be an empty level, which callers skip. */
    public PriceLevel slot(int fromBest) {
        return levels[count - 1 - fromBest];
    }

    /** True if a taker price on the other side would trade with this side's best level. */
    public boolean crossedBy(long takerPrice) {
        PriceLevel best = best();
        // Asks: best <= taker, i.e. ~best >= ~taker (exact for every long); bids: best >= taker. The
        // side of an amended order is as good as random, so a branch on it would be mispredicted.
        return best != null && (best.price ^ crossMask) >= (takerPrice ^ crossMask);
    }

    /** The level at a price, created (and sorted in) if missing; an empty one is revived. */
    PriceLevel getOrCreate(long price) {
        int slot = windowSlot(price);
        PriceLevel level = window[slot];
        if (level == null || level.price != price) {
            level = byPrice.get(price);
            if (level != null) {
                window[slot] = level;
            }
        }
        if (level != null) {
            emptyCount += revived(level);
            return level;
        }
        level = pool.acquire(price);
        byPrice.put(price, level);
        window[slot] = level;
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

    /**
     * -1 for an empty level, 0 for one with orders, without a branch: whether an amend's level is empty
     * (a deep level of one order) is as good as random.
     */
    private static int revived(PriceLevel level) {
        return (level.orderCount - 1) >> 31;
    }

    /**
     * Notes that an order left a level, which may have emptied, without a branch on whether it did.
     * An emptied top level is not dropped here but by the next {@link #best()}, which every reader of
     * the top asks first.
     */
    void levelLeft(PriceLevel level) {
        emptyCount -= revived(level);
        if (emptyCount > MIN_EMPTY_BEFORE_COMPACTION && emptyCount > 2 * (count - emptyCount)) {
            compact();
        }
    }

    /** Notes that a level lost its last order. */
    void levelEmptied(PriceLevel level) {
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
            PriceLevel level = levels[i];
            if (level.orderCount == 0) {
                forget(level);
            } else {
                keys[kept] = keys[i];
                levels[kept] = level;
                kept++;
            }
        }
        Arrays.fill(levels, kept, count, null);
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
