package io.hyperperp.core.engine.internal;

import io.hyperperp.core.market.MarketSpec;

/**
 * Each account's headroom H: equity minus an upper bound of its margin used (every market's
 * position notional and its larger order side, whole and with each order at its price bound
 * ({@link MarginMath#priceBound}), each divided by the market's
 * {@link MarginPosition#marginDivisor} and rounded up). A non-negative H proves the account
 * solvent (the bound is at least the maintenance margin) and lets an order whose initial margin
 * fits in it through with one comparison.
 *
 * <p>H is kept as a notional budget B ≤ H × D, D the smallest divisor over the account's markets:
 * an order of notional n has an initial margin of at most ⌈n / d_m⌉ ≤ (n + D) / D in its market m,
 * so spending n + D of the budget per resting order keeps the margins within H, and a check or a
 * spend is a comparison and a subtraction, no division. The budget lives on the account's first
 * market entry ({@link MarginPosition#holder}), so that an order of an account in one market reaches
 * it without a hop to the account. It is valid while its
 * {@link MarginPosition#headroomEpoch} equals the band epoch or the count of price moves (below),
 * or, for an account without positions, until the account changes ({@link #valid}); a fill
 * moves it by a lower bound of the change of H in the fill's market, from the fill's quote, fee
 * and size alone ({@link #moveByFill}), so the fill's accounts keep a valid budget without a
 * recomputation over their markets.
 *
 * <p>A price move need not end the budget either: a recomputation holds half of H back and gives
 * each position a band of prices ({@link MarginPositionCold#bandLow}, {@link MarginPositionCold#bandHigh})
 * over which its market's part of H cannot fall by more than its share of that half
 * ({@link HeadroomBands}). While every position's market is priced inside its band the budget still
 * bounds H from below, so it stays valid without a recomputation; a price outside a band, or a
 * fill (which changes the position the band was computed for), ends that. The bands decide only whether the one-comparison path
 * may answer; what it answers is always what the exact check would.
 *
 * <p>Two counters say which budgets a price move leaves valid. A budget valid at the current prices
 * only (a fill moved it) stores the count of margined price moves, which every move changes. A budget
 * valid over bands (computed, or re-checked inside its bands) stores the band epoch, which moves only
 * when a market's new price leaves the narrowest band in force there ({@link MarketBand}): an oracle
 * tick inside every band, or in a market where no banded budget holds a position, leaves those budgets
 * valid without sending each account's next order through its bands again.
 */
final class MarginHeadroom {

    /** The largest budget kept (a larger one is capped here: sums of it stay inside 64 bits). */
    static final long MAX_BUDGET = Long.MAX_VALUE / 2;

    /**
     * The count of margined price moves, in steps of 2 (even): what a budget valid at the current
     * prices only stores. Never 0, the invalid mark.
     */
    private long priceMoves = 2;
    /**
     * Odd (never a count of moves, never 0): moved to the count + 1 when a price leaves the narrowest
     * band in force in its market; what a budget valid over its bands stores.
     */
    private long bandEpoch = 1;
    /**
     * How many budget holders store {@link #bandEpoch}, {@link #priceMoves}, or neither (0 or an
     * epoch a price move has passed): every write of {@link MarginPosition#headroomEpoch} goes through
     * {@link #stamp}, and {@link #priceMoved} moves the holders of an epoch it ends to the third count.
     * While that one is 0 every account's budget is valid as stored ({@link #allCurrent}).
     */
    private long atBand;
    private long atMoves;
    private long notCurrent;

    /**
     * True while the account's budget is valid: computed at the current prices, or over bands that
     * hold every current price, or computed since the account last changed and the account holds
     * no position (its headroom, collateral minus the orders' margin bound, then depends on no
     * price: before a market's first mark its price is the last trade, which every fill moves).
     */
    boolean valid(MarginAccount account) {
        return account.budgetEntry != null && valid(account.budgetEntry);
    }

