package io.hyperperp.core.engine.internal;

/**
 * An account's collateral and its margined markets. Equity, margin used and maintenance margin are
 * sums over the account's markets (a handful), never over its orders: the per-market order totals
 * live in {@link MarginPosition}.
 */
public final class MarginAccount {

    final UserAccount user;
    /** Number in order of first use; liquidation, funding and ADL visit accounts in this order on ties. */
    final long number;
    final boolean system;
    /**
     * The collateral (deposits − withdrawals + realised PnL − fees ± funding, in collateral units)
     * while the account has no market entry. From its first entry on, the number lives on that
     * entry, the {@link #budgetEntry} ({@link MarginPosition#collateral}), and this field stays 0: a
     * fill of an account in one market then reads and writes one object. Always through
     * {@link #collateral()} and {@link #setCollateral}, so there is one place it lives at any time.
     */
    private long collateralWithoutEntry;
    MarginPosition[] markets = new MarginPosition[2];
    int marketCount;
    /** Markets with a non-zero position. */
    int openPositions;
    /**
     * Queued to have its liquidation prices recomputed, while the account has no market entry;
     * afterwards on the {@link #budgetEntry} ({@link MarginPosition#keysStale}), like the collateral.
     */
    private boolean keysStaleWithoutEntry;
    /** Queued for a maintenance check after the current command. */
    boolean checkPending;
    /**
     * The account's first market entry, which holds its headroom budget ({@link MarginHeadroom});
     * null until the account has one.
     */
    MarginPosition budgetEntry;

    MarginAccount(UserAccount user, long number, boolean system) {
        this.user = user;
        this.number = number;
        this.system = system;
    }

    /** The account's entry for a market, or null. */
    MarginPosition find(long marketId) {
        for (int i = 0; i < marketCount; i++) {
            if (markets[i].book.marketId == marketId) {
                return markets[i];
            }
        }
        return null;
    }

    /** The account's entry for a book, or null (a reference compare: one book per market). */
    private MarginPosition find(OrderBook book) {
        for (int i = 0; i < marketCount; i++) {
            MarginPosition p = markets[i];
            if (p.book == book) {
                return p;
            }
        }
        return null;
    }

    /** The account's entry for a market, created with the market's default leverage. */
    MarginPosition in(OrderBook book) {
        MarginPosition position = find(book);
        if (position == null) {
            position = new MarginPosition(this, book, book.spec.risk().defaultLeverage(), budgetEntry);
            if (budgetEntry == null) {
                // the first entry holds the collateral and the stale flag from now on
                position.collateral = collateralWithoutEntry;
                position.keysStale = keysStaleWithoutEntry;
                collateralWithoutEntry = 0;
                keysStaleWithoutEntry = false;
                budgetEntry = position;
            } else if (!budgetEntry.shared) {
                // the budget now covers two markets: what it was for one no longer holds
                budgetEntry.shared = true;
                budgetEntry.headroomEpoch = 0;
            }
            if (marketCount == markets.length) {
                markets = java.util.Arrays.copyOf(markets, marketCount * 2);
            }
            // Kept sorted by market id: liquidation closes positions in that order.
            int at = marketCount;
            while (at > 0 && markets[at - 1].book.marketId > book.marketId) {
                markets[at] = markets[at - 1];
                at--;
            }
            markets[at] = position;
            marketCount++;
        }
        return position;
    }

    /** The account's address. */
    public String address() {
        return user.address;
    }

    /** The collateral, in collateral units. */
    public long collateral() {
        MarginPosition holder = budgetEntry;
        return holder == null ? collateralWithoutEntry : holder.collateral;
    }

    /** Sets the collateral, wherever it lives now. */
    void setCollateral(long value) {
        MarginPosition holder = budgetEntry;
        if (holder == null) {
            collateralWithoutEntry = value;
        } else {
            holder.collateral = value;
        }
    }

    /** True while the account is queued to have its liquidation keys recomputed. */
    boolean keysStale() {
        MarginPosition holder = budgetEntry;
        return holder == null ? keysStaleWithoutEntry : holder.keysStale;
    }

    /** Marks the account queued (or no longer queued) for its liquidation keys. */
    void setKeysStale(boolean stale) {
        MarginPosition holder = budgetEntry;
        if (holder == null) {
            keysStaleWithoutEntry = stale;
        } else {
            holder.keysStale = stale;
        }
    }
}
