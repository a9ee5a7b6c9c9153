package io.hyperperp.core.reference;

import io.hyperperp.core.command.AdvanceTime;
import io.hyperperp.core.command.Command;
import io.hyperperp.core.market.MarketRegistry;
import io.hyperperp.core.market.MarketSpec;
import io.hyperperp.core.order.StpMode;
import java.util.List;
import java.util.Random;

/**
 * Seeded generator of plausible and implausible commands. It looks at a {@link ReferenceModel}
 * (read-only) to aim cancels and amends at real orders, reduce-only orders at real positions and
 * prices at the live book, so that fills, self-trades, reduce-only cuts and expiries are common.
 *
 * <p>The kinds of command are drawn by {@link RandomPlaces}, {@link RandomConditionals} and
 * {@link RandomCancelsAndAmends}, from the state and common draws of {@link RandomDraws}.
 */
public final class RandomCommands {

    /** Market ids used by the generator. */
    public static final long BAND_MARKET = 1;
    public static final long REBATE_MARKET = 2;
    public static final long CANCEL_MAKER_MARKET = 3;
    /** Sizes up to 3·2^61: two orders can pass 2^63 in a position or a level total. */
    public static final long HUGE_SIZE_MARKET = 4;
    /** Prices within a few ticks of 2^63 - 1. */
    public static final long TOP_PRICE_MARKET = 5;
    /** Not configured: gets the registry's template (or is refused by a strict registry). */
    public static final long UNCONFIGURED_MARKET = 7;
    /**
     * More ids nobody configured, each named rarely: with {@link #UNCONFIGURED_MARKET} five such ids against a bound of
     * {@link #MAX_UNKNOWN_MARKETS}, so the first three named open markets and the others are {@code TOO_MANY_MARKETS}.
     */
    static final long[] MORE_UNCONFIGURED_MARKETS = {8, 9, 10, 11};
    /** Markets the registry opens for ids it does not configure. */
    static final int MAX_UNKNOWN_MARKETS = 3;
    /** Always unknown: negative ids are never valid. */
    public static final long NEGATIVE_MARKET = -5;

    /** The configured markets. */
    public static List<MarketSpec> specs() {
        return List.of(
                // 2% band around the last trade, 8/8 decimals, tick 0.01, lot 0.0001.
                new MarketSpec(BAND_MARKET, "BAND-USD", 8, 8, 1_000_000L, 10_000L, 100_000L, 10_000_000_000L,
                        200, 2, 5, 300, StpMode.NONE),
                // Maker rebate, 4 price / 3 size decimals, default STP cancel_both.
                new MarketSpec(REBATE_MARKET, "REBATE-USD", 4, 3, 5L, 10L, 20L, 50_000L,
                        0, -3, 7, 100, StpMode.CANCEL_BOTH),
                // Default STP cancel_maker, whole-unit sizes.
                new MarketSpec(CANCEL_MAKER_MARKET, "CM-USD", 2, 0, 5L, 1L, 2L, 1_000_000L,
                        0, 0, 10, 50, StpMode.CANCEL_MAKER),
                // 18 size decimals so that notionals stay small while sizes approach 2^63.
                new MarketSpec(HUGE_SIZE_MARKET, "HUGE-USD", 2, 18, 1L, 1L, 1L, 3L << 61,
                        0, 2, 5, 500, StpMode.NONE),
                // Whole-unit prices at the top of the long range; a market buy's slippage bound passes it.
                new MarketSpec(TOP_PRICE_MARKET, "TOP-USD", 0, 1, 1L, 1L, 1L, 10L,
                        0, 2, 5, 500, StpMode.NONE));
    }

    /**
     * The registry: configured specs plus unknown ids from the default template (unless strict), at most
     * {@link #MAX_UNKNOWN_MARKETS} of them.
     */
    public static MarketRegistry registry(boolean strict) {
        return MarketRegistry.of(specs(), !strict, null).withMaxUnknownMarkets(MAX_UNKNOWN_MARKETS);
    }

    private final RandomDraws draws;
    private final Random rnd;
    private final RandomPlaces places;
    private final RandomConditionals conditionals;
    private final RandomCancelsAndAmends cancelsAndAmends;

    /** A generator for the given seed that reads the state of {@code model}. */
    public RandomCommands(long seed, ReferenceModel model) {
        this.draws = new RandomDraws(seed, model);
        this.rnd = draws.rnd;
        this.places = new RandomPlaces(draws);
        this.conditionals = new RandomConditionals(draws);
        this.cancelsAndAmends = new RandomCancelsAndAmends(draws);
    }

    /** The next command, at a timestamp a few microseconds after the previous one. */
    public Command next() {
        int step = rnd.nextInt(200);
        if (step == 0) {
            draws.now -= 1 + rnd.nextInt(100); // a late command: time goes back a little
        } else if (step < 25) {
            draws.now += 0; // same microsecond
        } else {
            draws.now += 1 + rnd.nextInt(40);
        }
        int pick = rnd.nextInt(100);
        if (pick < 50) {
            return places.place();
        }
        if (pick < 56) {
            return conditionals.place();
        }
        if (pick < 58) {
            return conditionals.change();
        }
        if (pick < 73) {
            return cancelsAndAmends.cancel();
        }
        if (pick < 75) {
            return cancelsAndAmends.cancelAll();
        }
        if (pick == 99 && rnd.nextInt(4) == 0) {
            // the runtime's clock on an idle engine: time jumps and only expiry happens
            draws.now += 1 + rnd.nextInt(3_000);
            return new AdvanceTime(draws.now);
        }
        return cancelsAndAmends.amend();
    }
}
