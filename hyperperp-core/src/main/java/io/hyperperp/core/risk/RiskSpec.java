package io.hyperperp.core.risk;

/**
 * The margin, liquidation and funding rules of one market (part of its
 * {@link io.hyperperp.core.market.MarketSpec}).
 *
 * <p>Initial margin fraction = max(1 / leverage, {@code imrBps} / 10⁴); maintenance fraction =
 * {@code mmrBps} / 10⁴, which must be below every initial fraction the market allows, so
 * {@code mmrBps < imrBps} and {@code mmrBps × maxLeverage < 10⁴}.
 *
 * @param margin            {@link MarginMode#CROSS} or {@link MarginMode#NONE}
 * @param imrBps            minimum initial margin fraction in basis points (seed registry field {@code imr_bps})
 * @param mmrBps            maintenance margin fraction in basis points (seed field {@code mmr_bps})
 * @param maxLeverage       highest leverage a user may set (seed field {@code max_leverage})
 * @param defaultLeverage   leverage of a user who never set one
 * @param liquidationFeeBps fee on a liquidation fill's notional, paid to the insurance fund
 * @param maxFundingRate    largest |rate| {@code apply_funding} accepts, in units of 10⁻⁸ per interval
 * @param fundingIntervalSeconds the funding interval the operator applies rates on (informational:
 *                          the engine has no clock, the rate of each {@code apply_funding} is for one interval)
 */
public record RiskSpec(MarginMode margin, int imrBps, int mmrBps, int maxLeverage, int defaultLeverage,
                       int liquidationFeeBps, long maxFundingRate, long fundingIntervalSeconds) {

    /** Scale of funding rates: a rate of 1 is 10⁻⁸ per interval (0.01% is 10,000). */
    public static final long FUNDING_RATE_SCALE = 100_000_000L;

    /** Basis points in one. */
    private static final int BPS = 10_000;

    /** No margin; the other values are the seed README's example and unused. */
    public static final RiskSpec NONE = new RiskSpec(MarginMode.NONE, 500, 300, 20, 10, 50, 1_000_000L, 3_600);

    /**
     * Cross margin with the given registry fields, leverage 10 by default (or {@code maxLeverage}
     * if lower), a 0.5% liquidation fee, funding rates up to 1% per hourly interval.
     */
    public static RiskSpec cross(int imrBps, int mmrBps, int maxLeverage) {
        return new RiskSpec(MarginMode.CROSS, imrBps, mmrBps, maxLeverage, Math.min(10, maxLeverage), 50,
                1_000_000L, 3_600);
    }

    /** Validates; a bad configuration fails at start-up with the field named. */
    public RiskSpec {
        if (margin == null) {
            throw new IllegalArgumentException("margin must be cross or none");
        }
        if (imrBps <= 0 || imrBps > BPS) {
            throw new IllegalArgumentException("imr_bps must be in (0, 10000]: " + imrBps);
        }
        if (mmrBps <= 0 || mmrBps >= imrBps) {
            throw new IllegalArgumentException("mmr_bps must be positive and below imr_bps: " + mmrBps);
        }
        if (maxLeverage < 1 || maxLeverage > 1_000) {
            throw new IllegalArgumentException("max_leverage must be in [1, 1000]: " + maxLeverage);
        }
        if ((long) mmrBps * maxLeverage >= BPS) {
            throw new IllegalArgumentException(
                    "mmr_bps must be below the initial fraction at max_leverage (mmr_bps x max_leverage < 10000)");
        }
        if (defaultLeverage < 1 || defaultLeverage > maxLeverage) {
            throw new IllegalArgumentException("default_leverage must be in [1, max_leverage]: " + defaultLeverage);
        }
        if (liquidationFeeBps < 0 || liquidationFeeBps >= BPS) {
            throw new IllegalArgumentException("liquidation_fee_bps must be in [0, 10000): " + liquidationFeeBps);
        }
        if (maxFundingRate < 0 || maxFundingRate > FUNDING_RATE_SCALE) {
            throw new IllegalArgumentException("max_funding_rate must be in [0, 1]");
        }
        if (fundingIntervalSeconds <= 0) {
            throw new IllegalArgumentException("funding_interval_seconds must be positive");
        }
    }

    /** The same settings with another margin mode. */
    public RiskSpec withMargin(MarginMode mode) {
        return new RiskSpec(mode, imrBps, mmrBps, maxLeverage, defaultLeverage, liquidationFeeBps, maxFundingRate,
                fundingIntervalSeconds);
    }

    /** True when the market is margined. */
    public boolean enabled() {
        return margin == MarginMode.CROSS;
    }
}
