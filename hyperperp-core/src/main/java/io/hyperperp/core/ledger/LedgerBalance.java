package io.hyperperp.core.ledger;

/**
 * A user's settled cash flows across markets, quote × 10^8.
 *
 * @param userAddress user
 * @param realizedPnl realised profit and loss
 * @param feesPaid    fees paid (negative when rebates exceed fees)
 */
public record LedgerBalance(String userAddress, long realizedPnl, long feesPaid) {

    /** Realised PnL net of fees. */
    public long net() {
        return realizedPnl - feesPaid;
    }
}
