package io.hyperperp.core.engine.internal;

import io.hyperperp.core.order.Side;
import java.util.Arrays;
import org.eclipse.collections.impl.map.mutable.primitive.LongObjectHashMap;

/**
 * One side of a book: price levels sorted so that the best level is the last array element.
 *
 * <p>Sort keys are the price for bids and the negated price for asks, ascending; the best price is
 * therefore always at the end, where inserting and removing levels costs the least, because most
 * activity happens near the top of the book. A hash map finds existing levels; a branch-free
 * binary search places new ones.
 */
public final class BookSide {

    private final Side side;
    private final LevelPool pool;
    private final LongObjectHashMap<PriceLevel> byPrice = new LongObjectHashMap<>();
    private long[] keys = new long[64];
    private PriceLevel[] levels = new PriceLevel[64];
    private int count;

    BookSide(Side side, LevelPool pool) {
        this.side = side;
        this.pool = pool;
    }

    /** Which side this is. */
    public Side side() {
        return side;
    }

    private long key(long price) {
        return side == Side.BUY ? price : -price;
    }

    /** The best level, or null if the side is empty. */
    public PriceLevel best() {
        return count == 0 ? null : levels[count - 1];
    }

    /** The level at a price, or null. */
    public PriceLevel at(long price) {
        return byPrice.get(price);
    }

    /** Number of price levels. */
    public int levelCount() {
        return count;
    }

    /** The i-th best level (0 = best). */
    public PriceLevel level(int rankFromBest) {
        return levels[count - 1 - rankFromBest];
    }

    /** True if a taker price on the other side would trade with this side's best level. */
    public boolean crossedBy(long takerPrice) {
        if (count == 0) {
            return false;
        }
        long best = keys[count - 1];
        return side == Side.SELL ? -best <= takerPrice : best >= takerPrice;
    }

    /** The level at a price, created (and sorted in) if missing. */
    PriceLevel getOrCreate(long price) {
        PriceLevel level = byPrice.get(price);
        if (level != null) {
            return level;
        }
        level = pool.acquire(price);
        byPrice.put(price, level);
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

    /** Removes an empty level. */
    void removeLevel(PriceLevel level) {
        byPrice.remove(level.price);
        int index = levels[count - 1] == level ? count - 1 : lowerBound(key(level.price));
        int tailLength = count - index - 1;
        if (tailLength > 0) {
            System.arraycopy(keys, index + 1, keys, index, tailLength);
            System.arraycopy(levels, index + 1, levels, index, tailLength);
        }
        count--;
        levels[count] = null;
        pool.release(level);
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