    /** {@link #valid(MarginAccount)} for the entry that holds the account's budget. */
    private boolean valid(MarginPosition holder) {
        long epoch = holder.headroomEpoch;
        if (epoch == bandEpoch || epoch == priceMoves) {
            return true;
        }
        if (epoch == 0) {
            return false;
        }
        boolean inside;
        if (!holder.shared) {
            // the account's only market: no need to reach the account
            inside = holder.size == 0
                    || (holder.banded || HeadroomBands.sinceFill(holder)) && HeadroomBands.within(holder, bandEpoch);
        } else {
            MarginAccount account = holder.account;
            inside = account.openPositions == 0 || holder.banded && HeadroomBands.withinAll(account, bandEpoch);
        }
        if (!inside) {
            // Never valid again: while it is not, orders rest without spending it, so a price back
            // inside the bands must not bring it back.
            stamp(holder, 0);
            return false;
        }
        // the prices are in the bands, which the markets' narrowest bands now hold, until one leaves them
        stamp(holder, bandEpoch);
        return true;
    }

    /**
     * True when {@code extraNotional} more on one side of the position's market certainly fits: its
     * initial margin is within the account's headroom. The margin bound of a market grows by at most
     * the initial margin of what is added to one side (ceilings and max are subadditive), so this
     * never admits what the exact check would reject.
     */
    boolean covers(MarginPosition p, long extraNotional) {
        MarginPosition holder = p.holder;
        if ((!valid(holder) || p.marginDivisor == 0) && !refresh(p.account)) {
            return false;
        }
        return extraNotional <= holder.budget - holder.budgetDivisor;
    }

    /** Recomputes the account's budget; false (and left invalid) when the headroom is negative or overflows. */
    boolean refresh(MarginAccount account) {
        MarginPosition holder = account.budgetEntry;
        long divisor = MarketSpec.BPS;
        for (int i = 0; i < account.marketCount; i++) {
            MarginPosition p = account.markets[i];
            if (p.marginDivisor == 0) {
                p.setMarginDivisor(Math.min(p.leverage, MarketSpec.BPS / p.book.spec.risk().imrBps()));
            }
            divisor = Math.min(divisor, p.marginDivisor);
        }
        stamp(holder, 0); // until the end: an overflow leaves it invalid too
        long headroom = MarginMath.headroom(account);
        if (headroom < 0) {
            return false;
        }
        int positions = account.openPositions;
        holder.banded = positions > 0;
        holder.fillPrice = 0;
        if (positions > 0) {
            // Half the headroom is held back for the prices to move in: each position gets its share
            // and a band of prices over which its market cannot take more than that share away.
            long share = headroom / 2 / positions;
            headroom -= share * positions;
            for (int i = 0; i < account.marketCount; i++) {
                MarginPosition p = account.markets[i];
                if (p.size != 0) {
                    HeadroomBands.set(p, share, MarginMath.price(p.book));
                    p.book.margin.band.enforce(bandEpoch, p.cold.bandLow, p.cold.bandHigh);
                }
            }
        }
        holder.budget = headroom > MAX_BUDGET / divisor ? MAX_BUDGET : headroom * divisor;
        holder.budgetDivisor = divisor;
        stamp(holder, bandEpoch);
        return true;
    }

    /** Takes the initial margin of what an order side grew by out of the account's budget. */
    void spend(MarginPosition p, long notional) {
        MarginPosition holder = p.holder;
        if (valid(holder)) {
            if (p.marginDivisor != 0 && notional <= holder.budget - holder.budgetDivisor) {
                holder.budget -= notional + holder.budgetDivisor;
            } else {
                stamp(holder, 0);
            }
        }
    }

    /**
     * True when a fill may move the position's account's budget ({@link #moveByFill}): the budget is
     * valid (at the current prices) and the market's divisor known. Asked before the fill changes
     * the position, since the bands are checked for the position they were computed for.
     */
    boolean movable(MarginPosition p) {
        return valid(p.holder) && p.marginDivisor != 0;
    }

