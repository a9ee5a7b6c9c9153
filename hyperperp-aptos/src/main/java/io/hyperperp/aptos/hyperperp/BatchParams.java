package io.hyperperp.aptos.hyperperp;

import io.hyperperp.aptos.account.AccountAddress;
import java.util.Objects;

/**
 * The per-batch arguments of {@code apply_batch_v} / {@code apply_batch_simple}. The contract
 * aborts with {@code E_BATCH_EXPIRED} unless {@code oracleTs <= expiry} and with
 * {@code E_PRICE_OUT_OF_BOUNDS} unless {@code minPx <= priceX <= maxPx} for every fill.
 *
 * <p>The u64 fields are the 64 bits of a {@code long}: values of 2^63 and above are negative longs,
 * and the contract compares them unsigned.
 *
 * @param oracleTs oracle timestamp (u64)
 * @param minPx lowest acceptable {@code price_x} (u64)
 * @param maxPx highest acceptable {@code price_x} (u64)
 * @param expiry batch expiry (u64, same unit as oracleTs)
 * @param eventsAddr address whose event handles receive the fill events
 */
public record BatchParams(long oracleTs, long minPx, long maxPx, long expiry, AccountAddress eventsAddr) {
    /** Checks the address; every long is a valid u64. */
    public BatchParams {
        Objects.requireNonNull(eventsAddr, "eventsAddr");
    }
}
