package io.hyperperp.core.settlement;

/**
 * Batcher settings. Defaults follow the seed: 10 fills per batch, 5 s timeout, 5% price slippage.
 *
 * @param batchSize          seal a market's batch when it has this many fills ({@code HYPERPERP_SETTLEMENT__BATCH_SIZE})
 * @param batchTimeoutMillis seal it this long after its first fill ({@code __BATCH_TIMEOUT_SECS})
 * @param batchTtlSeconds    expiry = seal time + this
 * @param maxSlippageBps     price bounds around the fills ({@code __MAX_PRICE_SLIPPAGE} 0.05 = 500 bps)
 * @param maxInFlight        batches being settled at once
 * @param retryInitialMillis first back-off after a transient failure
 * @param retryMaxMillis     back-off ceiling
 * @param jitterSeed         seed of the back-off jitter (deterministic tests)
 */
public record SettlementConfig(int batchSize, long batchTimeoutMillis, long batchTtlSeconds, int maxSlippageBps,
                               int maxInFlight, long retryInitialMillis, long retryMaxMillis, long jitterSeed) {

    /** Validates the settings. */
    public SettlementConfig {
        if (batchSize < 1) {
            throw new IllegalArgumentException("settlement batch_size must be at least 1");
        }
        if (batchTimeoutMillis < 1) {
            throw new IllegalArgumentException("settlement batch_timeout must be positive");
        }
        if (batchTtlSeconds < 1) {
            throw new IllegalArgumentException("settlement batch_ttl must be positive");
        }
        if (maxSlippageBps < 0 || maxSlippageBps >= 10_000) {
            throw new IllegalArgumentException("settlement max_price_slippage must be in [0, 1)");
        }
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("settlement max_in_flight must be at least 1");
        }
        if (retryInitialMillis < 1 || retryMaxMillis < retryInitialMillis) {
            throw new IllegalArgumentException("settlement retry back-off must be 1 <= initial <= max");
        }
    }

    /** The defaults: 10 fills, 5 s, 300 s TTL, 5%, 8 in flight, retries 200 ms to 30 s. */
    public static SettlementConfig defaults() {
        return new SettlementConfig(10, 5_000, 300, 500, 8, 200, 30_000, 1);
    }

    /** A copy with another batch size and timeout. */
    public SettlementConfig withBatching(int size, long timeoutMillis) {
        return new SettlementConfig(size, timeoutMillis, batchTtlSeconds, maxSlippageBps, maxInFlight,
                retryInitialMillis, retryMaxMillis, jitterSeed);
    }

    /** A copy with another retry back-off. */
    public SettlementConfig withRetry(long initialMillis, long maxMillis) {
        return new SettlementConfig(batchSize, batchTimeoutMillis, batchTtlSeconds, maxSlippageBps, maxInFlight,
                initialMillis, maxMillis, jitterSeed);
    }
}
