package io.hyperperp.core.engine.internal;

import io.hyperperp.core.market.MarketSpec;

/**
 * Each account's headroom H: equity minus an upper bound of its margin used (every market's
 * position notional and its larger order side, whole, each divided by the market's
 * {@link MarginPosition#marginDivisor} and rounded up). A non-negative H proves the account
 * solvent (the bound is at least the maintenance margin) and lets an order whose initial margin
 * fits in it through with one comparison.
 *
 * <p>H is kept as a notional budget B ≤ H × D, D the smallest divisor over the account's markets:
 * an order of notional n has an initial margin of at most ⌈n / d_m⌉ ≤ (n + D) / D in its market m,
 * so spending n + D of the budget per resting order keeps the margins within H, and a check or a
 * spend is a comparison and a subtraction, no division. The budget is valid while the account's
 * {@link MarginAccount#headroomEpoch} equals the price epoch, which moves with every margined
 * price, or, for an account without positions, until the account changes ({@link #valid}); a fill moves it by the exact change of H in the fill's market ({@link #partial}), so the
 * fill's accounts keep a valid budget without a recomputation over their markets.
 */
final class MarginHeadroom {

    /** What {@link #partial} returns when it cannot tell. */
    static final long UNKNOWN = Long.MIN_VALUE;
    private static final long MAX_BUDGET = Long.MAX_VALUE / 2;

    /** Bumped whenever a margined market's price moves; 0 is never valid. */
    private long priceEpoch = 1;

    /**
     * True while the account's budget is valid: computed at the current prices, or computed since
     * the account last changed and the account holds no position (its headroom, collateral minus
     * the orders' margin bound, then depends on no price: before a market's first mark its price
     * is the last trade, which every fill moves).
     */
    boolean valid(MarginAccount account) {
        return account.headroomEpoch == priceEpoch || account.headroomEpoch != 0 && account.openPositions == 0;
    }

    /**
     * True when {@code extraNotional} more on one side of the position's market certainly fits: its
     * initial margin is within the account's headroom. The margin bound of a market grows by at most
     * the initial margin of what is added to one side (ceilings and max are subadditive), so this
     * never admits what the exact check would reject.
     */
    boolean covers(MarginPosition p, long extraNotional) {
        MarginAccount account = p.account;
        if ((!valid(account) || p.marginDivisor == 0) && !refresh(account)) {
            return false;
        }
        return extraNotional <= account.budget - account.budgetDivisor;
    }

    /** Recomputes the account's budget; false (and left invalid) when the headroom is negative. */
    boolean refresh(MarginAccount account) {
        long divisor = MarketSpec.BPS;
        for (int i = 0; i < account.marketCount; i++) {
            MarginPosition p = account.markets[i];
            if (p.marginDivisor == 0) {
                p.setMarginDivisor(Math.min(p.leverage, MarketSpec.BPS / p.book.spec.risk().imrBps()));
            }
            divisor = Math.min(divisor, p.marginDivisor);
        }
        long headroom = MarginMath.headroom(account);
        if (headroom < 0) {
            return false;
        }
        account.budget = headroom > MAX_BUDGET / divisor ? MAX_BUDGET : headroom * divisor;
        account.budgetDivisor = divisor;
        account.headroomEpoch = priceEpoch;
        return true;
    }

    /** Takes the initial margin of what an order side grew by out of the account's budget. */
    void spend(MarginPosition p, long notional) {
        MarginAccount account = p.account;
        if (valid(account)) {
            if (p.marginDivisor != 0 && notional <= account.budget - account.budgetDivisor) {
                account.budget -= notional + account.budgetDivisor;
            } else {
                account.headroomEpoch = 0;
            }
        }
    }

    /**
     * The part of the account's headroom that the position's market contributes, with the
     * account's collateral: collateral + value − entry cost − ⌈notional / d⌉ − ⌈larger side / d⌉.
     * A fill in that market changes nothing else of H, so H moves by the difference of this before
     * and after the fill. {@link #UNKNOWN} when the budget is not valid (nothing to move).
     */
    long partial(MarginPosition p) {
        if (!valid(p.account) || p.marginDivisor == 0) {
            return UNKNOWN;
        }
        try {
            long notional = MarginMath.notional(p);
            long part = Math.addExact(p.account.collateral, Math.subtractExact(MarginMath.value(p), p.entryCost));
            return Math.subtractExact(part, p.marginBound(notional));
        } catch (ArithmeticException e) {
            return UNKNOWN;
        }
    }

    /**
     * Moves the account's budget by the change of its headroom in the position's market since
     * {@code before} (a {@link #partial} taken then). True when the budget is still valid, which
     * proves the account above its maintenance margin; false when it cannot tell or the headroom
     * went negative (the budget is then invalid).
     */
    boolean moveBy(MarginPosition p, long before) {
        MarginAccount account = p.account;
        long after = before == UNKNOWN ? UNKNOWN : partial(p);
        if (after == UNKNOWN) {
            account.headroomEpoch = 0;
            return false;
        }
        long delta;
        try {
            delta = Math.subtractExact(after, before);
        } catch (ArithmeticException e) {
            account.headroomEpoch = 0;
            return false;
        }
        long divisor = account.budgetDivisor;
        if (delta < 0 && delta < -(account.budget / divisor)) {
            account.headroomEpoch = 0;
            return false;
        }
        account.budget = delta > (MAX_BUDGET - account.budget) / divisor ? MAX_BUDGET : account.budget + delta * divisor;
        // valid at the current prices now even if it was kept only for holding no position
        account.headroomEpoch = priceEpoch;
        return true;
    }

    /** A margined market's price moved: every account's budget is stale. */
    void priceMoved() {
        priceEpoch++;
    }

    /** The account's leverage or collateral changed outside a fill: its budget is stale. */
    void invalidate(MarginAccount account) {
        account.headroomEpoch = 0;
    }
}
