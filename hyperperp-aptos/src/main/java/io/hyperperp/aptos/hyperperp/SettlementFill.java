package io.hyperperp.aptos.hyperperp;

import io.hyperperp.aptos.account.AccountAddress;
import io.hyperperp.aptos.bcs.BcsWriter;
import java.math.BigInteger;
import java.util.Objects;

/**
 * One fill as the HyperPerp contract's {@code BatchFill} sees it. The deployed contract books the
 * taker long and the maker short whatever the real taker side was.
 *
 * @param taker taker account
 * @param maker maker account
 * <p>The u64 fields are the 64 bits of a {@code long}: the whole u64 range, values of 2^63 and above
 * being negative longs (compare them with {@link Long#compareUnsigned}).
 *
 * @param marketId market id (u64, ids start at 1)
 * @param size size in the market's base units (u128)
 * @param priceX price times 1e8 (u64)
 * @param feeBps fee in basis points (u64)
 * @param ts fill timestamp (u64)
 */
public record SettlementFill(AccountAddress taker, AccountAddress maker, long marketId, BigInteger size,
                             long priceX, long feeBps, long ts) {
    /** Validates ranges (size fits u128; every long is a valid u64). */
    public SettlementFill {
        Objects.requireNonNull(taker, "taker");
        Objects.requireNonNull(maker, "maker");
        Objects.requireNonNull(size, "size");
        if (size.signum() < 0 || size.compareTo(BcsWriter.U128_MAX) > 0) {
            throw new IllegalArgumentException("size must be a u128, got " + size);
        }
    }

    /** Convenience constructor for sizes that fit a long. */
    public SettlementFill(AccountAddress taker, AccountAddress maker, long marketId, long size,
                          long priceX, long feeBps, long ts) {
        this(taker, maker, marketId, BigInteger.valueOf(size), priceX, feeBps, ts);
    }
}
