package io.hyperperp.core.engine;

import java.util.List;

/**
 * The top of one market's book (L2), best levels first.
 *
 * @param marketId       market id
 * @param bids           bid levels, highest price first
 * @param asks           ask levels, lowest price first
 * @param sequence       sequence number of the last event that changed the book (0 if none)
 * @param lastTradePrice last traded price, or 0
 */
public record BookDepth(long marketId, List<DepthLevel> bids, List<DepthLevel> asks, long sequence,
                        long lastTradePrice) {

    /** Copies the lists. */
    public BookDepth {
        bids = List.copyOf(bids);
        asks = List.copyOf(asks);
    }

    /** Best bid price or 0. */
    public long bestBid() {
        return bids.isEmpty() ? 0 : bids.get(0).price();
    }

    /** Best ask price or 0. */
    public long bestAsk() {
        return asks.isEmpty() ? 0 : asks.get(0).price();
    }
}
