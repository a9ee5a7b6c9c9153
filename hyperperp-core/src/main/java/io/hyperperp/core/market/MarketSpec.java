package io.hyperperp.core.market;

import io.hyperperp.core.command.StoredText;
import io.hyperperp.core.decimal.FixedPoint;
import io.hyperperp.core.order.StpMode;
import io.hyperperp.core.risk.RiskSpec;

/**
 * The trading rules of one market. Prices and sizes are scaled longs: a price of 30000.0 with
 * {@code priceDecimals = 8} is {@code 3_000_000_000_000L}.
 *
 * @param marketId           market id (u64 on chain; non-negative here)
 * @param symbol             display symbol, e.g. "BTC-USD": 1 to 64 characters, no control or format character
 * @param priceDecimals      decimals of prices and quote amounts (on-chain PX_SCALE is 8)
 * @param sizeDecimals       decimals of sizes
 * @param tickSize           scaled price increment; every price is a multiple of it
 * @param lotSize            scaled size increment; every size is a multiple of it
 * @param minSize            smallest scaled order size
 * @param maxSize            largest scaled order size
 * @param priceBandBps       limit prices further than this from the last trade are refused; 0 = no band
 * @param makerFeeBps        fee of the resting side in basis points; negative is a rebate
 * @param takerFeeBps        fee of the taking side in basis points
 * @param maxSlippageBps     how far from the best opposite price a market order may fill
 * @param defaultStp         self-trade prevention used when an order does not name one
 * @param risk               margin mode, margin fractions, leverage, liquidation fee and funding
 *                           settings ({@link RiskSpec#NONE}: no margin)
 */
public record MarketSpec(
        long marketId,
        String symbol,
        int priceDecimals,
        int sizeDecimals,
        long tickSize,
        long lotSize,
        long minSize,
        long maxSize,
        int priceBandBps,
        int makerFeeBps,
        int takerFeeBps,
        int maxSlippageBps,
        StpMode defaultStp,
        RiskSpec risk) {

    /** Basis points in one: 10,000. */
    public static final int BPS = 10_000;

    /** Longest symbol, in UTF-16 units. */
    public static final int MAX_SYMBOL_LENGTH = 64;

    /** Validates the spec; every rule is checked so a bad configuration fails at start-up. */
    public MarketSpec {
        if (marketId < 0) {
            throw new IllegalArgumentException("market_id must be >= 0: " + marketId);
        }
        if (symbol == null || symbol.isBlank()) {
            throw new IllegalArgumentException("symbol must not be empty (market " + marketId + ")");
        }
        if (!StoredText.isValid(symbol, MAX_SYMBOL_LENGTH)) {
            // stored with the market's row: a control character failed every commit naming the market
            throw new IllegalArgumentException("symbol must be at most " + MAX_SYMBOL_LENGTH
                    + " characters, none of them a control or format character (market " + marketId + ")");
        }
        if (priceDecimals < 0 || priceDecimals > 18 || sizeDecimals < 0 || sizeDecimals > 18) {
            throw new IllegalArgumentException("price and size decimals must be in [0, 18] (market " + marketId + ")");
        }
        if (tickSize <= 0 || lotSize <= 0) {
            throw new IllegalArgumentException("tick_size and lot_size must be positive (market " + marketId + ")");
        }
        if (minSize <= 0 || maxSize < minSize || minSize % lotSize != 0) {
            throw new IllegalArgumentException(
                    "need 0 < min_size <= max_size and min_size a multiple of lot_size (market " + marketId + ")");
        }
        if (priceBandBps < 0 || priceBandBps >= BPS) {
            throw new IllegalArgumentException("price_band_bps must be in [0, 10000) (market " + marketId + ")");
        }
        if (Math.abs(makerFeeBps) > 1_000 || takerFeeBps < 0 || takerFeeBps > 1_000) {
            throw new IllegalArgumentException(
                    "fees must be within 1000 bps, taker fee >= 0 (market " + marketId + ")");
        }
        if (-makerFeeBps > takerFeeBps) {
            throw new IllegalArgumentException("maker rebate exceeds taker fee (market " + marketId + ")");
        }
        if (maxSlippageBps <= 0 || maxSlippageBps >= BPS) {
            throw new IllegalArgumentException("max_slippage_bps must be in (0, 10000) (market " + marketId + ")");
        }
        if (defaultStp == null) {
            throw new IllegalArgumentException("default_stp must be set (market " + marketId + ")");
        }
        if (risk == null) {
            throw new IllegalArgumentException("risk settings must be set (market " + marketId + ")");
        }
    }

    /** A market without margin ({@link RiskSpec#NONE}). */
    public MarketSpec(long marketId, String symbol, int priceDecimals, int sizeDecimals, long tickSize, long lotSize,
                      long minSize, long maxSize, int priceBandBps, int makerFeeBps, int takerFeeBps,
                      int maxSlippageBps, StpMode defaultStp) {
        this(marketId, symbol, priceDecimals, sizeDecimals, tickSize, lotSize, minSize, maxSize, priceBandBps,
                makerFeeBps, takerFeeBps, maxSlippageBps, defaultStp, RiskSpec.NONE);
    }

    /**
     * The spec given to a market id seen for the first time when no spec is configured: 8 price and
     * 8 size decimals (the on-chain {@code PX_SCALE}), tick 0.01, lot 0.0001, sizes 0.0001 to
     * 1,000,000, no price band, maker 2 bps, taker 5 bps, 5% market-order slippage (the seed's
     * {@code max_price_slippage}), no self-trade prevention.
     */
    public static MarketSpec defaults(long marketId) {
        return new MarketSpec(marketId, "MARKET-" + marketId, 8, 8,
                1_000_000L, 10_000L, 10_000L, 1_000_000L * FixedPoint.powerOfTen(8),
                0, 2, 5, 500, StpMode.NONE);
    }

    /** Returns a copy with another id and symbol (used to derive specs for unknown markets). */
    public MarketSpec withId(long id, String newSymbol) {
        return new MarketSpec(id, newSymbol, priceDecimals, sizeDecimals, tickSize, lotSize, minSize, maxSize,
                priceBandBps, makerFeeBps, takerFeeBps, maxSlippageBps, defaultStp, risk);
    }

    /** Returns a copy with other risk settings. */
    public MarketSpec withRisk(RiskSpec newRisk) {
        return new MarketSpec(marketId, symbol, priceDecimals, sizeDecimals, tickSize, lotSize, minSize, maxSize,
                priceBandBps, makerFeeBps, takerFeeBps, maxSlippageBps, defaultStp, newRisk);
    }

    /** True when the market is margined ({@code margin: cross}). */
    public boolean margined() {
        return risk.enabled();
    }
}
