package io.hyperperp.core.settlement;

/**
 * Batcher settings. Defaults follow the seed: 10 fills per batch, 5 s timeout, 5% price slippage.
 * {@link #fromEnv} reads them from {@code HYPERPERP_SETTLEMENT__*} variables (see docs/settlement.md).
 *
 * @param batchSize          seal a market's batch when it has this many fills ({@code HYPERPERP_SETTLEMENT__BATCH_SIZE})
 * @param batchTimeoutMillis seal it this long after its first fill ({@code __BATCH_TIMEOUT_SECS})
 * @param batchTtlSeconds    expiry = seal time + this ({@code __BATCH_TTL_SECS})
 * @param maxSlippageBps     price bounds around the fills ({@code __MAX_PRICE_SLIPPAGE} 0.05 = 500 bps)
 * @param maxInFlight        batches being settled at once ({@code __MAX_IN_FLIGHT})
 * @param retryInitialMillis first back-off after a transient failure ({@code __RETRY_INITIAL_MS})
 * @param retryMaxMillis     back-off ceiling ({@code __RETRY_MAX_MS})
 * @param jitterSeed         seed of the back-off jitter (deterministic tests; {@code __JITTER_SEED})
 */
public record SettlementConfig(int batchSize, long batchTimeoutMillis, long batchTtlSeconds, int maxSlippageBps,
                               int maxInFlight, long retryInitialMillis, long retryMaxMillis, long jitterSeed) {

    /** Validates the settings. */
    public SettlementConfig {
        // The messages name the server's settings (HYPERPERP_SETTLEMENT__* are the same names in upper case).
        if (batchSize < 1) {
            throw new IllegalArgumentException("settlement.batch_size must be at least 1 (got " + batchSize + ")");
        }
        if (batchTimeoutMillis < 1) {
            throw new IllegalArgumentException("settlement.batch_timeout_secs must be at least 0.001 (got "
                    + batchTimeoutMillis + " ms)");
        }
        if (batchTtlSeconds < 1) {
            throw new IllegalArgumentException("settlement.batch_ttl_secs must be at least 1 (got " + batchTtlSeconds
                    + ")");
        }
        if (maxSlippageBps < 0 || maxSlippageBps >= 10_000) {
            throw new IllegalArgumentException("settlement.max_price_slippage must be in [0, 1) (got " + maxSlippageBps
                    + " bps)");
        }
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("settlement.max_in_flight must be at least 1 (got " + maxInFlight + ")");
        }
        if (retryInitialMillis < 1 || retryMaxMillis < retryInitialMillis) {
            throw new IllegalArgumentException("settlement.retry_initial_ms must be at least 1 and at most "
                    + "settlement.retry_max_ms (got " + retryInitialMillis + " and " + retryMaxMillis + ")");
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

    /** A copy with another batch TTL. */
    public SettlementConfig withTtl(long ttlSeconds) {
        return new SettlementConfig(batchSize, batchTimeoutMillis, ttlSeconds, maxSlippageBps, maxInFlight,
                retryInitialMillis, retryMaxMillis, jitterSeed);
    }

    /** A copy with another price slippage. */
    public SettlementConfig withSlippageBps(int bps) {
        return new SettlementConfig(batchSize, batchTimeoutMillis, batchTtlSeconds, bps, maxInFlight,
                retryInitialMillis, retryMaxMillis, jitterSeed);
    }

    /** A copy with another in-flight limit. */
    public SettlementConfig withMaxInFlight(int value) {
        return new SettlementConfig(batchSize, batchTimeoutMillis, batchTtlSeconds, maxSlippageBps, value,
                retryInitialMillis, retryMaxMillis, jitterSeed);
    }

    /** A copy with another jitter seed. */
    public SettlementConfig withJitterSeed(long seed) {
        return new SettlementConfig(batchSize, batchTimeoutMillis, batchTtlSeconds, maxSlippageBps, maxInFlight,
                retryInitialMillis, retryMaxMillis, seed);
    }

    /** Environment variable prefix. */
    public static final String ENV_PREFIX = "HYPERPERP_SETTLEMENT__";

    /**
     * The defaults overridden by whichever of these variables are set: {@code BATCH_SIZE},
     * {@code BATCH_TIMEOUT_SECS} (decimal seconds, whole milliseconds), {@code BATCH_TTL_SECS},
     * {@code MAX_PRICE_SLIPPAGE} (a fraction such as 0.05, whole basis points), {@code MAX_IN_FLIGHT},
     * {@code RETRY_INITIAL_MS}, {@code RETRY_MAX_MS}, {@code JITTER_SEED}, each after
     * {@link #ENV_PREFIX}. Malformed values are errors, never silently ignored.
     */
    public static SettlementConfig fromEnv(java.util.Map<String, String> env) {
        SettlementConfig d = defaults();
        try {
            int size = intOf("BATCH_SIZE", longVar(env, "BATCH_SIZE", d.batchSize));
            long timeout = scaledVar(env, "BATCH_TIMEOUT_SECS", 3, d.batchTimeoutMillis);
            long ttl = longVar(env, "BATCH_TTL_SECS", d.batchTtlSeconds);
            int slippage = intOf("MAX_PRICE_SLIPPAGE", scaledVar(env, "MAX_PRICE_SLIPPAGE", 4, d.maxSlippageBps));
            int inFlight = intOf("MAX_IN_FLIGHT", longVar(env, "MAX_IN_FLIGHT", d.maxInFlight));
            long initial = longVar(env, "RETRY_INITIAL_MS", d.retryInitialMillis);
            long max = longVar(env, "RETRY_MAX_MS", d.retryMaxMillis);
            long seed = longVar(env, "JITTER_SEED", d.jitterSeed);
            return new SettlementConfig(size, timeout, ttl, slippage, inFlight, initial, max, seed);
        } catch (ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException("invalid " + ENV_PREFIX + "* setting: " + e.getMessage(), e);
        }
    }

    private static String var(java.util.Map<String, String> env, String name) {
        String value = env.get(ENV_PREFIX + name);
        if (value == null || value.isBlank()) {
            return null;
        }
        return value.trim();
    }

    private static int intOf(String name, long value) {
        if (value != (int) value) {
            throw new NumberFormatException(ENV_PREFIX + name + "=" + value + " is too large");
        }
        return (int) value;
    }

    /** A decimal variable in units of 10^-{@code decimals} (seconds as milliseconds: 3), named when malformed. */
    private static long scaledVar(java.util.Map<String, String> env, String name, int decimals, long fallback) {
        String value = var(env, name);
        if (value == null) {
            return fallback;
        }
        try {
            return new java.math.BigDecimal(value).movePointRight(decimals).longValueExact();
        } catch (NumberFormatException e) {
            throw new NumberFormatException(ENV_PREFIX + name + "=" + value + " is not a decimal number");
        } catch (ArithmeticException e) {
            throw new NumberFormatException(ENV_PREFIX + name + "=" + value + " has more than " + decimals
                    + " decimal places or is too large");
        }
    }

    private static long longVar(java.util.Map<String, String> env, String name, long fallback) {
        String value = var(env, name);
        if (value == null) {
            return fallback;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new NumberFormatException(ENV_PREFIX + name + "=" + value + " is not a whole number");
        }
    }

    /** A copy with another retry back-off. */
    public SettlementConfig withRetry(long initialMillis, long maxMillis) {
        return new SettlementConfig(batchSize, batchTimeoutMillis, batchTtlSeconds, maxSlippageBps, maxInFlight,
                initialMillis, maxMillis, jitterSeed);
    }
}
