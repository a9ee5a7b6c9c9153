package io.hyperperp.server.backend;

/**
 * 24-hour statistics of one market (scaled longs; 0 when there was no trade).
 *
 * @param lastPrice  last trade price ever (0 if none)
 * @param openPrice  first trade price in the window (0 if none)
 * @param high       highest price in the window
 * @param low        lowest price in the window
 * @param volume     summed size in the window
 * @param tradeCount trades in the window
 */
public record MarketStats(long lastPrice, long openPrice, long high, long low, long volume, long tradeCount) {

    /** No trades. */
    public static final MarketStats EMPTY = new MarketStats(0, 0, 0, 0, 0, 0);
}
