package io.hyperperp.core.market;

import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongFunction;

/**
 * The configured markets and the rule for market ids nobody configured.
 *
 * <p>Immutable and thread-safe: the API edge uses it to parse decimal strings while the engine
 * thread uses it to open books. Unknown market ids get a spec from the default template (the
 * seed's "no changes needed for new market IDs"), unless {@link #strict} refuses them.
 */
public final class MarketRegistry {

    /** Specs derived for unknown ids are kept (up to this many) so a lookup does not rebuild one. */
    private static final int MAX_DERIVED = 10_000;
    /**
     * Markets the engine opens for unknown ids unless configured otherwise: enough for a seed-style
     * exchange, small enough that ids chosen by clients cannot grow the books, snapshots and per-market
     * scans without bound.
     */
    public static final int DEFAULT_MAX_UNKNOWN_MARKETS = 256;

    private final Map<Long, MarketSpec> configured;
    private final LongFunction<MarketSpec> template;
    private final boolean strict;
    /** Decimals of collateral amounts (6, like the chain's USDC, unless configured). */
    private final int collateralDecimals;
    /** How many markets the engine may open for ids that are not configured. */
    private final int maxUnknownMarkets;
    private final ConcurrentHashMap<Long, MarketSpec> derived =
            new ConcurrentHashMap<>();

    private MarketRegistry(Map<Long, MarketSpec> configured, LongFunction<MarketSpec> template, boolean strict) {
        this(configured, template, strict, io.hyperperp.core.risk.RiskSettings.DEFAULTS.collateralDecimals(),
                DEFAULT_MAX_UNKNOWN_MARKETS);
    }

    private MarketRegistry(Map<Long, MarketSpec> configured, LongFunction<MarketSpec> template, boolean strict,
                           int collateralDecimals, int maxUnknownMarkets) {
        if (collateralDecimals < 0 || collateralDecimals > 18) {
            throw new IllegalArgumentException("collateral_decimals must be in [0, 18]: " + collateralDecimals);
        }
        if (maxUnknownMarkets < 0) {
            throw new IllegalArgumentException("max_unknown_markets must not be negative: " + maxUnknownMarkets);
        }
        this.maxUnknownMarkets = maxUnknownMarkets;
        this.configured = Collections.unmodifiableMap(new TreeMap<>(configured));
        this.template = template;
        this.strict = strict;
        this.collateralDecimals = collateralDecimals;
    }

    /** Every market id allowed, each with {@link MarketSpec#defaults(long)}. */
    public static MarketRegistry defaults() {
        return new MarketRegistry(Map.of(), MarketSpec::defaults, false);
    }

    /**
     * A registry of the given markets.
     *
     * @param markets the configured specs
     * @param allowUnknownMarkets whether unknown ids get a spec derived from {@code template}
     * @param template spec template for unknown ids (its id and symbol are replaced)
     */
    public static MarketRegistry of(Collection<MarketSpec> markets, boolean allowUnknownMarkets, MarketSpec template) {
        Map<Long, MarketSpec> byId = new TreeMap<>();
        for (MarketSpec spec : markets) {
            if (byId.put(spec.marketId(), spec) != null) {
                throw new IllegalArgumentException("market " + spec.marketId() + " configured twice");
            }
        }
        MarketSpec base = template == null ? MarketSpec.defaults(0) : template;
        return new MarketRegistry(byId, id -> base.withId(id, "MARKET-" + id), !allowUnknownMarkets);
    }

    /** The spec for a market id, or empty if the id is unknown and unknown ids are refused. */
    public Optional<MarketSpec> find(long marketId) {
        MarketSpec spec = configured.get(marketId);
        if (spec != null) {
            return Optional.of(spec);
        }
        if (strict || marketId < 0) {
            return Optional.empty();
        }
        MarketSpec known = derived.get(marketId);
        if (known != null) {
            return Optional.of(known);
        }
        MarketSpec made = template.apply(marketId);
        if (derived.size() < MAX_DERIVED) {
            derived.putIfAbsent(marketId, made);
        }
        return Optional.of(made);
    }

    /**
     * The same registry with every market (configured or derived for unknown ids) set to the given
     * margin mode, keeping each market's other risk settings: how {@code replay --margin cross}
     * turns margin on for a log whose markets file does not.
     */
    public MarketRegistry withMargin(io.hyperperp.core.risk.MarginMode mode) {
        Map<Long, MarketSpec> changed = new TreeMap<>();
        configured.forEach((id, spec) -> changed.put(id, spec.withRisk(spec.risk().withMargin(mode))));
        LongFunction<MarketSpec> base = template;
        return new MarketRegistry(changed, id -> {
            MarketSpec spec = base.apply(id);
            return spec.withRisk(spec.risk().withMargin(mode));
        }, strict, collateralDecimals, maxUnknownMarkets);
    }

    /**
     * The same registry with collateral amounts (deposits, withdrawals, balances, PnL, fees) of
     * {@code decimals} decimals: the markets file's {@code collateral_decimals}.
     */
    public MarketRegistry withCollateralDecimals(int decimals) {
        return new MarketRegistry(configured, template, strict, decimals, maxUnknownMarkets);
    }

    /**
     * The same registry opening at most {@code max} markets for ids that are not configured (the
     * markets file's {@code max_unknown_markets}, the server's {@code server.max_unknown_markets});
     * past it the engine rejects such an id as {@code TOO_MANY_MARKETS}.
     */
    public MarketRegistry withMaxUnknownMarkets(int max) {
        return new MarketRegistry(configured, template, strict, collateralDecimals, max);
    }

    /** How many markets the engine may open for ids that are not configured. */
    public int maxUnknownMarkets() {
        return maxUnknownMarkets;
    }

    /** True when {@code marketId} is one of the configured markets (those never count against the bound). */
    public boolean isConfigured(long marketId) {
        return configured.containsKey(marketId);
    }

    /** Decimals of collateral amounts: 6 (the chain's USDC) unless configured. */
    public int collateralDecimals() {
        return collateralDecimals;
    }

    /** The explicitly configured markets, by id. */
    public Collection<MarketSpec> configured() {
        return configured.values();
    }

    /** True when unknown market ids are refused. */
    public boolean strict() {
        return strict;
    }
}
