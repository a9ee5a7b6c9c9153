package io.hyperperp.core.engine;

import io.hyperperp.core.market.MarketSpec;

/**
 * What an engine image keeps per opened market besides its orders.
 *
 * @param spec           the spec the book was opened with
 * @param lastTradePrice last traded price, or 0
 * @param lastSequence   sequence of the last event that changed the book
 */
public record MarketState(MarketSpec spec, long lastTradePrice, long lastSequence) {
}
