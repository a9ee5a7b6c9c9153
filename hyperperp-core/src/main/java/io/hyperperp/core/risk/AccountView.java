package io.hyperperp.core.risk;

import java.util.List;

/**
 * An account's margin state at the current marks, in collateral units.
 *
 * @param address           the account's address
 * @param collateral        deposits − withdrawals + realised PnL − fees ± funding
 * @param equity            collateral + Σ unrealised PnL at mark
 * @param marginUsed        Σ positions' initial margin at mark + open orders' initial margin
 *                          (per market the worse of the buy and the sell side)
 * @param maintenanceMargin Σ positions' maintenance margin at mark; below it the account is liquidated
 * @param freeCollateral    equity − margin used (what may be withdrawn, if positive)
 * @param positions         open positions and chosen leverages, by market id
 */
public record AccountView(String address, long collateral, long equity, long marginUsed, long maintenanceMargin,
                          long freeCollateral, List<PositionView> positions) {

    /** Copies the list. */
    public AccountView {
        positions = List.copyOf(positions);
    }

    /**
     * One market of an account.
     *
     * @param marketId         market
     * @param size             signed position size (positive long), scaled like the market's sizes
     * @param entryPrice       average entry price (rounded down), or 0 without a position
     * @param entryCost        what opening the position cost, signed like the size, in collateral units
     * @param markPrice        the price positions are valued at (the mark, or the last trade before any mark)
     * @param unrealisedPnl    value at mark − entry cost
     * @param leverage         the account's leverage in this market
     * @param liquidationPrice the mark at which the account would be liquidated if other marks stay, or 0
     */
    public record PositionView(long marketId, long size, long entryPrice, long entryCost, long markPrice,
                               long unrealisedPnl, int leverage, long liquidationPrice) {
    }
}
