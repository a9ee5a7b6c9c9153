package io.hyperperp.core.ledger;

import org.eclipse.collections.impl.map.mutable.primitive.LongObjectHashMap;

/**
 * The trade numbers a {@link LocalSettlementLedger} has settled, as a bitmap in pages of 65,536 numbers (8 KB each).
 * Trade numbers are 1, 2, 3, ... without gaps and a batch holds neighbouring ones, so a batch's look-ups fall on one
 * or two pages, the last of which is kept at hand: a bit test where a hash set of every number ever settled probed a
 * table of millions of entries, and grew it by rehashing (a fifth of the settlement thread's samples, docs/
 * benchmarks.md "Session 20: PostgreSQL, the tables and the settlement store"). Not thread-safe: the ledger
 * synchronizes.
 */
final class SettledTrades {

    private static final int PAGE_BITS = 16;
    private static final long IN_PAGE = (1L << PAGE_BITS) - 1;

    private final LongObjectHashMap<long[]> pages = new LongObjectHashMap<>();
    private long lastPageNumber = -1;
    private long[] lastPage;
    private int size;

    /** @return whether {@code trade} is in the set */
    boolean contains(long trade) {
        long[] page = page(trade, false);
        return page != null && (page[word(trade)] & bit(trade)) != 0;
    }

    /** Adds {@code trade}; @return false if it was in the set already. */
    boolean add(long trade) {
        long[] page = page(trade, true);
        int w = word(trade);
        long b = bit(trade);
        if ((page[w] & b) != 0) {
            return false;
        }
        page[w] |= b;
        size++;
        return true;
    }

    /** Removes {@code trade} if present. */
    void remove(long trade) {
        long[] page = page(trade, false);
        if (page != null && (page[word(trade)] & bit(trade)) != 0) {
            page[word(trade)] &= ~bit(trade);
            size--;
        }
    }

    /** @return how many trades are in the set */
    int size() {
        return size;
    }

    private long[] page(long trade, boolean create) {
        long number = trade >>> PAGE_BITS; // a negative number (never a trade's) lands on a page of its own
        if (number == lastPageNumber) {
            return lastPage;
        }
        long[] page = pages.get(number);
        if (page == null) {
            if (!create) {
                return null;
            }
            page = new long[1 << (PAGE_BITS - 6)];
            pages.put(number, page);
        }
        lastPageNumber = number;
        lastPage = page;
        return page;
    }

    private static int word(long trade) {
        return (int) ((trade & IN_PAGE) >>> 6);
    }

    private static long bit(long trade) {
        return 1L << (trade & 63);
    }
}
