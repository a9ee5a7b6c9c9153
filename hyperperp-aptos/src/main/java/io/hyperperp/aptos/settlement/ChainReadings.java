package io.hyperperp.aptos.settlement;

import io.hyperperp.aptos.client.AptosClient;
import io.hyperperp.aptos.client.AptosException;
import io.hyperperp.aptos.client.LedgerInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cached node readings of {@link AptosSettlementSink}: the gas price (from the settings, or the
 * node's estimate reused for {@link AptosSettlementSink.Tuning#gasPriceRefresh()}) and ledger time
 * (estimated from the last reading, refreshed after {@link AptosSettlementSink.Tuning#ledgerRefresh()}).
 */
final class ChainReadings {

    private static final Logger LOG = LoggerFactory.getLogger(AptosSettlementSink.class);

    private final AptosClient client;
    private final AptosSettings settings;
    private final AptosSettlementSink.Tuning tuning;

    private volatile long gasPrice;
    private volatile long gasPriceAtNanos;
    private volatile long ledgerMicros = -1;
    private volatile long ledgerAtNanos;

    ChainReadings(AptosClient client, AptosSettings settings, AptosSettlementSink.Tuning tuning) {
        this.client = client;
        this.settings = settings;
        this.tuning = tuning;
    }

    long gasPrice() {
        if (settings.gasPrice() > 0) {
            return settings.gasPrice();
        }
        long now = System.nanoTime();
        if (gasPrice == 0 || now - gasPriceAtNanos > tuning.gasPriceRefresh().toNanos()) {
            try {
                gasPrice = Math.max(1, client.estimateGasPrice().regular());
                gasPriceAtNanos = now;
            } catch (AptosException e) {
                if (gasPrice == 0) {
                    throw e;
                }
                LOG.debug("gas estimate failed; keeping {}: {}", gasPrice, e.getMessage());
            }
        }
        return gasPrice;
    }

    void noteLedger(LedgerInfo info) {
        ledgerMicros = info.ledgerTimestampMicros();
        ledgerAtNanos = System.nanoTime();
    }

    /** Ledger time now, estimated from the last reading plus local time elapsed (refreshed when old). */
    long estimatedLedgerSecs() {
        long now = System.nanoTime();
        if (ledgerMicros < 0 || now - ledgerAtNanos > tuning.ledgerRefresh().toNanos()) {
            noteLedger(client.ledgerInfo());
            now = System.nanoTime();
        }
        return (ledgerMicros + (now - ledgerAtNanos) / 1_000) / 1_000_000L;
    }
}
