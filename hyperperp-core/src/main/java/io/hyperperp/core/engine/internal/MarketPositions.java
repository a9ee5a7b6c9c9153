package io.hyperperp.core.engine.internal;

import org.eclipse.collections.api.block.procedure.primitive.LongLongProcedure;
import org.eclipse.collections.impl.map.mutable.primitive.LongLongHashMap;

/**
 * A user's net positions in the markets without margin, by market id: the first market the user
 * trades in two fields of this object, any further ones in a map made when the second is traded.
 *
 * <p>Why not a map for all: a fill moves the positions of two users, the maker's usually out of
 * cache by then. A primitive hash map is an object, its table and, for market ids 0 and 1 (its
 * sentinel keys, and 1 is the first market of most deployments), a third object: three cache
 * misses per user per fill, where this is one. Measured on exchange-core's stream at 2 M/s offered,
 * moving no position at all took a filling placement's median from 421 to 260 ns (docs/benchmarks.md,
 * "Session 23").
 */
final class MarketPositions {

    /** Market ids are never negative: no first market yet. */
    private static final long NO_MARKET = -1;

    private long firstMarket = NO_MARKET;
    private long firstSize;
    /** The positions in every market but the first, or null while there is none. */
    private LongLongHashMap others;

    /** The net position in a market, 0 if none. */
    long get(long marketId) {
        if (marketId == firstMarket) {
            return firstSize;
        }
        return others == null ? 0 : others.get(marketId);
    }

    /** True if a position (possibly zero) was ever set in the market. */
    boolean containsKey(long marketId) {
        return marketId == firstMarket || others != null && others.containsKey(marketId);
    }

    /** Sets the net position in a market (a zero is kept, as a map keeps it). */
    void put(long marketId, long size) {
        if (marketId == firstMarket) {
            firstSize = size;
        } else if (firstMarket == NO_MARKET) {
            firstMarket = marketId;
            firstSize = size;
        } else {
            if (others == null) {
                others = new LongLongHashMap(4);
            }
            others.put(marketId, size);
        }
    }

    /** Calls {@code action} with every market id ever set and its position (zeros included), in no set order. */
    void forEachKeyValue(LongLongProcedure action) {
        if (firstMarket != NO_MARKET) {
            action.value(firstMarket, firstSize);
        }
        if (others != null) {
            others.forEachKeyValue(action);
        }
    }
}
