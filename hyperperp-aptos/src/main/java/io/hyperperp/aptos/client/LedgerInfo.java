package io.hyperperp.aptos.client;

/**
 * The node's view of the ledger ({@code GET /}).
 *
 * @param chainId chain id
 * @param ledgerVersion latest committed version
 * @param ledgerTimestampMicros ledger time in microseconds since the epoch
 */
public record LedgerInfo(int chainId, long ledgerVersion, long ledgerTimestampMicros) {
    /** Ledger time in whole seconds, the unit of {@code expiration_timestamp_secs}. */
    public long ledgerTimestampSecs() {
        return ledgerTimestampMicros / 1_000_000L;
    }
}