    /**
     * Moves the account's budget by a lower bound of what a fill in the position's market changed
     * its headroom by, without recomputing the market's part. With D the budget divisor, d ≥ D the
     * market's divisor, q the fill's size signed for this account (positive: it bought), m the
     * market's price (the fill's own price before the first mark) and ⌊m × |q|⌋ = {@code valued}:
     *
     * <ul>
     *   <li>collateral − entry cost moves by exactly the signed quote minus the fee (the realised
     *       PnL moves between the two and cancels out);</li>
     *   <li>the value, ⌊m × size⌋ for either sign, grows by at least ⌊m × q⌋: {@code valued} for a
     *       buy, −valued − 1 for a sell;</li>
     *   <li>the position's term ⌈N / d⌉ (N = ⌈m × |size|⌉) grows, when |size| grows, by at most
     *       ⌈(valued + 1) / d⌉, which is at most (valued + D) / D; when the fill only reduces the
     *       position (|q| off |size|) it falls by at least (valued − D + 1) / D if d = D, else by at
     *       least 0;</li>
     *   <li>the larger order side's term ⌈X / d⌉ never grows in a fill (the maker's side shrinks,
     *       the taker's is as it was) and falls by at least (X − X' − D + 1) / D if d = D.</li>
     * </ul>
     *
     * Times D, every bound is a sum of products and comparisons, no division. True when the budget
     * is still valid, which proves the account above its maintenance margin (imr_bps &gt; mmr_bps);
     * false when it was not valid before the fill ({@code movable} false, or invalidated since) or
     * the bound takes it below 0 (it is then invalid, and the exact check decides).
     *
     * @param seller -1 when the account sold, 0 when it bought
     * @param sizeBefore the position's size before the fill
     * @param sizeAfter the position's size after it (the caller's own sum: not read back from the
     *        position it has just stored)
     * @param sideBefore the larger order side's notional before the fill
     * @param sideAfter the larger order side's notional after the fill's booking, likewise
     */
    boolean moveByFill(MarginPosition p, boolean movable, long seller, long quantity, long valued, long quote,
            long fee, long sizeBefore, long sizeAfter, long sideBefore, long sideAfter) {
        MarginPosition holder = p.holder;
        long epoch = holder.headroomEpoch;
        if (!movable || epoch != bandEpoch && epoch != priceMoves) {
            stamp(holder, 0);
            return false;
        }
        long divisor = holder.budgetDivisor;
        // value at least ⌊m × q⌋ minus the signed quote minus the fee: x ^ -1 = -x - 1
        long change = (valued ^ seller) - (quote ^ seller) + seller - fee;
        long before = Math.abs(sizeBefore);
        long after = Math.abs(sizeAfter);
        boolean exactDivisor = p.marginDivisor == divisor;
        long term;
        if (after > before) {
            term = valued + divisor;
        } else if (exactDivisor && after + quantity == before) {
            term = Math.min(0, divisor - 1 - valued);
        } else {
            term = 0;
        }
        long sideFall = sideBefore - sideAfter;
        long sideRefund = exactDivisor ? Math.max(0, sideFall - divisor + 1) : 0;
        long delta;
        try {
            delta = Math.addExact(Math.subtractExact(Math.multiplyExact(change, divisor), term), sideRefund);
        } catch (ArithmeticException e) {
            stamp(holder, 0);
            return false;
        }
        long budget = holder.budget;
        if (delta < -budget) {
            stamp(holder, 0);
            return false;
        }
        holder.budget = delta > MAX_BUDGET - budget ? MAX_BUDGET : budget + delta;
        // valid at the current prices now, even if it was kept for holding no position or over a
        // band: the fill changed the position, so the bands no longer bound what a price move takes
        stamp(holder, priceMoves);
        holder.banded = false;
        holder.fillPrice = holder.shared ? 0 : MarginMath.price(p.book);
        return true;
    }

