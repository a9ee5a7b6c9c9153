package io.hyperperp.core.risk;

import java.util.List;

/**
 * The collateral ledger as values, part of an {@link io.hyperperp.core.engine.EngineImage}: enough
 * to rebuild every account exactly (the per-side order totals are rebuilt from the open orders).
 *
 * @param accountCounter the last account number given
 * @param netDeposits    Σ deposits − Σ withdrawals
 * @param depositIds     every deposit id seen, sorted
 * @param accounts       accounts by number
 */
public record LedgerImage(long accountCounter, long netDeposits, List<String> depositIds, List<Account> accounts) {

    /** No accounts. */
    public static final LedgerImage EMPTY = new LedgerImage(0, 0, List.of(), List.of());

    /** Copies the lists. */
    public LedgerImage {
        depositIds = List.copyOf(depositIds);
        accounts = List.copyOf(accounts);
    }

    /**
     * One account.
     *
     * @param address    its address
     * @param number     its number (order of first use)
     * @param collateral collateral units
     * @param markets    its margined markets, by id
     */
    public record Account(String address, long number, long collateral, List<Market> markets) {

        /** Copies the list. */
        public Account {
            markets = List.copyOf(markets);
        }
    }

    /**
     * An account's state in one market.
     *
     * @param marketId  market
     * @param leverage  chosen leverage
     * @param size      signed position
     * @param entryCost signed entry cost, collateral units
     */
    public record Market(long marketId, int leverage, long size, long entryCost) {
    }
}
