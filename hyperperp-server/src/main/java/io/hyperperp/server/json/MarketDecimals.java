package io.hyperperp.server.json;

import io.hyperperp.core.market.MarketRegistry;
import io.hyperperp.core.market.MarketSpec;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The spec (and so the decimals) used to format a market's numbers: the registry's spec, or the
 * default spec for ids the registry refuses. Caches lookups; thread-safe.
 */
final class MarketDecimals {

    private final MarketRegistry markets;
    private final Map<Long, MarketSpec> cache = new ConcurrentHashMap<>();

    MarketDecimals(MarketRegistry markets) {
        this.markets = Objects.requireNonNull(markets, "markets");
    }

    MarketSpec spec(long marketId) {
        MarketSpec spec = cache.get(marketId);
        if (spec == null) {
            spec = markets.find(marketId).orElseGet(() -> MarketSpec.defaults(Math.max(0, marketId)));
            if (cache.size() < 10_000) {
                cache.put(marketId, spec);
            }
        }
        return spec;
    }
}