    /**
     * True when the position's account has a budget valid at the current epoch (bands not asked) and
     * the market's divisor is known: its headroom, with every order at its price bound, is not negative, so a rise of an order's price
     * within its bound (which the totals already hold) keeps the margin used within equity.
     */
    boolean reserves(MarginPosition p) {
        // only the common case, a budget stamped with a current epoch; the general path asks the rest
        long epoch = p.holder.headroomEpoch;
        return (epoch == bandEpoch | epoch == priceMoves) & p.marginDivisor != 0;
    }

    /**
     * Takes {@code notional}, which {@link #covers} just found covered, out of the budget; nothing
     * for 0 (an order side that did not grow in notional needs no margin from it).
     */
    void take(MarginPosition p, long notional) {
        if (notional > 0) {
            MarginPosition holder = p.holder;
            holder.budget -= notional + holder.budgetDivisor;
        }
    }

    /** The budget of the position's account no longer bounds its headroom. */
    void invalidate(MarginPosition p) {
        stamp(p.holder, 0);
    }

    /**
     * A margined market's price may have moved: budgets valid at the old prices only are stale, and
     * budgets valid over bands too if the new price leaves the market's narrowest band in force.
     */
    void priceMoved(OrderBook book) {
        long price = MarginMath.price(book);
        MarketBand band = book.margin.band;
        if (price == band.price) {
            return;
        }
        band.price = price;
        priceMoves += 2;
        notCurrent += atMoves;
        atMoves = 0;
        if (!band.holds(bandEpoch, price)) {
            bandEpoch = priceMoves + 1;
            notCurrent += atBand;
            atBand = 0;
        }
    }

    /** The account's leverage or collateral changed outside a fill: its budget is stale. */
    void invalidate(MarginAccount account) {
        if (account.budgetEntry != null) {
            stamp(account.budgetEntry, 0);
        }
    }

    /** A new budget holder, which stores 0 (not valid) until its budget is computed. */
    void holderCreated() {
        notCurrent++;
    }

    /**
     * True when every account's budget stores a current epoch, so is valid as stored: what
     * {@link #reserves} asks of one account, answered for all without reading any. (A valid budget
     * implies the divisors {@code reserves} also asks for: {@link #refresh} sets every market's, and a
     * market whose divisor is 0, new or after a leverage change, invalidates the budget when an order
     * is booked there ({@link #spend}) or the leverage set.)
     */
    boolean allCurrent() {
        return notCurrent == 0;
    }

    /**
     * True when the price falls, or when every account's budget is current ({@link #allCurrent}):
     * one test of a sign bit, not first a branch on whether the price fell, which the workload's
     * in-cell amends do at random (a branch on it is mispredicted about every second amend).
     */
    boolean fallOrAllCurrent(long price, long newPrice) {
        // newPrice − price < 0 on a fall (both positive: no overflow); notCurrent − 1 < 0 when it is 0
        return ((newPrice - price) | (notCurrent - 1)) < 0;
    }

    /** True when the holder stores a current epoch (valid without asking its bands). */
    boolean current(MarginPosition holder) {
        long epoch = holder.headroomEpoch;
        return epoch == bandEpoch || epoch == priceMoves;
    }

    /** Writes a holder's epoch, keeping the counts of {@link #allCurrent} (odd epochs are band epochs). */
    void stamp(MarginPosition holder, long epoch) {
        long old = holder.headroomEpoch;
        if (old == epoch) {
            return;
        }
        if (old == bandEpoch) {
            atBand--;
        } else if (old == priceMoves) {
            atMoves--;
        } else {
            notCurrent--;
        }
        if (epoch == bandEpoch) {
            atBand++;
        } else if (epoch == priceMoves) {
            atMoves++;
        } else {
            notCurrent++;
        }
        holder.headroomEpoch = epoch;
    }
}
