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
    /**
     * The last spec found: one market's answers ask for it again and again, and a boxed key's hash lookup
     * per field costs more than this compare. A racy read is safe: a spec is immutable (final fields).
     */
    private MarketSpec last;

    MarketDecimals(MarketRegistry markets) {
        this.markets = Objects.requireNonNull(markets, "markets");
    }

    MarketSpec spec(long marketId) {
        MarketSpec recent = last;
        if (recent != null && recent.marketId() == marketId) {
            return recent;
        }
        MarketSpec spec = cache.get(marketId);
        if (spec == null) {
            spec = markets.find(marketId).orElseGet(() -> MarketSpec.defaults(Math.max(0, marketId)));
            if (cache.size() < 10_000) {
                cache.put(marketId, spec);
            }
        }
        last = spec;
        return spec;
    }
}
