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
    /** Deposits − withdrawals + realised PnL − fees ± funding, in collateral units. */
    long collateral;
    MarginPosition[] markets = new MarginPosition[2];
    int marketCount;
    /** Markets with a non-zero position. */
    int openPositions;
    /** Queued to have its liquidation prices recomputed. */
    boolean dirty;
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

    /**
     * The account's entry for a market, created with the market's default leverage; the headroom
     * counts a new budget holder and stamps an invalidated one.
     */
    MarginPosition in(OrderBook book, MarginHeadroom headroom) {
        MarginPosition position = find(book);
        if (position == null) {
            position = new MarginPosition(this, book, book.spec.risk().defaultLeverage(), budgetEntry);
            if (budgetEntry == null) {
                budgetEntry = position;
                headroom.holderCreated();
            } else if (!budgetEntry.shared) {
                // the budget now covers two markets: what it was for one no longer holds
                budgetEntry.shared = true;
                headroom.invalidate(budgetEntry);
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
        return collateral;
    }
}
