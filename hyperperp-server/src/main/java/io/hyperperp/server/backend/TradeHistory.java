package io.hyperperp.server.backend;

import java.util.List;

/** Trades and per-market 24-hour statistics. */
public interface TradeHistory {

    /** No market filter. */
    long ANY_MARKET = -1;

    /**
     * Trades, newest first.
     *
     * @param marketId    market or {@link #ANY_MARKET}
     * @param userAddress taker or maker, or null for everyone (then a market is required)
     * @param limit       at most this many
     */
    List<TradeRecord> trades(long marketId, String userAddress, int limit);

    /** Statistics of the last 24 hours up to {@code nowMicros}. */
    MarketStats stats(long marketId, long nowMicros);
}
