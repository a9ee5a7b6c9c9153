package io.hyperperp.server.backend;

import java.math.BigDecimal;
import java.util.List;

/** Reads the append-only ledger of accounts (kept by the persistent backend, docs/persistence.md). */
public interface AccountLedger {

    /**
     * One ledger entry; amounts are collateral, sizes and prices in the market's units, all exact.
     *
     * @param entryNumber   position in the ledger (increasing)
     * @param commandNumber the command that caused it
     * @param marketId      the market, or null for account-wide entries
     * @param kind          deposit, withdrawal, fee, funding, realised_pnl, liquidation or insurance
     * @param detail        for liquidation and insurance: liquidation_fee, account_liquidated, takeover or adl
     * @param amount        the signed change of the account's collateral
     * @param size          position size concerned, or null
     * @param price         price concerned (mark, bankruptcy price), or null
     * @param counterparty  the other account, or null
     * @param reference     deposit id or trade number, or null
     * @param createdAtMicros commit time, microseconds since the epoch
     */
    record Entry(long entryNumber, long commandNumber, Long marketId, String kind, String detail, BigDecimal amount,
                 BigDecimal size, BigDecimal price, String counterparty, String reference, long createdAtMicros) {
    }

    /** An account's entries, newest first, with entry numbers below {@code before} (Long.MAX_VALUE: all). */
    List<Entry> entries(String address, long before, int limit);
}
