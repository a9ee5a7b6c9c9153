package io.hyperperp.core.ledger;

/**
 * A settled position as the ledger keeps it. Notional and PnL are quote amounts × 10^8.
 *
 * @param userAddress   user
 * @param marketId      market
 * @param size          signed size in base units (positive long, negative short, 0 flat)
 * @param entryNotional cost of the open position at average entry, quote × 10^8
 * @param realizedPnl   profit realised by reducing the position, quote × 10^8
 */
public record LedgerPosition(String userAddress, long marketId, long size, long entryNotional, long realizedPnl) {
}
