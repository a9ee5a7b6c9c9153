package io.hyperperp.core.engine.internal;

import io.hyperperp.core.decimal.FixedPoint;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps the liquidation index of every margined market ({@link MarginBook}) keyed: accounts whose
 * equity or positions changed are queued and re-keyed before the next mark update looks.
 */
final class LiquidationKeys {

    private final MarginLedger ledger;
    /** Accounts whose keys are stale. */
    private final List<MarginAccount> stale = new ArrayList<>();

    LiquidationKeys(MarginLedger ledger) {
        this.ledger = ledger;
    }

    /**
     * Re-keys the queued accounts in the liquidation index of each of their markets, before a mark
     * update looks at it. An account holding positions whose headroom budget is valid at the new
     * prices stays queued instead: a valid budget proves it above its maintenance margin, so no mark
     * of this update can liquidate it, and the first update at which the budget no longer holds
     * re-keys it before it looks. Its old keys may meanwhile name it as crossed, which only adds it
     * to the exact check. An oracle that ticks inside the budgets' bands then re-keys nobody.
     */
    void refresh() {
        int kept = 0;
        for (int i = 0; i < stale.size(); i++) {
            MarginAccount account = stale.get(i);
            if (account.openPositions > 0 && ledger.headroom.valid(account)) {
                stale.set(kept++, account);
            } else {
                account.dirty = false;
                reindex(account);
            }
        }
        stale.subList(kept, stale.size()).clear();
    }

    /**
     * Keys each of the account's positions at the price where that market alone would use up its
     * share of the account's slack (equity − maintenance), shares in proportion to the markets'
     * notionals. Equity − maintenance is a sum of one term per market, so while no market's mark
     * has crossed its key the account is solvent whatever the other marks did: a mark update
     * needs to visit only the positions it crossed, even for accounts in several markets.
     */
    private void reindex(MarginAccount account) {
        try {
            long equity = MarginMath.equity(account);
            long maintenance = MarginMath.maintenance(account);
            long slack = Math.subtractExact(equity, maintenance);
            long totalNotional = 0;
            if (account.openPositions > 1 && slack > 0) {
                for (int i = 0; i < account.marketCount; i++) {
                    totalNotional = Math.addExact(totalNotional, MarginMath.notional(account.markets[i]));
                }
            }
            for (int i = 0; i < account.marketCount; i++) {
                MarginPosition p = account.markets[i];
                if (p.size != 0) {
                    long share = totalNotional == 0 ? slack
                            : FixedPoint.mulDivFloor(slack, MarginMath.notional(p), totalNotional);
                    long restEquity = Math.subtractExact(Math.subtractExact(equity, MarginMath.value(p)),
                            slack - share);
                    p.book.margin.reindex(p, restEquity, maintenance - MarginMath.maintenance(p));
                }
            }
        } catch (ArithmeticException e) {
            // Values too large to key: checked directly after the command instead.
            ledger.queueCheck(account);
        }
    }

    /** Queues an account to be re-keyed before the next mark update looks at the index. */
    void restale(MarginAccount account) {
        if (!account.dirty) {
            account.dirty = true;
            stale.add(account);
        }
    }
}
