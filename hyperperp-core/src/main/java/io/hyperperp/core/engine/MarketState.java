package io.hyperperp.core.engine;

import io.hyperperp.core.market.MarketSpec;

/**
 * What an engine image keeps per opened market besides its orders.
 *
 * @param spec           the spec the book was opened with
 * @param lastTradePrice last traded price, or 0
 * @param lastSequence   sequence of the last event that changed the book
 * @param markPrice      the oracle's mark price, or 0
 */
public record MarketState(MarketSpec spec, long lastTradePrice, long lastSequence, long markPrice) {

    /** A market state without a mark price. */
    public MarketState(MarketSpec spec, long lastTradePrice, long lastSequence) {
        this(spec, lastTradePrice, lastSequence, 0);
    }
}
